/**
 * istiod's Gateway API controllers, run where the API is (as istiod's informers and writers
 * would be): once istiod is ready and the Gateway API CRDs exist, it keeps the built-in
 * GatewayClasses (`istio`, `istio-waypoint`), creates each managed Gateway's ServiceAccount,
 * Deployment and Service (src/mesh/istiod/gateway-deployment.ts), and writes the Gateway's
 * status (gateway-status.ts). Until a controller handles a Gateway it shows the CRD's default
 * "Waiting for controller" status. Deleting a Gateway leaves its objects to the garbage
 * collector (they carry its ownerReference).
 */
import type { ApiServer, ResourceType, WatchEvent } from '../api/api-server.ts';
import { PODS, SERVICES } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { gatewayDeploymentName, renderGateway } from '../istiod/gateway-deployment.ts';
import {
	CLASS_ACCEPTED,
	type Condition,
	type GatewayStatus,
	MANAGED_CLASSES,
	PENDING_STATUS,
	builtinGatewayClasses,
	gatewayStatus
} from '../istiod/gateway-status.ts';
import { parentRefs } from '../istiod/routes.ts';
import { GATEWAY_NAME_LABEL } from '../istiod/waypoints.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import { isPodReady, listAll } from './pods.ts';

const WATCHED = new Set([
	'Gateway',
	'GatewayClass',
	'HTTPRoute',
	'Service',
	'Pod',
	'Deployment',
	'ServiceAccount',
	'CustomResourceDefinition'
]);

/** The CRD default's transition time: "1970-01-01T00:00:00Z". */
const CRD_DEFAULT_TIME = '1970-01-01T00:00:00Z';

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});

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

export function createGatewayController(api: ApiServer, now: () => SimMillis): Controller {
	function istiodReady(): boolean {
		return listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }).some(
			(p) => p.metadata.labels?.['app'] === 'istiod' && isPodReady(p)
		);
	}

	function writeStatus(type: ResourceType, o: KubeObject, status: GatewayStatus, at: string): void {
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

	function ensureClasses(at: string): void {
		const type = api.resolve('gatewayclasses.gateway.networking.k8s.io');
		if (!type) return;
		for (const gc of builtinGatewayClasses()) {
			let live = api.get(type, undefined, gc.metadata.name);
			if (isApiError(live)) live = api.create(gc);
			if (isApiError(live)) continue;
			writeStatus(type, live, { conditions: [CLASS_ACCEPTED] }, at);
		}
	}

	/** Creates what is missing; brings labels, annotations and spec back to what istiod renders. */
	/** Does `live` hold every field `want` sets, with the same value (arrays element by element)? */
	function containsFields(live: unknown, want: unknown): boolean {
		if (Array.isArray(want)) {
			return (
				Array.isArray(live) &&
				live.length === want.length &&
				want.every((w, i) => containsFields(live[i], w))
			);
		}
		if (typeof want === 'object' && want !== null) {
			if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
			const l = live as Record<string, unknown>;
			return Object.entries(want).every(([k, v]) => containsFields(l[k], v));
		}
		return live === want;
	}

	function reconcileObject(desired: KubeObject): void {
		const type = api.resourceFor(desired.apiVersion, desired.kind);
		if (!type) return;
		const live = api.get(type, desired.metadata.namespace, desired.metadata.name);
		if (isApiError(live)) {
			api.create(structuredClone(desired));
			return;
		}
		const d = desired as Obj;
		const l = live as Obj;
		// Like istiod's server-side apply, own only the fields we render: the server's defaults and
		// other controllers' additions (the Deployment's revision annotation) are not a difference,
		// or the two controllers would undo each other forever.
		const specDiffers =
			desired.kind === 'Service'
				? ['type', 'selector'].some((k) => !deepEqual(obj(l['spec'])[k], obj(d['spec'])[k]))
				: desired.kind === 'Deployment' &&
					!containsFields(obj(l['spec'])['template'], obj(d['spec'])['template']);
		const metaDiffers =
			!containsFields(live.metadata.labels ?? {}, desired.metadata.labels ?? {}) ||
			!containsFields(live.metadata.annotations ?? {}, desired.metadata.annotations ?? {});
		if (!specDiffers && !metaDiffers) return;
		api.patch(type, live.metadata.namespace, live.metadata.name, (draft) => {
			draft.metadata.labels = { ...draft.metadata.labels, ...desired.metadata.labels };
			if (desired.metadata.annotations)
				draft.metadata.annotations = {
					...draft.metadata.annotations,
					...desired.metadata.annotations
				};
			if (!specDiffers) return;
			const spec = obj(draft['spec']);
			const want = obj(d['spec']);
			if (desired.kind === 'Service') {
				spec['type'] = want['type'];
				spec['selector'] = want['selector'];
				if (want['type'] === 'ClusterIP') {
					// A ClusterIP Service has no node ports.
					spec['ports'] = (Array.isArray(spec['ports']) ? spec['ports'] : []).map((p) => {
						const { nodePort: _, ...rest } = obj(p);
						return rest;
					});
				}
			} else spec['template'] = structuredClone(want['template']);
		});
	}

	function attachedRoutes(gw: KubeObject): Map<string, number> {
		const out = new Map<string, number>();
		const type = api.resolve('httproutes.gateway.networking.k8s.io');
		if (!type) return out;
		const listeners = obj(gw['spec'])['listeners'];
		const names = (Array.isArray(listeners) ? listeners : [])
			.map((l) => obj(l)['name'])
			.filter((n): n is string => typeof n === 'string');
		for (const route of listAll(api, type)) {
			for (const p of parentRefs(route)) {
				if (p.kind !== 'Gateway' || p.name !== gw.metadata.name) continue;
				if (p.namespace !== (gw.metadata.namespace ?? 'default')) continue;
				for (const n of names)
					if (p.sectionName === undefined || p.sectionName === n) out.set(n, (out.get(n) ?? 0) + 1);
			}
		}
		return out;
	}

	return {
		name: 'istio-gateway',
		wants: (e: WatchEvent) => WATCHED.has(e.resource.kind),
		sync() {
			const gwType = api.resolve('gateways.gateway.networking.k8s.io');
			if (!gwType) return;
			const at = timestamp(now());
			const managed = istiodReady();
			if (managed) ensureClasses(at);
			for (const gw of listAll(api, gwType)) {
				const className = String(obj(gw['spec'])['gatewayClassName'] ?? '');
				if (!managed || MANAGED_CLASSES[className] === undefined) {
					if (obj(gw['status'])['conditions'] === undefined)
						writeStatus(gwType, gw, PENDING_STATUS, CRD_DEFAULT_TIME);
					continue;
				}
				for (const o of renderGateway(gw)) reconcileObject(o);
				const namespace = gw.metadata.namespace ?? 'default';
				const service = api.get(SERVICES, namespace, gatewayDeploymentName(gw));
				const ready = listAll<Pod>(api, PODS, {
					namespace,
					labelSelector: `${GATEWAY_NAME_LABEL}=${gw.metadata.name}`
				}).some((p) => isPodReady(p) && p.metadata.deletionTimestamp === undefined);
				const status = gatewayStatus(gw, {
					service: isApiError(service) ? undefined : service,
					ready,
					attachedRoutes: attachedRoutes(gw)
				});
				const fresh = api.get(gwType, gw.metadata.namespace, gw.metadata.name);
				if (!isApiError(fresh)) writeStatus(gwType, fresh, status, at);
			}
		}
	};
}
