/**
 * What the scheduler knows between syncs, kept by a pod event handler (kube-scheduler's cache of
 * bound pods per node, and `internal/queue/scheduling_queue.go`'s pending pods with the
 * unschedulable ones set apart): a sync reads no pod it does not need.
 */
import { PODS } from '../api/builtin-resources.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { keyOf } from './informers.ts';
import { isActivePod } from './pods.ts';

export const isUnschedulable = (pod: Pod): boolean =>
	pod.status?.conditions?.some(
		(c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'
	) ?? false;

export interface SchedulingQueue {
	/** Bound, active pods per node name. */
	readonly bound: ReadonlyMap<string, number>;
	/** Keys of pods waiting for a node. */
	readonly waiting: ReadonlySet<string>;
	/** Keys of waiting pods not yet found Unschedulable. */
	readonly untried: ReadonlySet<string>;
}

/** Tracks the pods already stored and registers the handler that keeps the queue current. */
export function schedulingQueue(api: ClusterApiServer): SchedulingQueue {
	const bound = new Map<string, number>();
	const waiting = new Set<string>();
	const untried = new Set<string>();
	const nodeOf = (p: Pod): string | undefined =>
		p.spec.nodeName && isActivePod(p) ? p.spec.nodeName : undefined;
	const track = (old: Pod | undefined, pod: Pod | undefined): void => {
		const was = old && nodeOf(old);
		const is = pod && nodeOf(pod);
		if (was !== is) {
			if (was !== undefined) {
				const n = (bound.get(was) ?? 1) - 1;
				if (n > 0) bound.set(was, n);
				else bound.delete(was);
			}
			if (is !== undefined) bound.set(is, (bound.get(is) ?? 0) + 1);
		}
		const key = keyOf((pod ?? old) as Pod);
		if (pod && !pod.spec.nodeName && isActivePod(pod)) waiting.add(key);
		else waiting.delete(key);
		if (pod && waiting.has(key) && !isUnschedulable(pod)) untried.add(key);
		else untried.delete(key);
	};
	for (const p of api.peek(PODS) as readonly Pod[]) track(undefined, p);
	api.addEventHandler(PODS, {
		onAdd: (p) => track(undefined, p as Pod),
		onUpdate: (old, p) => track(old as Pod, p as Pod),
		onDelete: (p) => track(p as Pod, undefined)
	});
	return { bound, waiting, untried };
}
