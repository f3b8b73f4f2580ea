/**
 * Istio's `samples/tcp-echo/*` (istio/istio 1.30.3 samples, without their license headers): the
 * one-Deployment `tcp-echo.yaml` of the TCP authorization task, the v1/v2 `tcp-echo-services.yaml`
 * of TCP traffic shifting with its classic (`tcp-echo-all-v1.yaml`, `tcp-echo-20-v2.yaml`) and
 * Gateway API (`gateway-api/…`) routes. Port 9002 is left out of the Service on purpose.
 */

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: tcp-echo
  labels:
    app: tcp-echo
    service: tcp-echo
spec:
  ports:
  - name: tcp
    port: 9000
  - name: tcp-other
    port: 9001
  # Port 9002 is omitted intentionally for testing the pass through filter chain.
  selector:
    app: tcp-echo
`;

const deployment = (
	name: string,
	version: string,
	prefix: string,
	labels = ''
): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${labels}spec:
  replicas: 1
  selector:
    matchLabels:
      app: tcp-echo
      version: ${version}
  template:
    metadata:
      labels:
        app: tcp-echo
        version: ${version}
    spec:
      containers:
      - name: tcp-echo
        image: registry.istio.io/release/tcp-echo-server:1.3
        imagePullPolicy: IfNotPresent
        args: [ "9000,9001,9002", "${prefix}" ]
        ports:
        - containerPort: 9000
        - containerPort: 9001
`;

const versionLabels = (version: string): string => `  labels:
    app: tcp-echo
    version: ${version}
`;

export const TCP_ECHO_YAML = `################################################################################
# tcp-echo service
################################################################################
${SERVICE}---
${deployment('tcp-echo', 'v1', 'hello')}`;

export const TCP_ECHO_SERVICES_YAML = `${SERVICE}---
${deployment('tcp-echo-v1', 'v1', 'one', versionLabels('v1'))}---
${deployment('tcp-echo-v2', 'v2', 'two', versionLabels('v2'))}`;

const CLASSIC_GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: tcp-echo-gateway
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 31400
      name: tcp
      protocol: TCP
    hosts:
    - "*"
`;

const classicRoute = (destinations: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: tcp-echo
spec:
  hosts:
  - "*"
  gateways:
  - tcp-echo-gateway
  tcp:
  - match:
    - port: 31400
    route:
${destinations}`;

const classicDestination = (subset: string, weight?: number): string => `    - destination:
        host: tcp-echo
        port:
          number: 9000
        subset: ${subset}
${weight === undefined ? '' : `      weight: ${weight}\n`}`;

export const TCP_ECHO_ALL_V1_YAML = `${CLASSIC_GATEWAY}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: tcp-echo-destination
spec:
  host: tcp-echo
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
---
${classicRoute(classicDestination('v1'))}`;

export const TCP_ECHO_20_V2_YAML = classicRoute(
	classicDestination('v1', 80) + classicDestination('v2', 20)
);

const versionService = (version: string): string => `apiVersion: v1
kind: Service
metadata:
  name: tcp-echo-${version}
spec:
  ports:
  - port: 9000
    name: tcp
  selector:
    app: tcp-echo
    version: ${version}
`;

const tcpRoute = (backends: string): string => `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: tcp-echo
spec:
  parentRefs:
  - name: tcp-echo-gateway
    sectionName: tcp-31400
  rules:
  - backendRefs:
${backends}`;

const backend = (version: string, weight?: number): string => `    - name: tcp-echo-${version}
      port: 9000
${weight === undefined ? '' : `      weight: ${weight}\n`}`;

export const GATEWAY_API_TCP_ECHO_ALL_V1_YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: tcp-echo-gateway
spec:
  gatewayClassName: istio
  listeners:
  - name: tcp-31400
    protocol: TCP
    port: 31400
    allowedRoutes:
      kinds:
      - kind: TCPRoute
---
${versionService('v1')}---
${versionService('v2')}---
${tcpRoute(backend('v1'))}`;

export const GATEWAY_API_TCP_ECHO_20_V2_YAML = tcpRoute(backend('v1', 80) + backend('v2', 20));

export const TCP_ECHO_FILES: Readonly<Record<string, string>> = {
	'samples/tcp-echo/tcp-echo.yaml': TCP_ECHO_YAML,
	'samples/tcp-echo/tcp-echo-services.yaml': TCP_ECHO_SERVICES_YAML,
	'samples/tcp-echo/tcp-echo-all-v1.yaml': TCP_ECHO_ALL_V1_YAML,
	'samples/tcp-echo/tcp-echo-20-v2.yaml': TCP_ECHO_20_V2_YAML,
	'samples/tcp-echo/gateway-api/tcp-echo-all-v1.yaml': GATEWAY_API_TCP_ECHO_ALL_V1_YAML,
	'samples/tcp-echo/gateway-api/tcp-echo-20-v2.yaml': GATEWAY_API_TCP_ECHO_20_V2_YAML
};
