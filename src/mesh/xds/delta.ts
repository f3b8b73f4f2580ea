/**
 * Delta xDS for the workload API: what changed since the proxy's last push, per type, as a
 * DeltaDiscoveryResponse says it (`resources` added or changed, `removed_resources` by name),
 * and how a proxy folds it into the state it holds. Mirrors envoy's delta xDS protocol as
 * ztunnel speaks it (ztunnel src/xds/client.rs `handle_stream_event`, src/xds.rs
 * `ProxyStateUpdater::insert`/`remove`) for `istio.workload.Address` (workloads and services)
 * and `istio.security.Authorization`. istiod (`istiod/address-delta.ts`) folds the same way to
 * check, before it sends a delta, that the proxy will end up with exactly its state.
 */
import type {
	Authorization,
	Service,
	ServiceEndpoint,
	Workload,
	ZtunnelConfig
} from './workload-api.ts';

/** One type's part of a delta response. */
export interface ResourceDelta<T> {
	/** Added or changed resources, whole (delta xDS never sends a partial resource). */
	readonly resources: readonly T[];
	/** `removed_resources`: names of resources the proxy must drop. */
	readonly removed: readonly string[];
}

/**
 * A Service as a ztunnel's stream carries it: like workload.proto's Service, without endpoints
 * (the ztunnel derives them from the workloads that name the service, `withEndpoints`). istiod
 * keeps them only on a service whose endpoints the workloads cannot say exactly.
 */
export type WireService = Omit<Service, 'endpoints'> & {
	readonly endpoints?: Service['endpoints'];
};

/** One delta push to a ztunnel: WDS (workloads, services) and WADS (policies). */
export interface ZtunnelDelta {
	/** istiod's push version, as on a full push. */
	readonly version: number;
	readonly workloads: ResourceDelta<Workload>;
	readonly services: ResourceDelta<WireService>;
	readonly policies: ResourceDelta<Authorization>;
}

/** Resource names, as istiod keys them: a workload by uid, a service `namespace/hostname`. */
export const workloadResourceName = (w: Workload): string => w.uid;
export const serviceResourceName = (s: WireService): string => `${s.namespace}/${s.hostname}`;
export const policyResourceName = (p: Authorization): string => `${p.namespace}/${p.name}`;

/** How many resources and removals a delta carries (istiod's `resources:` / `removed:`). */
export function deltaCounts(d: ZtunnelDelta): {
	addresses: number;
	removedAddresses: number;
	policies: number;
	removedPolicies: number;
} {
	return {
		addresses: d.workloads.resources.length + d.services.resources.length,
		removedAddresses: d.workloads.removed.length + d.services.removed.length,
		policies: d.policies.resources.length,
		removedPolicies: d.policies.removed.length
	};
}

export const isEmptyDelta = (d: ZtunnelDelta): boolean => {
	const c = deltaCounts(d);
	return c.addresses + c.removedAddresses + c.policies + c.removedPolicies === 0;
};

