/**
 * The `gateways/istio-ingress` and `gateways/istio-egress` charts ("Ingress gateways", "Egress
 * gateways") as the default and demo profiles render them: the gateway's ServiceAccount,
 * Deployment (`proxy router` in the proxyv2 image) and Service (LoadBalancer for ingress,
 * ClusterIP for egress). Roles, RoleBindings, the HPA and the PodDisruptionBudget are left out:
 * the simulated API server does not serve those kinds.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import type { InstallValues } from './index.ts';
import {
	chartLabels,
	fieldEnv,
	ISTIO_NAMESPACE,
	istioImage,
	objectMeta,
	ownerLabels,
	type ComponentName
} from './labels.ts';
import { profileValues } from './profiles.ts';

interface GatewayPort {
	readonly port: number;
	readonly targetPort: number;
	readonly name: string;
}

interface GatewayChart {
	readonly name: string;
	readonly component: ComponentName;
	readonly chart: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly type: 'LoadBalancer' | 'ClusterIP';
	readonly ports: readonly GatewayPort[];
}

const port = (p: number, targetPort: number, name: string): GatewayPort => ({
	port: p,
	targetPort,
	name
});

/** istio-ingress values.yaml; demo.yaml replaces the list with two more ports. */
function ingressPorts(demo: boolean): GatewayPort[] {
	return [
		port(15021, 15021, 'status-port'),
		port(80, 8080, 'http2'),
		port(443, 8443, 'https'),
		...(demo ? [port(31400, 31400, 'tcp'), port(15443, 15443, 'tls')] : [])
	];
}

const INGRESS = (demo: boolean): GatewayChart => ({
	name: 'istio-ingressgateway',
	component: 'IngressGateways',
	chart: 'istio-ingress',
	labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
	type: 'LoadBalancer',
	ports: ingressPorts(demo)
});

const EGRESS: GatewayChart = {
	name: 'istio-egressgateway',
	component: 'EgressGateways',
	chart: 'istio-egress',
	labels: { app: 'istio-egressgateway', istio: 'egressgateway' },
	type: 'ClusterIP',
	ports: [port(80, 8080, 'http2'), port(443, 8443, 'https')]
};

function objectLabels(g: GatewayChart): Record<string, string> {
	return {
		...g.labels,
		release: g.name,
		...ownerLabels(g.component),
		'app.kubernetes.io/name': g.name,
		...chartLabels(g.name, g.chart)
	};
}

function podLabels(g: GatewayChart): Record<string, string> {
	return {
		...g.labels,
		heritage: 'Tiller',
		release: 'istio',
		chart: 'gateways',
		'service.istio.io/canonical-name': g.name,
		'service.istio.io/canonical-revision': 'latest',
		...ownerLabels(g.component),
		'sidecar.istio.io/inject': 'false',
		'app.kubernetes.io/name': g.name,
		'istio.io/dataplane-mode': 'none',
		...chartLabels(g.name, g.chart)
	};
}

