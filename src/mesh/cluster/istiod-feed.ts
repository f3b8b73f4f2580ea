/**
 * istiod's watch on the API server: whenever the objects istiod's informers follow change, the
 * running istiod gets a fresh snapshot through the runtime's control channel and pushes config
 * to the ztunnels that need it. At most one snapshot is in flight; changes meanwhile are
 * coalesced into the next, as an informer's debounce would.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import { PODS } from '../api/builtin-resources.ts';
import type { Pod } from '../api/objects.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { publishCaRoot } from '../istiod/namespace-controller.ts';
import { readClusterSnapshot } from '../istiod/snapshot.ts';
import { CA_ROOT_CONFIGMAP } from '../xds/root-cert.ts';
import { createWaypointStatusWriter } from '../istiod/waypoints-status-writer.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { Controller } from './controller.ts';
import { podHostId } from './pod-host-spec.ts';
import { isPodReady, listAll } from './pods.ts';

const WATCHED = new Set([
	'Pod',
	'Namespace',
	'Service',
	'ConfigMap',
	'AuthorizationPolicy',
	'PeerAuthentication',
	'Gateway',
	'HTTPRoute',
	'VirtualService',
	'DestinationRule',
	'Telemetry',
	'ServiceEntry'
]);

export interface IstiodFeed extends Controller {
	/** The snapshot delivery in flight, for `settle()`. */
	pending(): Promise<unknown>[];
}

export function createIstiodFeed(api: ApiServer, runtime: Runtime): IstiodFeed {
	let inflight: Promise<unknown> | undefined;
	let again = false;
	const waypoints = createWaypointStatusWriter(api, runtime);

	function istiodPod(): Pod | undefined {
		return listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }).find(
			(p) => p.metadata.labels?.app === 'istiod' && isPodReady(p)
		);
	}

	function send(): void {
		const pod = istiodPod();
		if (!pod) return;
		const snapshot = readClusterSnapshot(api);
		const host = podHostId(ISTIO_SYSTEM_NAMESPACE, pod.metadata.name);
		inflight = runtime
			.control(host, 'discovery', { type: 'snapshot', snapshot })
			.catch(() => undefined)
			.then((reply) => {
				writeStatuses(reply);
				publishCaRoot(api, reply);
				waypoints.handle(reply);
				inflight = undefined;
				if (again) {
					again = false;
					send();
				}
			});
	}

	/**
	 * istiod writes each AuthorizationPolicy's `ZtunnelAccepted` condition (what it did with the
	 * policy for ztunnel); only a changed condition is written, so the loop settles.
	 */
	function writeStatuses(reply: unknown): void {
		const statuses = (reply as { statuses?: unknown } | undefined)?.statuses;
		const type = api.resolve('authorizationpolicies.security.istio.io');
		if (!Array.isArray(statuses) || !type) return;
		for (const entry of statuses as [string, Record<string, unknown>][]) {
			const [key, condition] = entry;
			const [namespace, name] = key.split('/');
			if (!namespace || !name) continue;
			const live = api.get(type, namespace, name);
			if (isApiError(live)) continue;
			const current = (live.status as { conditions?: unknown[] } | undefined)?.conditions;
			const next = [{ ...condition, observedGeneration: live.metadata.generation ?? 1 }];
			if (deepEqual(current, next)) continue;
			api.patch(type, namespace, name, (draft) => {
				draft.status = { ...(draft.status as object | undefined), conditions: next };
			});
		}
	}

	return {
		name: 'istiod-watch',
		// The root ConfigMaps are istiod's own output, not something it reads.
		wants: (e: WatchEvent) =>
			WATCHED.has(e.resource.kind) &&
			!(e.resource.kind === 'ConfigMap' && e.object.metadata.name === CA_ROOT_CONFIGMAP),
		sync() {
			if (inflight) again = true;
			else send();
		},
		pending: () => (inflight ? [inflight] : [])
	};
}
