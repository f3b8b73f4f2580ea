/**
 * The waypoint side of istiod's push, carried out where the API is (istiod-feed calls it with
 * istiod's reply to each snapshot): writes the statuses istiod owns on HTTPRoutes
 * (`status.parents`) and targetRefs AuthorizationPolicies (`WaypointAccepted`), and delivers each
 * WaypointConfig to the proxies of its Gateway through the runtime's control side channel, the
 * way istiod's config reaches ztunnel's informer-fed state.
 *
 * The control message, to container `istio-proxy` of every pod labelled
 * `gateway.networking.k8s.io/gateway-name=<gateway>` in the Gateway's namespace:
 *
 *     { type: 'waypoint-config', config: WaypointConfig }   // src/mesh/waypoint/config.ts
 *
 * The program answers anything but undefined (e.g. `{ type: 'ok' }`) once it took the config;
 * undefined (no such host yet, program still loading) means "not delivered" and the config is
 * sent again on the next push. A config is re-sent only when it changed; `version` counts pushes.
 */
import type { ApiServer } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import { podHostId } from '../cluster/kubelet.ts';
import { listAll } from '../cluster/pods.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { WaypointConfig } from '../waypoint/config.ts';
import { PROXY_CONTAINER } from './gateway-deployment.ts';
import { GATEWAY_NAME_LABEL } from './waypoints.ts';
import type { WaypointAcceptedCondition } from './waypoints-authz.ts';
import type { RouteStatus, WaypointBoundCondition } from './waypoints-config.ts';

/** The control message a waypoint or gateway proxy receives. */
export interface WaypointConfigMessage {
	readonly type: 'waypoint-config';
	readonly config: WaypointConfig;
}

export function isWaypointConfigMessage(x: unknown): x is WaypointConfigMessage {
	return (
		typeof x === 'object' &&
		x !== null &&
		(x as { type?: unknown }).type === 'waypoint-config' &&
		typeof (x as { config?: unknown }).config === 'object'
	);
}

/** What istiod's reply carries for waypoints (see pilot.ts). */
interface WaypointReply {
	readonly waypoints?: readonly WaypointConfig[];
	readonly routeStatuses?: readonly RouteStatus[];
	readonly policyStatuses?: readonly (readonly [string, WaypointAcceptedCondition])[];
	readonly serviceStatuses?: readonly (readonly [string, WaypointBoundCondition | null])[];
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});
const noTimes = (x: unknown): unknown =>
	JSON.parse(
		JSON.stringify(x ?? null, (k, v: unknown) => (k === 'lastTransitionTime' ? undefined : v))
	);

export interface WaypointPusher {
	/** Handles istiod's reply to one snapshot; resolves when every delivery settled. */
	handle(reply: unknown): Promise<void>;
}

export function createWaypointPusher(api: ApiServer, runtime: Runtime): WaypointPusher {
	/** Pod uid → the config body it last took. */
	const delivered = new Map<string, string>();
	let version = 0;

	function writeRouteStatuses(statuses: readonly RouteStatus[]): void {
		const type = api.resolve('httproutes.gateway.networking.k8s.io');
		if (!type) return;
		const at = timestamp(runtime.now());
		for (const s of statuses) {
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

	function writePolicyStatuses(statuses: WaypointReply['policyStatuses']): void {
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
			const same = old.find(
				(o) => o['type'] === condition.type && o['status'] === condition.status
			);
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
	 * istiod's status writer for Services: sets, replaces or prunes the `istio.io/WaypointBound`
	 * condition and leaves the Service's other status (loadBalancer, conditions) alone.
	 */
	function writeServiceStatuses(statuses: WaypointReply['serviceStatuses']): void {
		const type = api.resolve('services');
		if (!type || !statuses) return;
		const at = timestamp(runtime.now());
		for (const [key, condition] of statuses) {
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

	async function deliver(configs: readonly WaypointConfig[]): Promise<void> {
		const sends: Promise<void>[] = [];
		const live = new Set<string>();
		for (const config of configs) {
			const pods = listAll<Pod>(api, PODS, {
				namespace: config.gateway.namespace,
				labelSelector: `${GATEWAY_NAME_LABEL}=${config.gateway.name}`
			}).filter((p) => p.status?.podIP && p.metadata.deletionTimestamp === undefined);
			const body = JSON.stringify(config);
			for (const pod of pods) {
				live.add(pod.metadata.uid);
				if (delivered.get(pod.metadata.uid) === body) continue;
				const message: WaypointConfigMessage = {
					type: 'waypoint-config',
					config: { ...config, version: ++version }
				};
				const host = podHostId(config.gateway.namespace, pod.metadata.name);
				sends.push(
					runtime
						.control(host, PROXY_CONTAINER, message)
						.then((reply) => {
							if (reply !== undefined) delivered.set(pod.metadata.uid, body);
						})
						.catch(() => undefined)
				);
			}
		}
		for (const uid of [...delivered.keys()]) if (!live.has(uid)) delivered.delete(uid);
		await Promise.all(sends);
	}

	return {
		async handle(reply) {
			const r = obj(reply) as WaypointReply;
			if (Array.isArray(r.routeStatuses)) writeRouteStatuses(r.routeStatuses);
			if (Array.isArray(r.policyStatuses)) writePolicyStatuses(r.policyStatuses);
			if (Array.isArray(r.serviceStatuses)) writeServiceStatuses(r.serviceStatuses);
			if (Array.isArray(r.waypoints)) await deliver(r.waypoints);
		}
	};
}
