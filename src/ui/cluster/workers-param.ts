/**
 * `?workers=N` starts the page's cluster with N worker nodes (kind's `ambient-worker`,
 * `ambient-worker2`, …), so a class can scale Bookinfo to 500 pods at 110 pods a node. Pure, so
 * Node tests cover it.
 */
import { parseWorkerCount, WORKER_COUNT } from '../../mesh/cluster/nodes.ts';

export const WORKERS_PARAM = 'workers';

export interface WorkersChoice {
	/** Absent: the cluster's default (two workers). */
	readonly workers?: number;
	/** Why the parameter was not used, for the terminal; absent when it was (or was not given). */
	readonly notice?: string;
}

export function workersFromSearch(search: string): WorkersChoice {
	const raw = new URLSearchParams(search).get(WORKERS_PARAM);
	if (raw === null) return {};
	const parsed = parseWorkerCount(raw);
	if (typeof parsed === 'number') return { workers: parsed };
	return {
		notice: `?${WORKERS_PARAM}=: ${parsed.error}; starting with ${WORKER_COUNT.default} workers.`
	};
}
