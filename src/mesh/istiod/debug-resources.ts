/**
 * The xDS resources istiod generated for a ztunnel, as `/debug/config_dump` writes them: each one
 * an `Any` in protojson (`@type`, lowerCamelCase names, enums by name, zero values and empty
 * fields left out, `bytes` in base64). Mirrors workload.proto (`Address` = `Workload` |
 * `Service`) and authorization.proto, as pilot/pkg/xds/debug.go marshals them (protomarshal).
 */
import { parseIpv4 } from '../api/cluster-ip.ts';
import { TYPE_URL } from './syncz.ts';
import type {
	Authorization,
	GatewayAddress,
	IpBlock,
	Match,
	Service,
	StringMatch,
	Workload
} from '../xds/workload-api.ts';

export type Json = Record<string, unknown>;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** protojson's `bytes`: standard base64 with padding. */
function base64(bytes: readonly number[]): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
		const n = (a << 16) | (b << 8) | c;
		out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
		out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '=';
		out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
	}
	return out;
}

/** An IP as workload.proto carries it: its 4 (or 16) network-order bytes. */
export function ipBytes(ip: string): string {
	const n = parseIpv4(ip);
	if (n === undefined) return '';
	return base64([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** Drops what protojson leaves out: undefined, '', empty lists and objects. */
function compact(o: Json): Json {
	const out: Json = {};
	for (const [k, v] of Object.entries(o)) {
		if (v === undefined || v === '') continue;
		if (Array.isArray(v) && v.length === 0) continue;
		if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
			continue;
		out[k] = v;
	}
	return out;
}

/** workload.proto `PortList`: service port → target port (a zero target is left out). */
function portList(ports: Readonly<Record<number, number>>): Json[] {
	return Object.entries(ports).map(([p, t]) =>
		compact({ servicePort: Number(p), targetPort: t || undefined })
	);
}

function gatewayAddress(g: GatewayAddress): Json {
	return { address: { address: ipBytes(g.address) }, hboneMtlsPort: g.hboneMtlsPort };
}

/** workload.proto `Workload` for a pod (istiod sets `workloadType: POD`, `clusterId`). */
export function workloadJson(w: Workload): Json {
	return compact({
		uid: w.uid,
		name: w.name,
		namespace: w.namespace,
		addresses: w.address ? [ipBytes(w.address)] : [],
		hostname: w.hostname,
		// NONE is the zero value.
		tunnelProtocol: w.protocol === 'HBONE' ? 'HBONE' : undefined,
		trustDomain: w.trustDomain,
		serviceAccount: w.serviceAccount,
		waypoint: w.waypoint && gatewayAddress(w.waypoint),
		node: w.node,
		canonicalName: w.canonicalName,
		canonicalRevision: w.canonicalRevision,
		workloadType: 'POD',
		workloadName: w.workloadName,
		clusterId: w.uid.split('//')[0],
		// HEALTHY is the zero value.
		status: w.status === 'Unhealthy' ? 'UNHEALTHY' : undefined,
		services: Object.fromEntries(
			Object.entries(w.services).map(([key, ports]) => [key, { ports: portList(ports) }])
		),
		authorizationPolicies: w.authorizationPolicies
	});
}

/** workload.proto `Service` (no endpoints: ztunnel derives them from workloads). */
export function serviceJson(s: Service): Json {
	return compact({
		name: s.name,
		namespace: s.namespace,
		hostname: s.hostname,
		addresses: s.vips.map((v) => ({ address: ipBytes(v) })),
		ports: portList(s.ports),
		waypoint: s.waypoint && gatewayAddress(s.waypoint),
		loadBalancing: s.loadBalancing && {
			routingPreference: s.loadBalancing.routingPreference,
			...(s.loadBalancing.mode === 'STANDARD' ? {} : { mode: s.loadBalancing.mode }),
			...(s.loadBalancing.healthPolicy === 'ALLOW_ALL' ? { healthPolicy: 'ALLOW_ALL' } : {})
		}
	});
}

function stringMatch(m: StringMatch): Json {
	return 'presence' in m ? { presence: {} } : m;
}

const ipBlock = (b: IpBlock): Json => ({ address: ipBytes(b.address), length: b.length });

function matchJson(m: Match): Json {
	return compact({
		namespaces: m.namespaces?.map(stringMatch),
		notNamespaces: m.notNamespaces?.map(stringMatch),
		principals: m.principals?.map(stringMatch),
		notPrincipals: m.notPrincipals?.map(stringMatch),
		sourceIps: m.sourceIps?.map(ipBlock),
		notSourceIps: m.notSourceIps?.map(ipBlock),
		destinationIps: m.destinationIps?.map(ipBlock),
		notDestinationIps: m.notDestinationIps?.map(ipBlock),
		destinationPorts: m.destinationPorts,
		notDestinationPorts: m.notDestinationPorts
	});
}

const SCOPE = { Global: undefined, Namespace: 'NAMESPACE', WorkloadSelector: 'WORKLOAD_SELECTOR' };

/** authorization.proto `Authorization` (GLOBAL and ALLOW are the zero values). */
export function authorizationJson(a: Authorization): Json {
	return compact({
		name: a.name,
		namespace: a.namespace,
		scope: SCOPE[a.scope],
		action: a.action === 'Deny' ? 'DENY' : undefined,
		groups: a.groups.map((g) =>
			compact({ rules: g.rules.map((r) => compact({ matches: r.matches.map(matchJson) })) })
		)
	});
}

/** An `Address` resource as an `Any`: its oneof names which it is. */
export const workloadAddress = (w: Workload): Json => ({
	'@type': TYPE_URL.WDS,
	workload: workloadJson(w)
});
export const serviceAddress = (s: Service): Json => ({
	'@type': TYPE_URL.WDS,
	service: serviceJson(s)
});
export const authorizationResource = (a: Authorization): Json => ({
	'@type': TYPE_URL.WADS,
	...authorizationJson(a)
});
