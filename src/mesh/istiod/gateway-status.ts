/**
 * The status istiod writes on a Gateway, and the GatewayClasses it creates. Mirrors istio
 * pilot/pkg/config/kube/gateway (conditions.go `reportGatewayStatus`, gateway_collection.go
 * `ResolveGatewayInstances`, classes.go `builtinClasses`): Programmed needs the Service to have
 * instances ("no instances found for hostname"); a LoadBalancer without an external IP leaves the
 * address pending; a waypoint reports its Service's IP, an ingress gateway its hostname.
 */
import type { KubeObject } from '../api/objects.ts';
import { serviceHostname } from './services.ts';
import { WAYPOINT_CLASS } from './waypoints.ts';
import { gatewayDeploymentName, isWaypointGateway } from './gateway-deployment.ts';
import { obj } from '../json.ts';

export interface Condition {
	readonly type: string;
	readonly status: 'True' | 'False' | 'Unknown';
	readonly reason: string;
	readonly message: string;
}

export interface GatewayStatus {
	readonly addresses?: readonly {
		readonly type: 'IPAddress' | 'Hostname';
		readonly value: string;
	}[];
	readonly conditions: readonly Condition[];
	readonly listeners?: readonly Record<string, unknown>[];
}

/** The CRD's schema default: what a Gateway shows until a controller handles it. */
export const PENDING_STATUS: GatewayStatus = {
	conditions: [
		{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' },
		{ type: 'Programmed', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' }
	]
};

export const MANAGED_CLASSES: Readonly<
	Record<string, { controller: string; description: string }>
> = {
	istio: {
		controller: 'istio.io/gateway-controller',
		description: 'The default Istio GatewayClass'
	},
	[WAYPOINT_CLASS]: {
		controller: 'istio.io/mesh-controller',
		description: 'The default Istio waypoint GatewayClass'
	}
};

/** Istio's ambient east-west gateway class (constants.EastWestGatewayClassName). */
export const EAST_WEST_CLASS = 'istio-east-west';

/**
 * gatewaycommon/classinfo.go: with `AMBIENT_ENABLE_MULTI_NETWORK` istiod also keeps the
 * east-west class ("just fancy waypoints": the waypoint template, a LoadBalancer Service).
 */
const EAST_WEST = {
	controller: 'istio.io/eastwest-controller',
	description: 'The default GatewayClass for Istio East West Gateways'
};

/** The classes istiod manages, given its features. */
export function managedClasses(
	ambientMultiNetwork: boolean
): Readonly<Record<string, { controller: string; description: string }>> {
	return ambientMultiNetwork
		? { ...MANAGED_CLASSES, [EAST_WEST_CLASS]: EAST_WEST }
		: MANAGED_CLASSES;
}

/** The GatewayClasses istiod keeps (builtinClasses), without status. */
export function builtinGatewayClasses(ambientMultiNetwork = false): KubeObject[] {
	return Object.entries(managedClasses(ambientMultiNetwork)).map(([name, c]) => ({
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'GatewayClass',
		metadata: { name } as KubeObject['metadata'],
		spec: { controllerName: c.controller, description: c.description }
	}));
}

export const CLASS_ACCEPTED: Condition = {
	type: 'Accepted',
	status: 'True',
	reason: 'Accepted',
	message: 'Handled by Istio controller'
};

/** "a, b, and c", as Go's humanReadableJoin. */
function humanJoin(items: readonly string[]): string {
	if (items.length <= 2) return items.join(' and ');
	return `${items.slice(0, -1).join(', ')}, and ${items.at(-1) ?? ''}`;
}

export interface GatewayFacts {
	/** The Service istiod created for the Gateway, if it exists yet. */
	readonly service: KubeObject | undefined;
	/** Some pod behind that Service is ready (the Service has instances). */
	readonly ready: boolean;
	/** Routes attached per listener name. */
	readonly attachedRoutes: ReadonlyMap<string, number>;
	/** A listener's TLS error by listener name (gateway-tls-refs.ts). */
	readonly tlsErrors?: ReadonlyMap<string, string>;
	/** istiod's PILOT_ENABLE_ALPHA_GATEWAY_API: TCP listeners are accepted only with it. */
	readonly alphaGatewayApi?: boolean;
}

/** listenerProtocolToIstio's refusal of a TCP listener without the alpha API (conversion.go). */
export const TCP_NEEDS_ALPHA =
	'protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured';

const NO_ERRORS = 'No errors found';

/**
 * buildListener's conditions; a TLS error fails ResolvedRefs and Programmed, an unsupported
 * protocol Accepted (UnsupportedProtocol) only (conversion.go, conditions.go setConditions).
 */
function listenerConditions(
	tlsError: string | undefined,
	protocolError?: string | undefined
): Condition[] {
	return [
		protocolError === undefined
			? { type: 'Accepted', status: 'True', reason: 'Accepted', message: NO_ERRORS }
			: {
					type: 'Accepted',
					status: 'False',
					reason: 'UnsupportedProtocol',
					message: protocolError
				},
		{ type: 'Conflicted', status: 'False', reason: 'NoConflicts', message: NO_ERRORS },
		tlsError === undefined
			? { type: 'Programmed', status: 'True', reason: 'Programmed', message: NO_ERRORS }
			: {
					type: 'Programmed',
					status: 'False',
					reason: 'Invalid',
					message: 'Bad TLS configuration'
				},
		tlsError === undefined
			? { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: NO_ERRORS }
			: {
					type: 'ResolvedRefs',
					status: 'False',
					reason: 'InvalidCertificateRef',
					message: tlsError
				}
	];
}

export function gatewayStatus(gw: KubeObject, facts: GatewayFacts): GatewayStatus {
	const namespace = gw.metadata.namespace ?? 'default';
	const host = serviceHostname(gatewayDeploymentName(gw), namespace);
	const rawListeners = obj(gw['spec'])['listeners'];
	const listeners = (Array.isArray(rawListeners) ? rawListeners : []).map(obj);
	const ports = [...new Set(listeners.map((l) => l['port']).filter((p) => typeof p === 'number'))];
	const hostPorts = ports.map((p) => `${host}:${String(p)}`);
	const waypoint = isWaypointGateway(gw);
	const spec = obj(facts.service?.['spec']);
	const clusterIp = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
	const ingress = obj(obj(facts.service?.['status'])['loadBalancer'])['ingress'];
	const lbPending =
		spec['type'] === 'LoadBalancer' && !(Array.isArray(ingress) && ingress.length > 0);
	// conversion.go reportGatewayStatus: a load balancer's addresses (MetalLB's on kind) are the
	// "external" ones, reported before any internal address.
	const external = (Array.isArray(ingress) ? ingress : [])
		.map(obj)
		.flatMap((i) => [i['ip'], i['hostname']].filter((a): a is string => typeof a === 'string'));

	let programmed: Condition;
	let addresses: GatewayStatus['addresses'];
	if (!facts.service) {
		programmed = {
			type: 'Programmed',
			status: 'False',
			reason: 'AddressNotAssigned',
			message: `Failed to assign to any requested addresses: hostname "${host}" not found`
		};
	} else if (!facts.ready) {
		programmed = {
			type: 'Programmed',
			status: 'False',
			reason: 'AddressNotAssigned',
			message: `Failed to assign to any requested addresses: no instances found for hostname "${host}"`
		};
	} else if (lbPending) {
		programmed = {
			type: 'Programmed',
			status: 'False',
			reason: 'AddressNotAssigned',
			message: `Assigned to service(s) ${humanJoin(hostPorts)}, but failed to assign to all requested addresses: address pending for hostname "${host}"`
		};
	} else {
		programmed = {
			type: 'Programmed',
			status: 'True',
			reason: 'Programmed',
			message: `Resource programmed, assigned to service(s) ${humanJoin(hostPorts)}`
		};
		addresses = external.length
			? external.map((value) => ({
					type: /^[\d.]+$|:/.test(value) ? 'IPAddress' : 'Hostname',
					value
				}))
			: waypoint
				? clusterIp && clusterIp !== 'None'
					? [{ type: 'IPAddress', value: clusterIp }]
					: []
				: [{ type: 'Hostname', value: host }];
	}
	return {
		...(addresses && addresses.length > 0 ? { addresses } : {}),
		conditions: [
			{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Resource accepted' },
			programmed
		],
		listeners: listeners.map((l) => {
			const name = typeof l['name'] === 'string' ? l['name'] : '';
			const http = l['protocol'] === 'HTTP' || l['protocol'] === 'HTTPS';
			const tcp = l['protocol'] === 'TCP';
			const protocolError = tcp && !facts.alphaGatewayApi ? TCP_NEEDS_ALPHA : undefined;
			return {
				attachedRoutes: facts.attachedRoutes.get(name) ?? 0,
				conditions: listenerConditions(facts.tlsErrors?.get(name), protocolError),
				name,
				supportedKinds: http
					? [
							{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
							{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }
						]
					: tcp
						? [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }]
						: []
			};
		})
	};
}
