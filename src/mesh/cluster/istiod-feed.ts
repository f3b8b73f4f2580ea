/**
 * istiod's watch on the API server: the running istiod gets the full list of the objects its
 * informers follow once (and again whenever it is a new istiod or asks for it), then only the
 * watch events, through the runtime's control channel, and pushes config to the proxies that
 * need it. At most one message is in flight; events meanwhile are coalesced per object (its
 * latest state, or its deletion) into the next, as an informer's debounce would.
 */
import { isRemoteSecret } from '../istiod/remote-secrets.ts';
import type { ApiServer, ResourceType, WatchEvent } from '../api/api-server.ts';
import { clone, deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import { PODS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { isCredentialSecret } from '../istiod/gateway-credentials.ts';
import { publishCaRoot } from '../istiod/namespace-controller.ts';
import type { InformerMessage, ObjectRef } from '../istiod/informer-cache.ts';
import { CA_ROOT_CONFIGMAP } from '../xds/root-cert.ts';
import { createWaypointStatusWriter } from '../istiod/waypoints-status-writer.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { Controller } from './controller.ts';
import {
	type ApiServerResolver,
	parseWanted,
	RemoteClusterReader
} from './remote-cluster-reader.ts';
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
	'TCPRoute',
	'VirtualService',
	'DestinationRule',
	'Telemetry',
	'ServiceEntry',
	'WasmPlugin',
	'RequestAuthentication',
	'Secret'
]);

/** What istiod's informers list (istiod/snapshot.ts reads the same). */
const LISTED = [
	'pods',
	'namespaces',
	'services',
	'configmaps',
	'authorizationpolicies.security.istio.io',
	'peerauthentications.security.istio.io',
	'gateways.gateway.networking.k8s.io',
	'httproutes.gateway.networking.k8s.io',
	'tcproutes.gateway.networking.k8s.io',
	'gateways.networking.istio.io',
	'virtualservices.networking.istio.io',
	'destinationrules.networking.istio.io',
	'telemetries.telemetry.istio.io',
	'serviceentries.networking.istio.io',
	'wasmplugins.extensions.istio.io',
	'requestauthentications.security.istio.io',
	'secrets'
];

/** The root ConfigMaps are istiod's own output, not something it reads. */
const isRootConfigMap = (kind: string, name: string): boolean =>
	kind === 'ConfigMap' && name === CA_ROOT_CONFIGMAP;

/**
 * What istiod does not read: its own root ConfigMaps, and Secrets that hold no credential and
 * are no multicluster remote secret.
 */
const ignored = (o: KubeObject): boolean =>
	isRootConfigMap(o.kind, o.metadata.name) ||
	(o.kind === 'Secret' && !isCredentialSecret(o) && !isRemoteSecret(o));

/** Every watched object, as the first message to a new istiod. */
function fullList(api: ApiServer): InformerMessage {
	const objects: KubeObject[] = [];
	for (const typed of LISTED) {
		const type: ResourceType | undefined = api.resolve(typed);
		const found = type ? api.list(type) : [];
		if (isApiError(found)) continue;
		for (const o of found) if (!ignored(o)) objects.push(o);
	}
	return { type: 'list', objects };
}

/** The pending events, coalesced per object. */
function events(pending: ReadonlyMap<string, WatchEvent>): InformerMessage {
	const upserts: KubeObject[] = [];
	const deletes: ObjectRef[] = [];
	for (const e of pending.values()) {
		const o = e.object;
		// The event holds the stored object; istiod's caches get their own copy, once per
		// object however many events it had since the last message.
		if (e.type !== 'DELETED') upserts.push(clone(o));
		else {
			const { namespace, name } = o.metadata;
			deletes.push({
				apiVersion: o.apiVersion,
				kind: o.kind,
				name,
				...(namespace !== undefined ? { namespace } : {})
			});
		}
	}
	return { type: 'events', upserts, deletes };
}

export interface IstiodFeed extends Controller {
	/** The snapshot delivery in flight, for `settle()`. */
	pending(): Promise<unknown>[];
	/**
	 * kind's docker network, for istiod's remote clusters (remote-cluster-reader.ts); `poke`
	 * runs this feed's sync when a remote cluster it reads changed.
	 */
	connectPeers(resolve: ApiServerResolver, poke: () => void): void;
}

export function createIstiodFeed(api: ApiServer, runtime: Runtime): IstiodFeed {
	let inflight: Promise<unknown> | undefined;
	let again = false;
	/** The istiod (pod uid) whose caches hold the full list; undefined: list again. */
	let syncedTo: string | undefined;
	/** Objects changed since the last message: `apiVersion/kind/ns/name` → latest event. */
	const pending = new Map<string, WatchEvent>();
	const waypoints = createWaypointStatusWriter(api, runtime);
	const remotes = new RemoteClusterReader();

	function istiodPod(): Pod | undefined {
		return listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }).find(
			(p) => p.metadata.labels?.app === 'istiod' && isPodReady(p)
		);
	}

	function send(): void {
		const pod = istiodPod();
		if (!pod) return;
		const uid = pod.metadata.uid ?? pod.metadata.name;
		if (syncedTo !== uid) remotes.reset();
		const local = syncedTo === uid ? events(pending) : fullList(api);
		const read = remotes.take();
		const message: InformerMessage = read.length > 0 ? { ...local, remotes: read } : local;
		pending.clear();
		syncedTo = uid;
		const host = podHostId(ISTIO_SYSTEM_NAMESPACE, pod.metadata.name);
		inflight = runtime
			.control(host, 'discovery', message)
			.catch(() => undefined)
			.then((reply) => {
				// No answer (istiod not running) or a request for the list: start over with one.
				const type = (reply as { type?: unknown } | undefined)?.type;
				if (type !== 'ok') {
					syncedTo = undefined;
					if (type === 'resync') again = true;
				}
				// The remote clusters istiod reads: one it lacks is listed in the next message.
				if (type === 'ok' && remotes.update(parseWanted(reply))) again = true;
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
		wants(e: WatchEvent) {
			if (!WATCHED.has(e.resource.kind)) return false;
			if (ignored(e.object)) return false;
			const { apiVersion, kind, metadata } = e.object;
			pending.set(`${apiVersion}/${kind}/${metadata.namespace ?? ''}/${metadata.name}`, e);
			return true;
		},
		sync() {
			if (inflight) again = true;
			else send();
		},
		pending: () => (inflight ? [inflight] : []),
		connectPeers: (resolve, poke) => remotes.connect(resolve, poke)
	};
}
