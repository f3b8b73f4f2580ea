/**
 * What istiod's gateway deployment controller creates for a Gateway: a ServiceAccount, a
 * Deployment and a Service named after it. Mirrors istio
 * pilot/pkg/config/kube/gateway/deploymentcontroller.go (`getDefaultName`, `extractServicePorts`,
 * service type from `networking.istio.io/service-type`) and the chart templates
 * istio-discovery/files/waypoint.yaml (`proxy waypoint`) and kube-gateway.yaml (`proxy router`).
 *
 * The proxy program tells its role from the container: image `istio/proxyv2`, container
 * `istio-proxy`, args `proxy waypoint` (class istio-waypoint) or `proxy router` (class istio),
 * as Istio's own templates run it. istiod pushes it its config on the pod's xDS stream.
 */
import type { KubeObject } from '../api/objects.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';
import { ISTIO_HUB, ISTIO_VERSION } from '../istio/version.ts';
import type { IstiodSettings } from './install-settings.ts';
import {
	GATEWAY_CLASS_LABEL,
	GATEWAY_MANAGED,
	GATEWAY_NAME_LABEL,
	MESH_CONTROLLER_LABEL,
	WAYPOINT_CLASS,
	waypointServiceName
} from './waypoints.ts';
import { obj } from '../json.ts';

export const PROXY_IMAGE = `${ISTIO_HUB}/proxyv2:${ISTIO_VERSION}`;
export const PROXY_CONTAINER = 'istio-proxy';
export const GATEWAY_CONTROLLER_LABEL = 'istio.io-gateway-controller';
/** constants.ManagedGatewayEastWestControllerLabel. */
export const EAST_WEST_CONTROLLER_LABEL = 'istio.io-eastwest-controller';
/** constants.EastWestGatewayClassName (as gateway-status.ts's EAST_WEST_CLASS). */
const EAST_WEST_CLASS = 'istio-east-west';
export const NETWORK_LABEL = 'topology.istio.io/network';
/** Gateway annotation choosing the Service type (`ClusterIP`, `NodePort`, `LoadBalancer`). */
export const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

/** Annotations the templates never copy from the Gateway. */
const OMITTED = new Set([
	'kubectl.kubernetes.io/last-applied-configuration',
	'gateway.istio.io/name-override',
	'gateway.istio.io/service-account',
	'gateway.istio.io/controller-version'
]);

type Obj = Record<string, unknown>;

export const isWaypointGateway = (gw: KubeObject): boolean =>
	obj(gw['spec'])['gatewayClassName'] === WAYPOINT_CLASS;

/** An ambient east-west gateway: the waypoint template, its own controller label (classinfo.go). */
export const isEastWestGateway = (gw: KubeObject): boolean =>
	obj(gw['spec'])['gatewayClassName'] === EAST_WEST_CLASS;

/**
 * getDefaultName: a waypoint is named as its Gateway, an east-west gateway too
 * (DisableNameSuffix), other classes `<gateway>-<class>`.
 */
export function gatewayDeploymentName(gw: KubeObject): string {
	const override = gw.metadata.annotations?.['gateway.istio.io/name-override'];
	if (override) return override;
	if (isWaypointGateway(gw)) return waypointServiceName(gw);
	if (isEastWestGateway(gw)) return gw.metadata.name;
	return `${gw.metadata.name}-${String(obj(gw['spec'])['gatewayClassName'] ?? '')}`;
}

export function gatewayServiceType(gw: KubeObject): string {
	const t = gw.metadata.annotations?.[SERVICE_TYPE_ANNOTATION];
	if (t) return t;
	return isWaypointGateway(gw) ? 'ClusterIP' : 'LoadBalancer';
}

/** extractServicePorts: status-port 15021, then one port per distinct listener port. */
export function gatewayServicePorts(gw: KubeObject): Obj[] {
	const ports: Obj[] = [{ name: 'status-port', port: 15021, protocol: 'TCP', appProtocol: 'tcp' }];
	const seen = new Set<number>();
	const listeners = obj(gw['spec'])['listeners'];
	(Array.isArray(listeners) ? listeners : []).forEach((raw, i) => {
		const l = obj(raw);
		const port = typeof l['port'] === 'number' ? l['port'] : undefined;
		if (port === undefined || seen.has(port)) return;
		seen.add(port);
		const protocol = String(l['protocol'] ?? 'TCP').toLowerCase();
		const name = typeof l['name'] === 'string' && l['name'] ? l['name'] : `${protocol}-${i}`;
		ports.push({ name, port, protocol: 'TCP', appProtocol: protocol });
	});
	return ports;
}

