/**
 * The waypoint side of istiod's status writer, carried out where the API is (istiod-feed calls
 * it with istiod's reply to each snapshot): writes the statuses istiod owns on HTTPRoutes
 * (`status.parents`), targetRefs AuthorizationPolicies (`WaypointAccepted`) and Services
 * (`istio.io/WaypointBound`). The proxies' config itself travels on their xDS streams
 * (istiod.ts), not through here. One writer per kind, as pilot/pkg/serviceregistry/ambient
 * statusqueue registers one per collection; each patches only what changed.
 */
import type { ApiServer } from '../api/api-server.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import { timestamp } from '../api/time.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { WaypointAcceptedCondition } from './waypoints-authz.ts';
import type { WaypointBoundCondition } from './waypoints-bind.ts';
import type { RouteStatus } from './waypoints-routes.ts';
import { obj } from '../json.ts';

/** What istiod's reply carries for waypoints (see pilot.ts). */
interface WaypointReply {
	readonly routeStatuses?: readonly RouteStatus[];
	readonly policyStatuses?: readonly (readonly [string, WaypointAcceptedCondition])[];
	readonly serviceStatuses?: readonly (readonly [string, WaypointBoundCondition | null])[];
}

type Obj = Record<string, unknown>;
const noTimes = (x: unknown): unknown =>
	JSON.parse(
		JSON.stringify(x ?? null, (k, v: unknown) => (k === 'lastTransitionTime' ? undefined : v))
	);

export interface WaypointStatusWriter {
	/** Writes the statuses of istiod's reply to one snapshot. */
	handle(reply: unknown): void;
}

/** What each writer needs: the API it patches and sim time for `lastTransitionTime`. */
interface StatusContext {
	readonly api: ApiServer;
	readonly runtime: Pick<Runtime, 'now'>;
}

/** HTTPRoute `status.parents`, one entry per parentRef, transition times kept when unchanged. */
function writeRouteStatuses(
	{ api, runtime }: StatusContext,
	statuses: readonly RouteStatus[]
): void {
	const at = timestamp(runtime.now());
	for (const s of statuses) {
		const type = api.resolve(`${s.resource ?? 'httproutes'}.gateway.networking.k8s.io`);
		if (!type) continue;
		const live = api.get(type, s.namespace, s.name);
		if (isApiError(live)) continue;
		const generation = live.metadata.generation ?? 1;
		const prev = (
			Array.isArray(obj(live['status'])['parents']) ? obj(live['status'])['parents'] : []
		) as Obj[];
		const parents = s.parents.map((p, i) => ({
			conditions: p.conditions.map((c) => {
				const old = (
					Array.isArray(obj(prev[i])['conditions']) ? obj(prev[i])['conditions'] : []
				) as Obj[];
				const same = old.find((o) => o['type'] === c.type && o['status'] === c.status);
				return {
					lastTransitionTime: same?.['lastTransitionTime'] ?? at,
					message: c.message,
					observedGeneration: generation,
					reason: c.reason,
					status: c.status,
					type: c.type
				};
			}),
			controllerName: p.controllerName,
			parentRef: p.parentRef
		}));
		if (deepEqual(noTimes(prev), noTimes(parents))) continue;
		api.patch(type, s.namespace, s.name, (draft) => {
			draft['status'] = { ...obj(draft['status']), parents };
		});
	}
}

/** A targetRefs AuthorizationPolicy's `WaypointAccepted` condition. */
function writePolicyStatuses(
	{ api, runtime }: StatusContext,
	statuses: WaypointReply['policyStatuses']
): void {
	const type = api.resolve('authorizationpolicies.security.istio.io');
	if (!type || !statuses) return;
	const at = timestamp(runtime.now());
	for (const [key, condition] of statuses) {
		const [namespace, name] = key.split('/');
		if (!namespace || !name) continue;
		const live = api.get(type, namespace, name);
		if (isApiError(live)) continue;
		const current = obj(live['status'])['conditions'];
		const old = (Array.isArray(current) ? current : []).map(obj);
		const same = old.find((o) => o['type'] === condition.type && o['status'] === condition.status);
		const next = [
			{
				lastTransitionTime: same?.['lastTransitionTime'] ?? at,
				message: condition.message,
				observedGeneration: live.metadata.generation ?? 1,
				reason: condition.reason,
				status: condition.status,
				type: condition.type
			}
		];
		if (deepEqual(noTimes(current), noTimes(next))) continue;
		api.patch(type, namespace, name, (draft) => {
			draft['status'] = { ...obj(draft['status']), conditions: next };
		});
	}
}

/**
 * istiod's status writer for Services and ServiceEntries: sets, replaces or prunes the
 * `istio.io/WaypointBound` condition and leaves their other status (loadBalancer,
 * addresses, conditions) alone.
 */
function writeServiceStatuses(
	{ api, runtime }: StatusContext,
	statuses: WaypointReply['serviceStatuses']
): void {
	const services = api.resolve('services');
	const entries = api.resolve('serviceentries.networking.istio.io');
	if (!statuses) return;
	const at = timestamp(runtime.now());
	for (const [fullKey, condition] of statuses) {
		// `ns/name` is a Service; `ServiceEntry/ns/name` a ServiceEntry.
		const entry = fullKey.startsWith('ServiceEntry/');
		const type = entry ? entries : services;
		if (!type) continue;
		const key = entry ? fullKey.slice('ServiceEntry/'.length) : fullKey;
		const [namespace, name] = key.split('/');
		if (!namespace || !name) continue;
		const live = api.get(type, namespace, name);
		if (isApiError(live)) continue;
		const current = obj(live['status'])['conditions'];
		const old = (Array.isArray(current) ? current : []).map(obj);
		const others = old.filter((o) => o['type'] !== 'istio.io/WaypointBound');
		const prev = old.find((o) => o['type'] === 'istio.io/WaypointBound');
		const next = condition
			? [
					...others,
					{
						lastTransitionTime:
							prev?.['status'] === condition.status ? prev['lastTransitionTime'] : at,
						message: condition.message,
						observedGeneration: live.metadata.generation ?? 1,
						reason: condition.reason,
						status: condition.status,
						type: condition.type
					}
				]
			: others;
		if (deepEqual(noTimes(old), noTimes(next))) continue;
		api.patch(type, namespace, name, (draft) => {
			const status = { ...obj(draft['status']) };
			if (next.length > 0) status['conditions'] = next;
			else delete status['conditions'];
			draft['status'] = status;
		});
	}
}

export function createWaypointStatusWriter(
	api: ApiServer,
	runtime: Pick<Runtime, 'now'>
): WaypointStatusWriter {
	const ctx: StatusContext = { api, runtime };
	return {
		handle(reply) {
			const r = obj(reply) as WaypointReply;
			if (Array.isArray(r.routeStatuses)) writeRouteStatuses(ctx, r.routeStatuses);
			if (Array.isArray(r.policyStatuses)) writePolicyStatuses(ctx, r.policyStatuses);
			if (Array.isArray(r.serviceStatuses)) writeServiceStatuses(ctx, r.serviceStatuses);
		}
	};
}
