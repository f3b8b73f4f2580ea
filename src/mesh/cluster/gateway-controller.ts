/**
 * istiod's Gateway API controllers, run where the API is (as istiod's informers and writers
 * would be): once istiod is ready and the Gateway API CRDs exist, it keeps the built-in
 * GatewayClasses (`istio`, `istio-waypoint`), creates each managed Gateway's ServiceAccount,
 * Deployment and Service (src/mesh/istiod/gateway-deployment.ts), and writes the Gateway's
 * status (gateway-status.ts). Until a controller handles a Gateway it shows the CRD's default
 * "Waiting for controller" status. Deleting a Gateway leaves its objects to the garbage
 * collector (they carry its ownerReference). Its parts: `gateway-apply.ts` (objects to what istiod
 * renders), `gateway-status-writer.ts` (conditions and their transition times).
 */
import type { ApiServer, ResourceType, WatchEvent } from '../api/api-server.ts';
import { PODS, SECRETS, SERVICES } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { gatewayDeploymentName, renderGateway } from '../istiod/gateway-deployment.ts';
import {
	CLASS_ACCEPTED,
	PENDING_STATUS,
	builtinGatewayClasses,
	gatewayStatus,
	managedClasses
} from '../istiod/gateway-status.ts';
import { istiodSettings, type IstiodSettings } from '../istiod/install-settings.ts';
import { listenerTlsError } from '../istiod/gateway-tls-refs.ts';
import { parentRefs } from '../istiod/routes.ts';
import { alphaGatewayApiOf } from '../istiod/snapshot.ts';
import { GATEWAY_NAME_LABEL } from '../istiod/waypoints.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import { reconcileObject } from './gateway-apply.ts';
import { CRD_DEFAULT_TIME, obj, writeStatus } from './gateway-status-writer.ts';
import { isPodReady, listAll } from './pods.ts';

const WATCHED = new Set([
	'Gateway',
	'GatewayClass',
	'HTTPRoute',
	'TCPRoute',
	'Service',
	'Pod',
	'Deployment',
	'ServiceAccount',
	'Secret',
	'CustomResourceDefinition'
]);

/** istiod's controllers run once an istiod pod is ready (it holds the leader lease). */
function istiodReady(api: ApiServer): boolean {
	return listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }).some(
		(p) => p.metadata.labels?.['app'] === 'istiod' && isPodReady(p)
	);
}

/** The built-in GatewayClasses, created and Accepted (istio `gatewayclass.go`). */
function ensureClasses(api: ApiServer, at: string, ambientMultiNetwork: boolean): void {
	const type = api.resolve('gatewayclasses.gateway.networking.k8s.io');
	if (!type) return;
	for (const gc of builtinGatewayClasses(ambientMultiNetwork)) {
		let live = api.get(type, undefined, gc.metadata.name);
		if (isApiError(live)) live = api.create(gc);
		if (isApiError(live)) continue;
		writeStatus(api, type, live, { conditions: [CLASS_ACCEPTED] }, at);
	}
}

/**
 * Routes attached to each listener of `gw` (by `sectionName`, or every listener) whose kinds
 * the listener supports (generateSupportedKinds): HTTPRoutes on HTTP and HTTPS listeners,
 * TCPRoutes on TCP ones, and those only when istiod reads them (the alpha Gateway API).
 */