function infrastructureAnnotations(gw: KubeObject): Record<string, string> {
	return Object.fromEntries(
		Object.entries(gw.metadata.annotations ?? {}).filter(([k]) => !OMITTED.has(k))
	);
}

function meta(
	gw: KubeObject,
	name: string,
	labels: Record<string, string>,
	annotations: Record<string, string> = infrastructureAnnotations(gw)
): KubeObject['metadata'] {
	return {
		name,
		namespace: gw.metadata.namespace ?? 'default',
		labels,
		...(Object.keys(annotations).length > 0 ? { annotations } : {}),
		ownerReferences: [
			{
				apiVersion: 'gateway.networking.k8s.io/v1',
				kind: 'Gateway',
				name: gw.metadata.name,
				uid: gw.metadata.uid
			}
		]
	} as KubeObject['metadata'];
}

/**
 * What the templates are rendered from: deploymentcontroller.go's TemplateInput, with the
 * labels it derives (setLabelOverrides, then the gateway name and class labels).
 */
interface TemplateInput {
	readonly gateway: KubeObject;
	/** The `waypoint` template (class istio-waypoint or istio-east-west). */
	readonly waypoint: boolean;
	readonly settings: IstiodSettings;
	readonly namespace: string;
	readonly deploymentName: string;
	readonly serviceAccount: string;
	/** On the ServiceAccount and Service. */
	readonly labels: Record<string, string>;
	/** On the Deployment and its pods: `labels` plus `gateway.istio.io/managed`. */
	readonly managedLabels: Record<string, string>;
}

function templateInput(gw: KubeObject, settings: IstiodSettings): TemplateInput {
	const eastWest = isEastWestGateway(gw);
	const waypoint = isWaypointGateway(gw) || eastWest;
	const name = gatewayDeploymentName(gw);
	const infra: Record<string, string> = { ...(gw.metadata.labels ?? {}) };
	// setLabelOverrides: ingress gateways opt out of ambient capture unless told otherwise.
	if (!waypoint && infra['istio.io/dataplane-mode'] === undefined)
		infra['istio.io/dataplane-mode'] = 'none';
	const labels = {
		...infra,
		[GATEWAY_NAME_LABEL]: gw.metadata.name,
		[GATEWAY_CLASS_LABEL]: String(obj(gw['spec'])['gatewayClassName'] ?? '')
	};
	return {
		gateway: gw,
		waypoint,
		settings,
		namespace: gw.metadata.namespace ?? 'default',
		deploymentName: name,
		serviceAccount: gw.metadata.annotations?.['gateway.istio.io/service-account'] ?? name,
		labels,
		managedLabels: {
			...labels,
			[GATEWAY_MANAGED]: eastWest
				? EAST_WEST_CONTROLLER_LABEL
				: waypoint
					? MESH_CONTROLLER_LABEL
					: GATEWAY_CONTROLLER_LABEL
		}
	};
}

const fieldRef = (name: string, fieldPath: string) => ({
	name,
	valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } }
});

