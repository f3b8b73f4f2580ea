/**
 * What ztunnels need after a full recompute: the resources whose content changed and the names
 * that went away, per type (pilot/pkg/xds/delta.go `pushDeltaXds`: `resources` and
 * `removed_resources`). A delta is only offered when folding it into the previous state gives
 * exactly the new one (`xds/delta.ts`); otherwise ztunnels get the whole state, as they would
 * on a new stream.
 */
import {
	applyZtunnelDelta,
	policyResourceName,
	serviceResourceName,
	workloadResourceName,
	type ResourceDelta,
	type WireService
} from '../xds/delta.ts';
import type {
	Authorization,
	Service,
	ServiceEndpoint,
	Workload,
	ZtunnelConfig
} from '../xds/workload-api.ts';
import type { MeshState } from './push.ts';

/** A ztunnel delta without its version (the push gives it one). */
export interface AddressDelta {
	readonly workloads: ResourceDelta<Workload>;
	readonly services: ResourceDelta<Service>;
	readonly policies: ResourceDelta<Authorization>;
}

function diff<T>(
	before: readonly T[],
	after: readonly T[],
	name: (t: T) => string
): ResourceDelta<T> | undefined {
	const held = new Map<string, string>();
	for (const t of before) held.set(name(t), JSON.stringify(t));
	const names = new Set<string>();
	const resources: T[] = [];
	for (const t of after) {
		const n = name(t);
		// Two resources of one name cannot be told apart by a delta.
		if (names.has(n)) return undefined;
		names.add(n);
		if (held.get(n) !== JSON.stringify(t)) resources.push(t);
	}
	const removed = [...held.keys()].filter((n) => !names.has(n));
	if (held.size !== before.length) return undefined;
	return { resources, removed };
}

const sameOrder = <T>(a: readonly T[], b: readonly T[], name: (t: T) => string): boolean =>
	a.length === b.length && a.every((t, i) => name(t) === name(b[i] as T));

const configOf = (m: MeshState): ZtunnelConfig => ({
	version: 0,
	workloads: m.workloads,
	services: m.services,
	policies: m.policies
});

/** The delta from `prev` to `next` for ztunnels, or undefined when only the whole state says it. */
export function addressDelta(
	prev: MeshState | undefined,
	next: MeshState
): AddressDelta | undefined {
	if (!prev) return undefined;
	const workloads = diff(prev.workloads, next.workloads, workloadResourceName);
	const services = diff(prev.services, next.services, serviceResourceName);
	const policies = diff(prev.policies, next.policies, policyResourceName);
	if (!workloads || !services || !policies) return undefined;
	const delta = { workloads, services, policies };
	const folded = applyZtunnelDelta(configOf(prev), { version: 0, ...delta });
	const exact =
		sameOrder(folded.workloads, next.workloads, workloadResourceName) &&
		sameOrder(folded.services, next.services, serviceResourceName) &&
		sameOrder(folded.policies, next.policies, policyResourceName);
	return exact ? delta : undefined;
}

const explicit = new WeakMap<MeshState, ReadonlySet<string>>();

/**
 * Services whose endpoints the workloads cannot say exactly (two ServiceEntries of one host, a
 * host shared with a Service …): those are sent with their endpoints; every other service goes
 * without, as workload.proto's Service does, and the ztunnel derives them (`xds/delta.ts`).
 */
export function explicitEndpoints(mesh: MeshState): ReadonlySet<string> {
	const known = explicit.get(mesh);
	if (known) return known;
	const derived = new Map<string, ServiceEndpoint[]>();
	for (const w of mesh.workloads) {
		for (const key in w.services) {
			const ports = w.services[key];
			if (!ports) continue;
			const list = derived.get(key) ?? [];
			list.push({ workloadUid: w.uid, ports, status: w.status });
			derived.set(key, list);
		}
	}
	const out = new Set<string>();
	for (const s of mesh.services) {
		const name = serviceResourceName(s);
		if (JSON.stringify(derived.get(name) ?? []) !== JSON.stringify(s.endpoints)) out.add(name);
	}
	explicit.set(mesh, out);
	return out;
}

/** A pod event's state keeps the previous one's answer (only pods changed: Services did not). */
export function inheritExplicitEndpoints(prev: MeshState, next: MeshState): void {
	explicit.set(next, explicitEndpoints(prev));
}

/** The service as a ztunnel's stream carries it. */
export function wireService(s: Service, explicitSet: ReadonlySet<string>): WireService {
	if (explicitSet.has(serviceResourceName(s))) return s;
	const { endpoints: _derived, ...rest } = s;
	return rest;
}
