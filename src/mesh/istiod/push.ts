/**
 * What one ztunnel is sent, and what a push looks like in istiod's log. The mesh state is
 * computed once per push (istiod's PushContext); each ztunnel gets all workloads and services
 * (it routes to any of them) and every policy. Log lines mirror
 * pilot/pkg/xds/discovery.go (`Push debounce stable`), ads.go (`XDS: Pushing`) and delta.go.
 */
import type { KubeObject } from '../api/objects.ts';
import type { WireConfig } from '../xds/delta.ts';
import type { Authorization, Service, Workload, ZtunnelConfig } from '../xds/workload-api.ts';
import type { ZtunnelAcceptedCondition } from './authorization.ts';
import { type PolicyIndex, buildPolicyIndex } from './policies.ts';
import { buildServiceEntries } from './service-entries.ts';
import { withRemoteClusters } from './multicluster.ts';
import { buildServices } from './services.ts';
import { type ClusterSnapshot, rootNamespaceOf } from './snapshot.ts';
import { buildWorkloads } from './workloads.ts';
import { type WaypointState, computeWaypointState } from './waypoints-config.ts';

/** Workloads and services carry `waypoint` when one serves them (waypoints-config.ts). */
export interface MeshState extends Omit<WaypointState, 'services' | 'workloads'> {
	readonly workloads: readonly Workload[];
	readonly services: readonly Service[];
	/** Every policy ztunnels may need, sorted by namespace/name. */
	readonly policies: readonly Authorization[];
	/** AuthorizationPolicy `namespace/name` → the condition to write on its status. */
	readonly statuses: ReadonlyMap<string, ZtunnelAcceptedCondition>;
	/** Telemetry `namespace/name` → its spec as JSON: a change is pushed to sidecars. */
	readonly telemetries: ReadonlyMap<string, string>;
	/** `VirtualService/ns/name` (and DestinationRule, HTTPRoute) → spec JSON, for sidecars' routes. */
	readonly routeConfigs: ReadonlyMap<string, string>;
	/** What istiod warns of while computing this state (logged when it first appears). */
	readonly warnings?: readonly string[];
}

export function computeMeshState(snapshot: ClusterSnapshot): MeshState {
	return computeMeshStateWith(snapshot, policyIndexOf(snapshot));
}

export const policyIndexOf = (snapshot: ClusterSnapshot): PolicyIndex =>
	buildPolicyIndex(
		snapshot.authorizationPolicies,
		snapshot.peerAuthentications,
		rootNamespaceOf(snapshot)
	);

/** `computeMeshState` with the policy index built (the ambient index keeps it for pod events). */
export function computeMeshStateWith(snapshot: ClusterSnapshot, index: PolicyIndex): MeshState {
	const external = buildServiceEntries(snapshot);
	// Remote clusters' global Services and split-horizon workloads join the local ones.
	const kube = withRemoteClusters(
		snapshot,
		buildServices(snapshot.services, snapshot.pods, snapshot.namespaces),
		buildWorkloads(snapshot, index)
	);
	const waypoints = computeWaypointState(
		snapshot,
		[...kube.services, ...external.services],
		[...kube.workloads, ...external.workloads]
	);
	return {
		...waypoints,
		policies: index.policies.map((p) => p.authorization),
		statuses: index.statuses,
		telemetries: new Map(
			(snapshot.telemetries ?? []).map((t) => [
				`${t.metadata.namespace ?? 'default'}/${t.metadata.name}`,
				JSON.stringify(t['spec'] ?? null)
			])
		),
		routeConfigs: routeConfigs(snapshot),
		...(kube.warnings.length > 0 ? { warnings: kube.warnings } : {})
	};
}

