/**
 * istiod's informers on remote API servers (pkg/kube/multicluster: one kube client per cluster a
 * remote secret names), as the cluster side carries them out: istiod says which servers it reads
 * (its reply to each feed message), this reader dials each one on kind's docker network (a peer
 * cluster's API server, when one answers at that URL), lists what istiod follows there
 * (`REMOTE_KINDS`) and lists it again whenever one of those objects changes. A server nobody
 * answers at (kind's 127.0.0.1 without `--server`, a wrong address) is never read: istiod
 * reports that cluster `timeout` after 30 s.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { REMOTE_KINDS, type RemoteList } from '../istiod/informer-cache.ts';

/** kind's docker network: the API server answering at a kubeconfig's `server` URL, if any. */
export type ApiServerResolver = (server: string) => ApiServer | undefined;

/** One cluster istiod reads, from its reply: `read` once its caches hold the cluster's list. */
export interface WantedCluster {
	readonly id: string;
	readonly server: string;
	readonly read: boolean;
}

const LISTED = ['namespaces', 'pods', 'services', 'gateways.gateway.networking.k8s.io'];
const remoteKinds: ReadonlySet<string> = new Set(REMOTE_KINDS);

/** What istiod's reply says it reads; anything malformed reads nothing. */
export function parseWanted(reply: unknown): WantedCluster[] {
	const raw = (reply as { remoteClusters?: unknown } | undefined)?.remoteClusters;
	if (!Array.isArray(raw)) return [];
	return raw.flatMap((x: unknown) => {
		const c = x as Partial<WantedCluster> | null;
		return c && typeof c.id === 'string' && typeof c.server === 'string'
			? [{ id: c.id, server: c.server, read: c.read === true }]
			: [];
	});
}

export class RemoteClusterReader {
	#resolve: ApiServerResolver = () => undefined;
	#wanted: WantedCluster[] = [];
	/** Cluster ids whose objects changed since they were last listed. */
	readonly #dirty = new Set<string>();
	/** Open watches by server URL. */
	readonly #watches = new Map<string, () => void>();
	#onChange: () => void = () => undefined;

	/** Which API servers kind's network has (the playground's other clusters). */
	connect(resolve: ApiServerResolver, onChange: () => void): void {
		this.#resolve = resolve;
		this.#onChange = onChange;
	}

	/** istiod's reply: the clusters it reads now. True when one needs a list it lacks. */
	update(wanted: readonly WantedCluster[]): boolean {
		this.#wanted = [...wanted];
		const servers = new Set(wanted.map((w) => w.server));
		for (const [server, stop] of this.#watches)
			if (!servers.has(server)) {
				stop();
				this.#watches.delete(server);
			}
		return this.#wanted.some((w) => this.#resolve(w.server) && (!w.read || this.#dirty.has(w.id)));
	}

	/** A new istiod: its caches hold no remote cluster yet. */
	reset(): void {
		this.#wanted = this.#wanted.map((w) => ({ ...w, read: false }));
	}

	/** The lists to send with the next message: unread clusters and changed ones. */
	take(): RemoteList[] {
		const out: RemoteList[] = [];
		this.#wanted = this.#wanted.map((w) => {
			const api = this.#resolve(w.server);
			if (!api || (w.read && !this.#dirty.has(w.id))) return w;
			this.#watch(w.server, api);
			this.#dirty.delete(w.id);
			out.push({ cluster: w.id, objects: listRemote(api) });
			return { ...w, read: true };
		});
		return out;
	}

	#watch(server: string, api: ApiServer): void {
		if (this.#watches.has(server)) return;
		const stop = api.watch((e: WatchEvent) => {
			if (!remoteKinds.has(e.resource.kind)) return;
			for (const w of this.#wanted) if (w.server === server) this.#dirty.add(w.id);
			this.#onChange();
		});
		this.#watches.set(server, stop);
	}
}

function listRemote(api: ApiServer): KubeObject[] {
	const out: KubeObject[] = [];
	for (const typed of LISTED) {
		const type = api.resolve(typed);
		const found = type ? api.list(type) : [];
		if (!isApiError(found)) for (const o of found) out.push(clone(o));
	}
	return out;
}