/** The order a new resource takes among those the proxy holds: by namespace, then name. */
const byNamespaceName = (
	a: { namespace: string; name: string },
	b: { namespace: string; name: string }
): number => {
	if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

const byPolicyName = (a: Authorization, b: Authorization): number => {
	const x = policyResourceName(a);
	const y = policyResourceName(b);
	return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Each folded list's positions by resource name, kept beside it so that the next delta that only
 * changes resources in place (a pod turning ready) costs what it changes, not the list's length.
 */
const positions = new WeakMap<readonly unknown[], Map<string, number> | null>();

/** Positions by name; null when two resources share a name (then only a walk is exact). */
function positionsOf<T>(list: readonly T[], name: (t: T) => string): Map<string, number> | null {
	let at = positions.get(list);
	if (at === undefined) {
		at = new Map();
		for (let i = 0; i < list.length && at; i++) {
			const n = name(list[i] as T);
			if (at.has(n)) at = null;
			else at.set(n, i);
		}
		positions.set(list, at);
	}
	return at;
}

/**
 * `list` with the delta applied: a changed resource keeps its place, a removed one goes, a new
 * one is inserted where `order` sorts it (the proxy keeps what it holds in istiod's order, so
 * every reader sees the state a full push would have given).
 */
function fold<T>(
	list: readonly T[],
	delta: ResourceDelta<T>,
	name: (t: T) => string,
	order: (a: T, b: T) => number
): T[] {
	if (delta.resources.length === 0 && delta.removed.length === 0) return list as T[];
	const changed = new Map<string, T>();
	for (const r of delta.resources) changed.set(name(r), r);
	const removed = new Set(delta.removed);
	const at = removed.size === 0 ? positionsOf(list, name) : null;
	let out: T[] = [];
	if (at) {
		// Changes in place keep every position: copy the list and overwrite what changed.
		out = list.slice();
		for (const [n, r] of changed) {
			const i = at.get(n);
			if (i === undefined) continue;
			out[i] = r;
			changed.delete(n);
		}
		if (changed.size === 0) positions.set(out, at);
	} else
		for (const t of list) {
			const n = name(t);
			if (removed.has(n)) continue;
			const next = changed.get(n);
			out.push(next ?? t);
			if (next !== undefined) changed.delete(n);
		}
	for (const t of changed.values()) {
		let lo = 0;
		let hi = out.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (order(out[mid] as T, t) <= 0) lo = mid + 1;
			else hi = mid;
		}
		out.splice(lo, 0, t);
	}
	return out;
}

/** A ztunnel's state as its stream carries it: services may lack their endpoints. */
export interface WireConfig extends Omit<ZtunnelConfig, 'services'> {
	readonly services: readonly WireService[];
}

/** The state after the delta (ztunnel's ProxyStateUpdater inserting and removing). */
export function applyZtunnelDelta<C extends WireConfig>(config: C, delta: ZtunnelDelta): C {
	return {
		...config,
		version: delta.version,
		workloads: fold(config.workloads, delta.workloads, workloadResourceName, byNamespaceName),
		services: fold<WireService>(
			config.services,
			delta.services,
			serviceResourceName,
			byNamespaceName
		),
		policies: fold(config.policies, delta.policies, policyResourceName, byPolicyName)
	};
}

/** The service's endpoints as its workloads say them (ztunnel's `ServiceStore::insert_endpoint`). */
function endpointsOf(key: string, workloads: readonly Workload[]): ServiceEndpoint[] {
	const out: ServiceEndpoint[] = [];
	for (const w of workloads) {
		const ports = w.services[key];
		if (ports) out.push({ workloadUid: w.uid, ports, status: w.status });
	}
	return out;
}

/**
 * The config every reader of the proxy sees: each service sent without endpoints gets them
 * from the workloads. With `previous` (the config before a delta) only the services the delta
 * touched are derived again: those it carries, and those a changed or removed workload named
 * before or names now. `previous.workload` looks a workload up by uid in the state before the
 * delta (the proxy's index), so finding what the delta touched costs the delta, not the state.
 */
export function withEndpoints(
	wire: WireConfig,
	previous?: {
		readonly wire: WireConfig;
		readonly config: ZtunnelConfig;
		readonly delta: ZtunnelDelta;
	}
): ZtunnelConfig {
	let touched: Set<string> | undefined;
	let before: Map<string, Service> | undefined;
	let derivedBefore: Set<string> | undefined;
	let changedUids: Set<string> | undefined;
	let changedWorkloads: Map<string, Workload> | undefined;
	if (previous) {
		const { delta } = previous;
		touched = new Set(delta.services.resources.map(serviceResourceName));
		changedWorkloads = new Map(delta.workloads.resources.map((w) => [w.uid, w]));
		changedUids = new Set([...delta.workloads.removed, ...changedWorkloads.keys()]);
		for (const w of delta.workloads.resources) for (const k in w.services) touched.add(k);
		const lookup = workloadLookup(previous.wire.workloads);
		const named = (w: Workload | undefined): void => {
			if (w) for (const k in w.services) touched?.add(k);
		};
		if (lookup) for (const uid of changedUids) named(lookup(uid));
		else for (const w of previous.wire.workloads) if (changedUids.has(w.uid)) named(w);
		before = new Map(previous.config.services.map((s) => [serviceResourceName(s), s]));
		derivedBefore = new Set(
			previous.wire.services.filter((s) => !s.endpoints).map(serviceResourceName)
		);
	}
	const services = wire.services.map((s): Service => {
		if (s.endpoints) return s as Service;
		const name = serviceResourceName(s);
		const held = before?.get(name);
		if (held && !touched?.has(name)) return held;
		const endpoints =
			held && derivedBefore?.has(name) && changedUids && changedWorkloads
				? endpointsAfter(name, held.endpoints, wire.workloads, changedUids, changedWorkloads)
				: undefined;
		return { ...s, endpoints: endpoints ?? endpointsOf(name, wire.workloads) };
	});
	return { ...wire, services };
}

/**
 * A derived service's endpoints after a delta, from those it had: the changed and removed
 * workloads' entries go, the changed workloads that name it come in at their workload's place.
 * The same list `endpointsOf` gives, for the cost of the service's endpoints and not of every
 * workload's lookup; undefined when positions cannot say it (two workloads of one uid).
 */
function endpointsAfter(
	name: string,
	held: readonly ServiceEndpoint[],
	workloads: readonly Workload[],
	changedUids: ReadonlySet<string>,
	changed: ReadonlyMap<string, Workload>
): ServiceEndpoint[] | undefined {
	const at = positionsOf(workloads, workloadResourceName);
	if (!at) return undefined;
	const out = held.filter((e) => !changedUids.has(e.workloadUid));
	const position = (e: ServiceEndpoint): number => at.get(e.workloadUid) ?? -1;
	for (const w of changed.values()) {
		const ports = w.services[name];
		if (!ports) continue;
		const e: ServiceEndpoint = { workloadUid: w.uid, ports, status: w.status };
		const p = position(e);
		if (p < 0) return undefined;
		let lo = 0;
		let hi = out.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (position(out[mid] as ServiceEndpoint) < p) lo = mid + 1;
			else hi = mid;
		}
		out.splice(lo, 0, e);
	}
	return out;
}

/**
 * Workloads by uid, from the positions `fold` keeps (built once per list otherwise); undefined
 * when two workloads share a uid.
 */
export function workloadLookup(
	workloads: readonly Workload[]
): ((uid: string) => Workload | undefined) | undefined {
	const at = positionsOf(workloads, workloadResourceName);
	if (!at) return undefined;
	return (uid) => {
		const i = at.get(uid);
		return i === undefined ? undefined : workloads[i];
	};
}
