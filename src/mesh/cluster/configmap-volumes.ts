/**
 * The kubelet's ConfigMap volumes, reduced to the one Istio's proxies mount: the namespace's
 * `istio-ca-root-cert` at /var/run/secrets/istio/root-cert.pem (ztunnel, sidecars and gateways
 * trust it on 15012). Shortcut, as pod specs here carry no volumes: every pod gets the file when
 * its namespace has the ConfigMap (apps never read it), a pod starts without it instead of
 * waiting in ContainerCreating (its proxy retries until the file arrives), and a changed
 * ConfigMap reaches running pods at once rather than after kubelet's sync period.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { CONFIG_MAPS, PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { VolumeUpdate } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import { CA_ROOT_CONFIGMAP, CA_ROOT_CONFIGMAP_KEY, ROOT_CERT_PATH } from '../xds/root-cert.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

export interface ConfigMapVolumes extends Controller {
	/** What a pod of `namespace` mounts as it starts; remembered as delivered to `uid`. */
	filesFor(uid: string, namespace: string): Record<string, string>;
	/** Refreshes still in flight, for `settle()`. */
	pending(): Promise<unknown>[];
}

export function createConfigMapVolumes(
	api: ApiServer,
	runtime: Pick<Runtime, 'control'>,
	hostOf: (namespace: string, name: string) => HostId | undefined
): ConfigMapVolumes {
	/** Pod uid → the root PEM it holds ('' for none). */
	const delivered = new Map<string, string>();
	const inflight = new Set<Promise<unknown>>();
	let dirty = false;

	function rootPem(namespace: string): string {
		const cm = api.get(CONFIG_MAPS, namespace, CA_ROOT_CONFIGMAP);
		if (isApiError(cm)) return '';
		return (cm as { data?: Record<string, string> }).data?.[CA_ROOT_CONFIGMAP_KEY] ?? '';
	}

	const files = (pem: string): Record<string, string> => (pem ? { [ROOT_CERT_PATH]: pem } : {});

	function refresh(pod: Pod, host: HostId, pem: string): void {
		const uid = pod.metadata.uid;
		const update: VolumeUpdate = { type: 'kubelet-volume-update', files: files(pem) };
		const done = runtime
			.control(host, pod.spec.containers[0]?.name ?? '', update)
			.catch(() => undefined)
			.then((reply) => {
				inflight.delete(done);
				// No reply: the host is not up yet; try again with the next pod change.
				if (reply === undefined) dirty = true;
				else if (delivered.has(uid)) delivered.set(uid, pem);
			});
		inflight.add(done);
	}

	return {
		name: 'configmap-volumes',
		wants: (e: WatchEvent) =>
			(e.resource.kind === 'ConfigMap' && e.object.metadata.name === CA_ROOT_CONFIGMAP) ||
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
				const pem = rootPem(ns);
				const host = hostOf(ns, pod.metadata.name);
				if (pem === held || host === undefined) continue;
				refresh(pod, host, pem);
			}
			for (const uid of [...delivered.keys()]) if (!live.has(uid)) delivered.delete(uid);
		},
		filesFor(uid, namespace) {
			const pem = rootPem(namespace);
			delivered.set(uid, pem);
			return files(pem);
		},
		pending: () => [...inflight]
	};
}
