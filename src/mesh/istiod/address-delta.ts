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
	type ResourceDelta
} from '../xds/delta.ts';
import type { Authorization, Service, Workload, ZtunnelConfig } from '../xds/workload-api.ts';
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
