/**
 * Two kind clusters in one playground, for Istio's ambient multicluster pages: what
 * `kind create cluster --name cluster1` then `--name cluster2` leave behind. Each cluster has
 * its own API server, nodes, CNI and runtime (its own network: multi-network means their pods
 * are not routable to each other); both sit on kind's one docker network, cluster2's nodes on
 * the addresses after cluster1's. The learner's kubeconfig holds both contexts, the last
 * created current, as kind leaves it. The two clusters share one wall clock: sim time that
 * passes in one (a `sleep`, a settle) passes in the other.
 */
import type { Cluster } from '../mesh/cluster.ts';
import { ms, type SimMillis } from '../mesh/types.ts';
import type { Kubeconfig } from './kubectl/kubeconfig.ts';

/** How many kind clusters a playground may boot (`?clusters=`, `--clusters`, a scenario's). */
export const CLUSTER_COUNT = { min: 1, max: 2, default: 1 } as const;

/** The clusters' kind names, as Istio's multicluster pages call them. */
export const MULTICLUSTER_NAMES = ['cluster1', 'cluster2'] as const;

/**
 * The host ports kind published each API server on (kind picks a free one; these are fixed so
 * transcripts are stable).
 */
const API_SERVER_PORTS = [42417, 38651] as const;

export interface KindCluster {
	/** kind's name: `cluster1`. */
	readonly name: string;
	/** The kubeconfig context and cluster entry kind writes: `kind-cluster1`. */
	readonly context: string;
	/** The API server's URL in the kubeconfig. */
	readonly server: string;
}

export function kindClusters(count: number): KindCluster[] {
	return MULTICLUSTER_NAMES.slice(0, count).map((name, i) => ({
		name,
		context: `kind-${name}`,
		server: `https://127.0.0.1:${API_SERVER_PORTS[i] ?? 0}`
	}));
}

/** The kubeconfig after `kind create cluster` ran for each, in order: the last one is current. */
export function kindKubeconfig(clusters: readonly KindCluster[]): Kubeconfig {
	return {
		currentContext: clusters.at(-1)?.context ?? '',
		contexts: clusters.map((c) => ({ name: c.context, cluster: c.context, user: c.context })),
		clusters: clusters.map((c) => ({ name: c.context, server: c.server }))
	};
}

/** A count checked against CLUSTER_COUNT: the count, or the message a user reads. */
export function parseClusterCount(raw: string): number | { error: string } {
	const text = raw.trim();
	const n = /^\d+$/.test(text) ? Number(text) : NaN;
	if (Number.isInteger(n) && n >= CLUSTER_COUNT.min && n <= CLUSTER_COUNT.max) return n;
	return {
		error: `invalid cluster count "${raw}": must be ${CLUSTER_COUNT.min} or ${CLUSTER_COUNT.max}`
	};
}

/**
 * The clusters with one clock: after any of them advances or settles, the others are brought
 * to the same sim time (their timers fire), so ages and timestamps agree across contexts.
 * `dispose` of the first disposes them all (the playground's owner disposes that one).
 */
export function linkClocks<C extends Cluster>(clusters: readonly C[]): C[] {
	const align = async (): Promise<void> => {
		const target = Math.max(...clusters.map((c) => c.now()));
		for (const c of clusters) {
			const behind = target - c.now();
			if (behind > 0) await c.advance(ms(behind));
		}
	};
	const disposed = new Set<Cluster>();
	const disposeOnce = async (c: Cluster): Promise<void> => {
		if (disposed.has(c)) return;
		disposed.add(c);
		await c.dispose();
	};
	return clusters.map(
		(c, i) =>
			// Copied by descriptor: the cluster's own getters stay getters.
			Object.defineProperties(Object.defineProperties({}, Object.getOwnPropertyDescriptors(c)), {
				settle: { value: settle(c) },
				advance: { value: advance(c) },
				dispose: { value: () => (i > 0 ? disposeOnce(c) : disposeAll()) }
			}) as C
	);
	function settle(c: C) {
		return async (): Promise<void> => {
			await c.settle();
			// What the command set going in the others (an istiod reading this cluster) ends too.
			for (const other of clusters) if (other !== c) await other.settle();
			await align();
		};
	}
	function advance(c: C) {
		return async (delay: SimMillis): Promise<void> => {
			await c.advance(delay);
			await align();
		};
	}
	async function disposeAll(): Promise<void> {
		for (const other of clusters) await disposeOnce(other);
	}
}