/** What a sidecar's HTTP config reads beyond ztunnel's: routes, L7 policies, JWT rules. */
function routeConfigs(snapshot: ClusterSnapshot): Map<string, string> {
	const out = new Map<string, string>();
	const add = (kind: string, list: readonly KubeObject[] | undefined) => {
		for (const o of list ?? [])
			out.set(
				`${kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
				JSON.stringify(o['spec'] ?? null)
			);
	};
	add('VirtualService', snapshot.virtualServices);
	add('DestinationRule', snapshot.destinationRules);
	add('HTTPRoute', snapshot.httpRoutes);
	add('AuthorizationPolicy', snapshot.authorizationPolicies);
	add('RequestAuthentication', snapshot.requestAuthentications);
	return out;
}

/**
 * The config for the ztunnel on `node`: every workload, service and policy. istiod's
 * WorkloadRBACGenerator sends every policy to every ztunnel (ztunnel subscribes with a
 * wildcard), so `istioctl zc policies` on any ztunnel lists them all; each ztunnel applies the
 * selector policies to the workloads that reference them.
 */
export function ztunnelConfigFor(_node: string, mesh: MeshState, version: number): ZtunnelConfig {
	return {
		version,
		workloads: mesh.workloads,
		services: mesh.services,
		policies: mesh.policies
	};
}

/** model.ConfigKey strings (`Kind/namespace/name`) of what changed between two states. */
export function changedConfigs(prev: MeshState | undefined, next: MeshState): string[] {
	const keyed = (m: MeshState | undefined): Map<string, string> => {
		const out = new Map<string, string>();
		if (!m) return out;
		for (const w of m.workloads) out.set(`Pod/${w.namespace}/${w.name}`, JSON.stringify(w));
		for (const s of m.services) out.set(`Service/${s.namespace}/${s.name}`, JSON.stringify(s));
		for (const p of m.policies) {
			out.set(`AuthorizationPolicy/${p.namespace}/${p.name}`, JSON.stringify(p));
		}
		for (const [k, v] of m.telemetries) out.set(`Telemetry/${k}`, v);
		// Sidecars apply routes client side: a route change is pushed even with no waypoint. A
		// policy's spec counts beside its ztunnel form: a sidecar enforces what ztunnel drops.
		for (const [k, v] of m.routeConfigs) out.set(k, (out.get(k) ?? '') + v);
		// A Gateway's proxy config (its routes, policies, backends) is pushed like the rest.
		for (const w of m.waypoints) {
			out.set(`Gateway/${w.gateway.namespace}/${w.gateway.name}`, JSON.stringify(w));
		}
		// A classic router's listeners, and the credentials any gateway serves (SDS pushes a
		// changed Secret, keyed as istiod's config update names it).
		for (const r of m.routers.values()) {
			const k = `Gateway/${r.gateway.namespace}/${r.gateway.name}`;
			out.set(k, (out.get(k) ?? '') + JSON.stringify(r.listeners ?? []));
		}
		for (const w of [...m.waypoints, ...m.routers.values()])
			for (const l of w.listeners ?? [])
				for (const t of l.tls ?? [])
					out.set(`Secret/${t.credential}`, `${t.certChain}${t.privateKey}${t.caCert ?? ''}`);
		return out;
	};
	const a = keyed(prev);
	const b = keyed(next);
	const changed = new Set<string>();
	for (const [k, v] of b) if (a.get(k) !== v) changed.add(k);
	for (const k of a.keys()) if (!b.has(k)) changed.add(k);
	return [...changed].sort();
}

/** util.ByteCount: `512B`, `4.1kB`, `1.2MB`. */
export function byteCount(n: number): string {
	if (n < 1000) return `${n}B`;
	const units = ['k', 'M', 'G'];
	let v = n / 1000;
	let i = 0;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	return `${v.toFixed(1)}${units[i]}B`;
}

/** `Push debounce stable[N] K for config Pod/default/x and 2 more configs: …` (scope `ads`). */
export function debounceLine(counter: number, changed: readonly string[], sinceMs: number): string {
	const first = changed[0] ?? 'Pod';
	const more = changed.length > 1 ? ` and ${changed.length - 1} more configs` : '';
	const d = `${sinceMs.toFixed(1)}ms`;
	return `Push debounce stable[${counter}] ${changed.length} for config ${first}${more}: ${d} since last change, ${d} since last push, forced=false`;
}

/** `WDS: PUSH for node:ztunnel-x.istio-system resources:9 removed:0 size:3.2kB` (scope `delta`). */
export function pushLine(
	proxyId: string,
	config: WireConfig,
	kind: 'PUSH' | 'PUSH request',
	removed = 0
): string {
	const resources = config.workloads.length + config.services.length;
	const size = byteCount(JSON.stringify([config.workloads, config.services]).length);
	return `WDS: ${kind} for node:${proxyId} resources:${resources} removed:${removed} size:${size}`;
}

/** The WADS (authorization) counterpart of `pushLine`. */
export function policyPushLine(
	proxyId: string,
	config: Pick<WireConfig, 'policies'>,
	kind: 'PUSH' | 'PUSH request'
): string {
	const size = byteCount(JSON.stringify(config.policies).length);
	return `WADS: ${kind} for node:${proxyId} resources:${config.policies.length} removed:0 size:${size}`;
}

/**
 * A sidecar's push (scope `ads`): `CDS: PUSH for node:sleep-x.default resources:12 size:9.9kB`.
 * One cluster per service port (`outbound|9080||productpage.default.svc.cluster.local`) plus
 * Envoy's static three (BlackHoleCluster, InboundPassthroughCluster, PassthroughCluster).
 */
export function sidecarPushLine(
	proxyId: string,
	config: Pick<WireConfig, 'services'>,
	kind: 'PUSH' | 'PUSH request'
): string {
	const clusters = config.services.reduce((n, s) => n + Object.keys(s.ports).length, 0) + 3;
	const size = byteCount(JSON.stringify(config.services).length);
	return `CDS: ${kind} for node:${proxyId} resources:${clusters} size:${size}`;
}
