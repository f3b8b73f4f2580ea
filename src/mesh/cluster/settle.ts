/**
 * `cluster.settle()`: waits until the work the last command set in motion is done: host starts
 * and stops, istiod's snapshots, ConfigMap volume refreshes, then what those set going on the
 * network (config pushes). A scale-up past one burst returns early, as kubectl does.
 */
import type { Runtime } from '../runtime/runtime.ts';
import type { ClusterControllers } from './cluster-controllers.ts';

/** The safety net for `settle()`: a host that never finishes starting must not hang the shell. */
const MAX_SETTLE_ROUNDS = 10_000;

export function createSettle(
	runtime: Runtime,
	{ manager, replicaSets, kubelet, istiodFeed, volumes, zdsFeed, prometheusSd }: ClusterControllers
): () => Promise<void> {
	const inFlight = (): Promise<unknown>[] => [
		...kubelet.pending(),
		...istiodFeed.pending(),
		...zdsFeed.pending(),
		...volumes.pending(),
		...prometheusSd.pending()
	];
	return async function settle(): Promise<void> {
		for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
			// A scale-up past one burst is under way: as with kubectl, the command returns and the
			// pods appear over later passes (`controllersIdle()` waits for them).
			if (!manager.stopped && replicaSets.throttled()) return;
			const pending = inFlight();
			if (pending.length === 0) {
				// What the last change set in motion on the network (config pushes) finishes too.
				await runtime.settle();
				// Reactions to the last completion may start more work in a later microtask.
				await Promise.resolve();
				if (inFlight().length === 0) return;
				continue;
			}
			await Promise.allSettled(pending);
		}
	};
}
