/**
 * How istiod writes a Gateway API object's status (istio `pilot/pkg/config/kube/gateway`
 * `conditions.go` and the status writer): conditions keep their transition time while their
 * status holds, and a status that differs only in times is not written again.
 */
import type { ApiServer, ResourceType } from '../api/api-server.ts';
import { deepEqual } from '../api/deep.ts';
import type { KubeObject } from '../api/objects.ts';
import { type Condition, type GatewayStatus, PENDING_STATUS } from '../istiod/gateway-status.ts';

/** The CRD default's transition time: "1970-01-01T00:00:00Z". */
export const CRD_DEFAULT_TIME = '1970-01-01T00:00:00Z';

export type Obj = Record<string, unknown>;
export const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});

/** Conditions with transition times: kept from the live ones whose status did not change. */
function stamp(
	next: readonly Condition[],
	live: unknown,
	at: string,
	generation: number | undefined
): Obj[] {
	const prev = (Array.isArray(live) ? live : []).map(obj);
	return next.map((c) => {
		const old = prev.find((p) => p['type'] === c.type);
		const same = old && old['status'] === c.status;
		return {
			lastTransitionTime: same ? old['lastTransitionTime'] : at,
			message: c.message,
			...(generation !== undefined ? { observedGeneration: generation } : {}),
			reason: c.reason,
			status: c.status,
			type: c.type
		};
	});
}

/** Compares statuses without transition times, so a rewrite only happens on a real change. */
const withoutTimes = (x: unknown): unknown =>
	JSON.parse(
		JSON.stringify(x ?? null, (k, v: unknown) => (k === 'lastTransitionTime' ? undefined : v))
	);

/** Writes `status` to `o`, stamped at `at`, unless only transition times would change. */
export function writeStatus(
	api: ApiServer,
	type: ResourceType,
	o: KubeObject,
	status: GatewayStatus,
	at: string
): void {
	const live = obj(o['status']);
	const generation = status === PENDING_STATUS ? undefined : o.metadata.generation;
	const next: Obj = {
		...(status.addresses ? { addresses: status.addresses } : {}),
		conditions: stamp(status.conditions, live['conditions'], at, generation),
		...(status.listeners
			? {
					listeners: status.listeners.map((l) => {
						const liveL = (Array.isArray(live['listeners']) ? live['listeners'] : [])
							.map(obj)
							.find((x) => x['name'] === l['name']);
						return {
							...l,
							conditions: stamp(
								l['conditions'] as Condition[],
								liveL?.['conditions'],
								at,
								generation
							)
						};
					})
				}
			: {})
	};
	if (deepEqual(withoutTimes(live), withoutTimes(next))) return;
	api.patch(type, o.metadata.namespace, o.metadata.name, (draft) => {
		draft['status'] = next;
	});
}
