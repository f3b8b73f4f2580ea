/**
 * The kubelet's ConfigMap volumes: a pod's own `configMap` volumes as it starts (not refreshed
 * afterwards), and two the simulation keeps current:
 * - the namespace's `istio-ca-root-cert` at /var/run/secrets/istio/root-cert.pem (ztunnel,
 *   sidecars and gateways trust it on 15012). Shortcut, as pod specs here carry no volume for
 *   it: every pod gets the file when its namespace has the ConfigMap (apps never read it), a pod
 *   starts without it instead of waiting in ContainerCreating (its proxy retries until the file
 *   arrives), and a changed ConfigMap reaches running pods at once rather than after kubelet's
 *   sync period;
 * - the `kube-api-access-*` projected volume the ServiceAccount admission plugin adds: `ca.crt`
 *   (from `kube-root-ca.crt`) and `namespace` (the downward API). Its `token` is not written:
 *   nothing in the playground talks to the API server from a pod (README, "Simplified").
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { CONFIG_MAPS, PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import { TOKEN_MOUNT_PATH } from '../api/pod-admission.ts';
import type { VolumeUpdate } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import { CA_ROOT_CONFIGMAP, CA_ROOT_CONFIGMAP_KEY, ROOT_CERT_PATH } from '../xds/root-cert.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';
import { ROOT_CA_CONFIGMAP, ROOT_CA_KEY } from './root-ca-publisher.ts';

interface ConfigMapSource {
	readonly name?: unknown;
	readonly items?: readonly { key: string; path: string }[];
}

/** Where the pod's containers mount the volume `name`. */
function mountPaths(pod: Pod, name: unknown): string[] {
	const out: string[] = [];
	for (const c of pod.spec.containers)
		for (const m of (c as { volumeMounts?: { name?: unknown; mountPath?: unknown }[] })
			.volumeMounts ?? [])
			if (m.name === name && typeof m.mountPath === 'string') out.push(m.mountPath);
	return out;
}

/**
 * The pod's own `configMap` volumes, each key (or each of `items`) a file under the mount
 * path of the containers that mount it, read as the pod starts (CoreDNS's Corefile).
 */
function configMapFiles(api: ApiServer, pod: Pod): Record<string, string> {
	const out: Record<string, string> = {};
	const volumes = (pod.spec as { volumes?: unknown }).volumes;
	if (!Array.isArray(volumes)) return out;
	const namespace = pod.metadata.namespace ?? 'default';
	for (const v of volumes as { name?: unknown; configMap?: ConfigMapSource }[]) {
		const source = v.configMap;
		if (typeof source?.name !== 'string') continue;
		const cm = api.get(CONFIG_MAPS, namespace, source.name);
		if (isApiError(cm)) continue;
		const data = (cm as { data?: Record<string, string> }).data ?? {};
		const items = Array.isArray(source.items)
			? source.items
			: Object.keys(data).map((key) => ({ key, path: key }));
		for (const path of mountPaths(pod, v.name))
			for (const item of items)
				if (typeof data[item.key] === 'string')
					out[`${path.replace(/\/+$/, '')}/${item.path}`] = data[item.key] as string;
	}
	return out;
}

export interface ConfigMapVolumes extends Controller {
	/** What `pod` mounts as it starts; remembered as delivered to it. */
	filesFor(pod: Pod): Record<string, string>;
	/** Refreshes still in flight, for `settle()`. */
	pending(): Promise<unknown>[];
}

export function createConfigMapVolumes(
	api: ApiServer,
	runtime: Pick<Runtime, 'control'>,
	hostOf: (namespace: string, name: string) => HostId | undefined
): ConfigMapVolumes {
	/** Pod uid → the files it holds, as JSON (what a refresh compares). */
	const delivered = new Map<string, string>();
	const inflight = new Set<Promise<unknown>>();
	let dirty = false;

	/** One key of a ConfigMap in `namespace`, '' when either is missing. */
	function configMapValue(namespace: string, name: string, key: string): string {
		const cm = api.get(CONFIG_MAPS, namespace, name);
		if (isApiError(cm)) return '';
		return (cm as { data?: Record<string, string> }).data?.[key] ?? '';
	}

	const rootPem = (namespace: string): string =>
		configMapValue(namespace, CA_ROOT_CONFIGMAP, CA_ROOT_CONFIGMAP_KEY);

	/** The projected service-account files, when admission mounted them into a container. */
	function serviceAccountFiles(pod: Pod): Record<string, string> {
		const mounted = pod.spec.containers.some((c) =>
			(c as { volumeMounts?: { mountPath?: string }[] }).volumeMounts?.some(
				(m) => m.mountPath === TOKEN_MOUNT_PATH
			)
		);
		if (!mounted) return {};
		const namespace = pod.metadata.namespace ?? 'default';
		const out: Record<string, string> = { [`${TOKEN_MOUNT_PATH}/namespace`]: namespace };
		const ca = configMapValue(namespace, ROOT_CA_CONFIGMAP, ROOT_CA_KEY);
		if (ca) out[`${TOKEN_MOUNT_PATH}/${ROOT_CA_KEY}`] = ca;
		return out;
	}

	const files = (pod: Pod, pem: string): Record<string, string> => ({
		...configMapFiles(api, pod),
		...serviceAccountFiles(pod),
		...(pem ? { [ROOT_CERT_PATH]: pem } : {})
	});

	function refresh(pod: Pod, host: HostId, held: Record<string, string>): void {
		const uid = pod.metadata.uid;
		const update: VolumeUpdate = { type: 'kubelet-volume-update', files: held };
		// Recorded as sent, so a change while this one is in flight is compared with it.
		delivered.set(uid, JSON.stringify(held));
		const done = runtime
			.control(host, pod.spec.containers[0]?.name ?? '', update)
			.catch(() => undefined)
			.then((reply) => {
				inflight.delete(done);
				// No reply: the host is not up yet; try again with the next pod change.
				if (reply === undefined && delivered.has(uid)) {
					delivered.set(uid, '');
					dirty = true;
				}
			});
		inflight.add(done);
	}

	return {
		name: 'configmap-volumes',
		wants: (e: WatchEvent) =>
			(e.resource.kind === 'ConfigMap' &&
				(e.object.metadata.name === CA_ROOT_CONFIGMAP ||
					e.object.metadata.name === ROOT_CA_CONFIGMAP)) ||
			(dirty && e.resource.kind === 'Pod'),
		sync() {
			dirty = false;
			const live = new Set<string>();
			for (const pod of listAll<Pod>(api, PODS)) {
				const uid = pod.metadata.uid;
				live.add(uid);
				const held = delivered.get(uid);
				if (held === undefined) continue;
				const ns = pod.metadata.namespace ?? 'default';
				const now = files(pod, rootPem(ns));
				const host = hostOf(ns, pod.metadata.name);
				if (JSON.stringify(now) === held || host === undefined) continue;
				refresh(pod, host, now);
			}
			for (const uid of [...delivered.keys()]) if (!live.has(uid)) delivered.delete(uid);
		},
		filesFor(pod) {
			const out = files(pod, rootPem(pod.metadata.namespace ?? 'default'));
			delivered.set(pod.metadata.uid, JSON.stringify(out));
			return out;
		},
		pending: () => [...inflight]
	};
}