/** The istio-proxy container's env, as both templates set it. */
function proxyEnv(
	input: TemplateInput
): ({ name: string; value: string } | ReturnType<typeof fieldRef>)[] {
	const name = input.deploymentName;
	const { clusterId, meshId } = input.settings;
	// waypoint.yaml: the network from the Gateway's label (else global.network); an east-west
	// gateway also asks for its own network's view.
	const network = input.gateway.metadata.labels?.[NETWORK_LABEL];
	const eastWest = input.managedLabels[GATEWAY_MANAGED] === EAST_WEST_CONTROLLER_LABEL;
	return [
		{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
		fieldRef('POD_NAME', 'metadata.name'),
		fieldRef('POD_NAMESPACE', 'metadata.namespace'),
		fieldRef('INSTANCE_IP', 'status.podIP'),
		fieldRef('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
		fieldRef('HOST_IP', 'status.hostIP'),
		{ name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
		{ name: 'ISTIO_META_CLUSTER_ID', value: clusterId },
		...(input.waypoint && network
			? [
					{ name: 'ISTIO_META_NETWORK', value: network },
					...(eastWest ? [{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: network }] : [])
				]
			: []),
		{ name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
		{ name: 'ISTIO_META_WORKLOAD_NAME', value: name },
		{
			name: 'ISTIO_META_OWNER',
			value: `kubernetes://apis/apps/v1/namespaces/${input.namespace}/deployments/${name}`
		},
		{ name: 'ISTIO_META_MESH_ID', value: meshId ?? 'cluster.local' },
		{ name: 'TRUST_DOMAIN', value: 'cluster.local' }
	];
}

/** `proxy waypoint` (waypoint.yaml) or `proxy router` (kube-gateway.yaml), and log levels. */
function proxyArgs(input: TemplateInput): string[] {
	const args = input.waypoint
		? ['proxy', 'waypoint', '--domain', '$(POD_NAMESPACE).svc.cluster.local']
		: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local'];
	args.push(
		...(input.waypoint ? ['--serviceCluster', `${input.serviceAccount}.$(POD_NAMESPACE)`] : []),
		'--proxyLogLevel',
		'warning',
		'--proxyComponentLogLevel',
		'misc:error',
		'--log_output_level',
		'default:info'
	);
	return args;
}

function proxyContainer(input: TemplateInput): Obj {
	const probe = {
		httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
		timeoutSeconds: 1,
		successThreshold: 1
	};
	return {
		name: PROXY_CONTAINER,
		image: PROXY_IMAGE,
		args: proxyArgs(input),
		env: proxyEnv(input),
		ports: [
			{ containerPort: 15020, name: 'metrics', protocol: 'TCP' },
			{ containerPort: 15021, name: 'status-port', protocol: 'TCP' },
			{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }
		],
		startupProbe: { ...probe, failureThreshold: 30, initialDelaySeconds: 1, periodSeconds: 1 },
		readinessProbe: { ...probe, failureThreshold: 4, initialDelaySeconds: 0, periodSeconds: 15 }
	};
}

function deploymentTemplate(input: TemplateInput): KubeObject {
	const gw = input.gateway;
	const podLabels = {
		'sidecar.istio.io/inject': 'false',
		...(input.waypoint ? { 'istio.io/dataplane-mode': 'none' } : {}),
		'service.istio.io/canonical-name': input.deploymentName,
		'service.istio.io/canonical-revision': 'latest',
		...input.managedLabels
	};
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: meta(gw, input.deploymentName, input.managedLabels),
		spec: {
			selector: { matchLabels: { [GATEWAY_NAME_LABEL]: gw.metadata.name } },
			template: {
				metadata: {
					annotations: {
						...infrastructureAnnotations(gw),
						'istio.io/rev': 'default',
						'prometheus.io/path': '/stats/prometheus',
						'prometheus.io/port': '15020',
						'prometheus.io/scrape': 'true'
					},
					labels: podLabels
				},
				spec: { serviceAccountName: input.serviceAccount, containers: [proxyContainer(input)] }
			}
		}
	};
}

function serviceTemplate(input: TemplateInput): KubeObject {
	const gw = input.gateway;
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta(gw, input.deploymentName, input.labels, {
			...(input.waypoint ? { 'networking.istio.io/traffic-distribution': 'PreferClose' } : {}),
			...infrastructureAnnotations(gw)
		}),
		spec: {
			ipFamilyPolicy: 'PreferDualStack',
			ports: gatewayServicePorts(gw),
			selector: { [GATEWAY_NAME_LABEL]: gw.metadata.name },
			type: gatewayServiceType(gw)
		}
	};
}

const DEFAULT_SETTINGS: IstiodSettings = { ambientMultiNetwork: false, clusterId: CLUSTER_ID };

/** The objects for one Gateway, in the order istiod applies them. */
export function renderGateway(gw: KubeObject, settings = DEFAULT_SETTINGS): KubeObject[] {
	const input = templateInput(gw, settings);
	return [
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: meta(gw, input.serviceAccount, input.labels)
		},
		deploymentTemplate(input),
		serviceTemplate(input)
	];
}