function proxyContainer(
	g: GatewayChart,
	values: InstallValues,
	namespace = ISTIO_NAMESPACE
): Record<string, unknown> {
	return {
		name: 'istio-proxy',
		image: istioImage('proxyv2', values.profile.variant),
		ports: [
			...g.ports.map((p) => ({ containerPort: p.targetPort, protocol: 'TCP' })),
			{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }
		],
		args: [
			'proxy',
			'router',
			'--domain',
			'$(POD_NAMESPACE).svc.cluster.local',
			'--proxyLogLevel=warning',
			'--proxyComponentLogLevel=misc:error',
			'--log_output_level=default:info'
		],
		securityContext: {
			allowPrivilegeEscalation: false,
			capabilities: { drop: ['ALL'] },
			privileged: false,
			readOnlyRootFilesystem: true
		},
		readinessProbe: {
			failureThreshold: 30,
			httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
			initialDelaySeconds: 1,
			periodSeconds: 2,
			successThreshold: 1,
			timeoutSeconds: 1
		},
		resources: {
			limits: { cpu: '2000m', memory: '1024Mi' },
			requests:
				values.profile.profile === 'demo'
					? { cpu: '10m', memory: '40Mi' }
					: { cpu: '100m', memory: '128Mi' }
		},
		env: [
			{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
			{ name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
			fieldEnv('NODE_NAME', 'spec.nodeName'),
			fieldEnv('POD_NAME', 'metadata.name'),
			fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
			fieldEnv('INSTANCE_IP', 'status.podIP'),
			fieldEnv('HOST_IP', 'status.hostIP'),
			{
				name: 'ISTIO_CPU_LIMIT',
				valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } }
			},
			{
				name: 'SERVICE_ACCOUNT',
				valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } }
			},
			{ name: 'ISTIO_META_WORKLOAD_NAME', value: g.name },
			{
				name: 'ISTIO_META_OWNER',
				value: `kubernetes://apis/apps/v1/namespaces/${namespace}/deployments/${g.name}`
			},
			{ name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
			{ name: 'TRUST_DOMAIN', value: 'cluster.local' },
			{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
			...Object.entries(values.profile.proxyMetadata).map(([name, value]) => ({ name, value })),
			{ name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
			{ name: 'ISTIO_META_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }
		]
	};
}

function gatewayObjects(g: GatewayChart, values: InstallValues): KubeObject[] {
	const labels = objectLabels(g);
	return [
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: objectMeta(`${g.name}-service-account`, labels)
		},
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: objectMeta(g.name, { ...labels, 'istio.io/dataplane-mode': 'none' }),
			spec: {
				selector: { matchLabels: { ...g.labels } },
				strategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
				template: {
					metadata: {
						labels: podLabels(g),
						annotations: {
							'istio.io/rev': 'default',
							'prometheus.io/port': '15020',
							'prometheus.io/scrape': 'true',
							'prometheus.io/path': '/stats/prometheus',
							'sidecar.istio.io/inject': 'false'
						}
					},
					spec: {
						securityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
						serviceAccountName: `${g.name}-service-account`,
						containers: [proxyContainer(g, values)]
					}
				}
			}
		},
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: objectMeta(g.name, labels),
			spec: {
				type: g.type,
				selector: { ...g.labels },
				ports: g.ports.map((p) => ({
					name: p.name,
					port: p.port,
					protocol: 'TCP',
					targetPort: p.targetPort
				}))
			}
		}
	];
}

export function ingressGatewayObjects(values: InstallValues): KubeObject[] {
	return gatewayObjects(INGRESS(values.profile.profile === 'demo'), values);
}

export function egressGatewayObjects(values: InstallValues): KubeObject[] {
	return gatewayObjects(EGRESS, values);
}

/**
 * The `gateway` chart (manifests/charts/gateway, what `helm install istio-ingress istio/gateway`
 * renders): ServiceAccount, Deployment and Service named after the release, labelled `app` and
 * `istio` from the name (`istio-ingress` → `istio: ingress`), Service ports 15021, 80 and 443 to
 * the same target ports. The real pod template asks the injector for its `gateway` template
 * (`image: auto`); the playground renders that proxy container here instead, so the pod opts out
 * of injection.
 */
export function helmGatewayObjects(name: string, namespace: string, type: string): KubeObject[] {
	const selector = { app: name, istio: name.replace(/^istio-/, '') };
	const g: GatewayChart = {
		name,
		component: 'IngressGateways',
		chart: 'gateway',
		labels: selector,
		type: type === 'ClusterIP' ? 'ClusterIP' : 'LoadBalancer',
		ports: [port(15021, 15021, 'status-port'), port(80, 80, 'http2'), port(443, 443, 'https')]
	};
	const labels = {
		'app.kubernetes.io/name': name,
		...chartLabels(name, 'gateway'),
		...selector,
		'istio.io/dataplane-mode': 'none'
	};
	const values: InstallValues = { meshConfig: {}, profile: profileValues('default') };
	return [
		{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: objectMeta(name, labels, namespace) },
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: objectMeta(name, labels, namespace),
			spec: {
				selector: { matchLabels: { ...selector } },
				template: {
					metadata: {
						annotations: {
							'prometheus.io/port': '15020',
							'prometheus.io/scrape': 'true',
							'prometheus.io/path': '/stats/prometheus',
							'inject.istio.io/templates': 'gateway'
						},
						labels: { 'sidecar.istio.io/inject': 'false', ...labels }
					},
					spec: {
						serviceAccountName: name,
						securityContext: {
							sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]
						},
						containers: [proxyContainer(g, values, namespace)]
					}
				}
			}
		},
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: objectMeta(name, labels, namespace),
			spec: {
				type: g.type,
				selector: { ...selector },
				ports: g.ports.map((p) => ({
					name: p.name,
					port: p.port,
					protocol: 'TCP',
					targetPort: p.targetPort
				}))
			}
		}
	];
}
