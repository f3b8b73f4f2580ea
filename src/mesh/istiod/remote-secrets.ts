/**
 * istiod's multicluster remote secrets controller (pkg/kube/multicluster/secretcontroller.go,
 * Istio 1.30.3): Secrets in istiod's namespace labelled `istio/multiCluster: "true"` each hold one
 * kubeconfig per remote cluster id (the data key). Each change is logged as the controller does
 * (processItem, addRemoteConfig, deleteRemoteConfig); a cluster whose kubeconfig names a server
 * nobody answers at from the pod (kind's `https://127.0.0.1:…` without `--server`) never syncs
 * and is reported after PILOT_REMOTE_CLUSTER_TIMEOUT (30 s, cluster.go).
 * A cluster syncs when its API server answers with the list of what istiod's informers follow
 * (the cluster side delivers it: `cluster/istiod-feed.ts`); one that never answers times out the
 * same way. `list()` is `/debug/clusterz`; `clusters()` what istiod asks the feed to read.
 */
import type { KubeObject } from '../api/objects.ts';
import { obj } from '../json.ts';

export const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';
/** features.RemoteClusterTimeout. */
export const REMOTE_CLUSTER_TIMEOUT_MS = 30_000;

export interface RemoteSecretLog {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export interface RemoteCluster {
	readonly id: string;
	readonly secret: string;
	readonly server: string;
	readonly kubeconfig: string;
}

function decode(b64: unknown): string {
	if (typeof b64 !== 'string') return '';
	try {
		return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
	} catch {
		return '';
	}
}

export const isRemoteSecret = (o: KubeObject, namespace = 'istio-system'): boolean =>
	o.kind === 'Secret' &&
	o.metadata.namespace === namespace &&
	o.metadata.labels?.[MULTICLUSTER_SECRET_LABEL] === 'true';

/** The kubeconfig's (first) cluster server URL. */
const serverOf = (kubeconfig: string): string =>
	/^\s*server:\s*(\S+)\s*$/m.exec(kubeconfig)?.[1] ?? '';

/** cluster.DebugInfo, as `/debug/clusterz` reports each cluster (pkg/cluster/debug.go). */
export interface ClusterDebugInfo {
	readonly id: string;
	readonly secretName: string;
	readonly syncStatus: 'syncing' | 'synced' | 'timeout';
}

/** Tracks the remote clusters the secrets configure, logging as istiod does. */
export class RemoteSecretController {
	/** `<ns>/<secret>` → cluster id → kubeconfig text. */
	readonly #configs = new Map<string, Map<string, string>>();
	/** Sync status by `<secret>\0<cluster id>` (absent: syncing). */
	readonly #status = new Map<string, ClusterDebugInfo['syncStatus']>();

	constructor(
		private readonly configClusterId: string,
		private readonly log: RemoteSecretLog,
		/** Called for each cluster added or updated (the caller schedules its sync outcome). */
		private readonly onCluster: (c: RemoteCluster) => void
	) {}

	get size(): number {
		let n = 0;
		for (const m of this.#configs.values()) n += m.size;
		return n;
	}

	/** Records a cluster's sync outcome (cluster.go: synced, or timeout after RemoteClusterTimeout). */
	setStatus(c: RemoteCluster, status: ClusterDebugInfo['syncStatus']): void {
		if (this.current(c)) this.#status.set(`${c.secret}\0${c.id}`, status);
	}

	/** ListRemoteClusters: the config cluster (synced), then each secret's clusters. */
	list(): ClusterDebugInfo[] {
		const out: ClusterDebugInfo[] = [
			{ id: this.configClusterId, secretName: '', syncStatus: 'synced' }
		];
		for (const [secret, clusters] of this.#configs)
			for (const id of clusters.keys())
				out.push({
					id,
					secretName: secret,
					syncStatus: this.#status.get(`${secret}\0${id}`) ?? 'syncing'
				});
		return out;
	}

	/** The clusters configured now (istiod reads each one's API server). */
	clusters(): RemoteCluster[] {
		const out: RemoteCluster[] = [];
		for (const [secret, clusters] of this.#configs)
			for (const [id, kubeconfig] of clusters)
				out.push({ id, secret, server: serverOf(kubeconfig), kubeconfig });
		return out;
	}

	/** Whether the cluster is still configured as it was when added. */
	current(c: RemoteCluster): boolean {
		return this.#configs.get(c.secret)?.get(c.id) === c.kubeconfig;
	}

	/** The secrets now in the cache (already filtered with isRemoteSecret). */
	sync(secrets: readonly KubeObject[]): void {
		const seen = new Set<string>();
		for (const s of secrets) {
			const key = `${s.metadata.namespace ?? ''}/${s.metadata.name}`;
			seen.add(key);
			const data = Object.entries(obj(s['data'])).map(([id, v]) => [id, decode(v)] as const);
			const before = this.#configs.get(key);
			const changed =
				!before || before.size !== data.length || data.some(([id, cfg]) => before.get(id) !== cfg);
			if (changed) this.#add(key, data);
		}
		for (const key of [...this.#configs.keys()]) if (!seen.has(key)) this.#delete(key);
	}

	#add(key: string, data: readonly (readonly [string, string])[]): void {
		this.log.info(`processing remote config event for ${key}`);
		const clusters = this.#configs.get(key) ?? new Map<string, string>();
		const wanted = new Set(data.map(([id]) => id));
		for (const id of [...clusters.keys()])
			if (!wanted.has(id)) this.#deleteCluster(key, clusters, id);
		for (const [id, cfg] of data) {
			const labels = `\tcluster=${id} config=${key}`;
			if (id === this.configClusterId) {
				this.log.info(`ignoring cluster as it would overwrite the config cluster${labels}`);
				continue;
			}
			const prev = clusters.get(id);
			if (prev === cfg) {
				this.log.info(`skipping update (kubeconfig are identical)${labels}`);
				continue;
			}
			if (prev === undefined && this.#registeredElsewhere(id, key)) {
				this.log.warn(`cluster has already been registered${labels}`);
				continue;
			}
			this.log.info(`${prev === undefined ? 'Add' : 'Update'} cluster${labels}`);
			clusters.set(id, cfg);
			this.#status.delete(`${key}\0${id}`);
			this.#configs.set(key, clusters);
			this.onCluster({ id, secret: key, server: serverOf(cfg), kubeconfig: cfg });
		}
		this.#configs.set(key, clusters);
		this.log.info(`Number of remote clusters: ${this.size}`);
	}

	#registeredElsewhere(id: string, key: string): boolean {
		for (const [k, m] of this.#configs) if (k !== key && m.has(id)) return true;
		return false;
	}

	#deleteCluster(key: string, clusters: Map<string, string>, id: string): void {
		this.log.info(`Deleting cluster_id=${id} configured by secret=${key}`);
		clusters.delete(id);
		this.#status.delete(`${key}\0${id}`);
		this.log.info(`Number of remote clusters: ${this.size}`);
	}

	#delete(key: string): void {
		this.log.info(`processing remote config event for ${key}`);
		const clusters = this.#configs.get(key);
		for (const id of [...(clusters?.keys() ?? [])])
			if (clusters) this.#deleteCluster(key, clusters, id);
		this.#configs.delete(key);
		this.log.info(`Number of remote clusters: ${this.size}`);
	}
}
