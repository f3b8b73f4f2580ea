/**
 * `?clusters=2` starts the page with two kind clusters, `cluster1` and `cluster2` (contexts
 * `kind-cluster1`, `kind-cluster2`), for Istio's ambient multicluster pages; both start empty.
 * Pure, so Node tests cover it.
 */
import { CLUSTER_COUNT, parseClusterCount } from '../../shell/multicluster.ts';

export const CLUSTERS_PARAM = 'clusters';

export interface ClustersChoice {
	/** Absent: one cluster (kind's `ambient`, with Bookinfo). */
	readonly clusters?: number;
	/** Why the parameter was not used, for the terminal; absent when it was (or was not given). */
	readonly notice?: string;
}

export function clustersFromSearch(search: string): ClustersChoice {
	const raw = new URLSearchParams(search).get(CLUSTERS_PARAM);
	if (raw === null) return {};
	const parsed = parseClusterCount(raw);
	if (typeof parsed === 'number') return parsed === 1 ? {} : { clusters: parsed };
	// Printable ASCII only: the value comes from any link and lands in the terminal.
	const shown = parsed.error.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
	return {
		notice: `?${CLUSTERS_PARAM}=: ${shown}; starting with ${CLUSTER_COUNT.default} cluster.`
	};
}