function attachedRoutes(api: ApiServer, gw: KubeObject, alpha: boolean): Map<string, number> {
	const out = new Map<string, number>();
	const listeners = obj(gw['spec'])['listeners'];
	const named = (Array.isArray(listeners) ? listeners : [])
		.map(obj)
		.filter((l): l is Record<string, unknown> & { name: string } => typeof l['name'] === 'string');
	const kinds = [
		{ resource: 'httproutes', protocols: ['HTTP', 'HTTPS'] },
		...(alpha ? [{ resource: 'tcproutes', protocols: ['TCP'] }] : [])
	];
	for (const { resource, protocols } of kinds) {
		const type = api.resolve(`${resource}.gateway.networking.k8s.io`);
		if (!type) continue;
		const names = named.filter((l) => protocols.includes(String(l['protocol']))).map((l) => l.name);
		for (const route of listAll(api, type)) {
			for (const p of parentRefs(route)) {
				if (p.kind !== 'Gateway' || p.name !== gw.metadata.name) continue;
				if (p.namespace !== (gw.metadata.namespace ?? 'default')) continue;
				for (const n of names)
					if (p.sectionName === undefined || p.sectionName === n) out.set(n, (out.get(n) ?? 0) + 1);
			}
		}
	}
	return out;
}

/** Whether the running istiod has the alpha Gateway API on (its container's env). */
function istiodAlphaGatewayApi(api: ApiServer): boolean {
	return alphaGatewayApiOf(listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }));
}

/** Each listener's TLS error, from the Secrets its certificateRefs name. */
function tlsErrors(api: ApiServer, gw: KubeObject): Map<string, string> {
	const out = new Map<string, string>();
	const namespace = gw.metadata.namespace ?? 'default';
	const listeners = obj(gw['spec'])['listeners'];
	const lookup = (ns: string, name: string) => {
		const s = api.get(SECRETS, ns, name);
		return isApiError(s) ? undefined : s;
	};
	for (const l of Array.isArray(listeners) ? listeners : []) {
		const e = listenerTlsError(obj(l), namespace, lookup);
		if (e !== undefined) out.set(String(obj(l)['name'] ?? ''), e);
	}
	return out;
}

/** One managed Gateway: its objects, then its status from what they became. */
function syncGateway(
	api: ApiServer,
	gwType: ResourceType,
	gw: KubeObject,
	at: string,
	settings: IstiodSettings,
	alpha: boolean
): void {
	for (const o of renderGateway(gw, settings)) reconcileObject(api, o);
	const namespace = gw.metadata.namespace ?? 'default';
	const service = api.get(SERVICES, namespace, gatewayDeploymentName(gw));
	const ready = listAll<Pod>(api, PODS, {
		namespace,
		labelSelector: `${GATEWAY_NAME_LABEL}=${gw.metadata.name}`
	}).some((p) => isPodReady(p) && p.metadata.deletionTimestamp === undefined);
	const status = gatewayStatus(gw, {
		service: isApiError(service) ? undefined : service,
		ready,
		attachedRoutes: attachedRoutes(api, gw, alpha),
		tlsErrors: tlsErrors(api, gw),
		alphaGatewayApi: alpha
	});
	const fresh = api.get(gwType, gw.metadata.namespace, gw.metadata.name);
	if (!isApiError(fresh)) writeStatus(api, gwType, fresh, status, at);
}

export function createGatewayController(api: ApiServer, now: () => SimMillis): Controller {
	return {
		name: 'istio-gateway',
		wants: (e: WatchEvent) => WATCHED.has(e.resource.kind),
		sync() {
			const gwType = api.resolve('gateways.gateway.networking.k8s.io');
			if (!gwType) return;
			const at = timestamp(now());
			const managed = istiodReady(api);
			const settings = istiodSettings(api);
			const classes = managedClasses(settings.ambientMultiNetwork);
			if (managed) ensureClasses(api, at, settings.ambientMultiNetwork);
			const alpha = managed && istiodAlphaGatewayApi(api);
			for (const gw of listAll(api, gwType)) {
				const className = String(obj(gw['spec'])['gatewayClassName'] ?? '');
				if (!managed || classes[className] === undefined) {
					if (obj(gw['status'])['conditions'] === undefined)
						writeStatus(api, gwType, gw, PENDING_STATUS, CRD_DEFAULT_TIME);
					continue;
				}
				syncGateway(api, gwType, gw, at, settings, alpha);
			}
		}
	};
}
