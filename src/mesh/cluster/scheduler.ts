/**
 * The scheduler: binds each unscheduled pod to the feasible node running the fewest pods (ties
 * by node name), honouring taints/tolerations and `nodeSelector`. An impossible pod gets the
 * real `Unschedulable` condition message. Its parts: `scheduler-queue.ts` (pods waiting and
 * bound, kept by a handler), `scheduler-plugins.ts` (filters and the FitError message),
 * `schedule-one.ts` (one attempt: filter, bind or mark). This file is the sync: which pods
 * need a look this time.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { NODES, PODS } from '../api/builtin-resources.ts';
import type { NodeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { splitKey } from './informers.ts';
import { byCreation, listAll } from './pods.ts';
import { scheduleOne } from './schedule-one.ts';
import { isUnschedulable, schedulingQueue, type SchedulingQueue } from './scheduler-queue.ts';

/** Pods per node name: bound pods, with pods bound to a node that does not exist last. */
function nodeLoads(nodes: readonly NodeObject[], queue: SchedulingQueue): Map<string, number> {
	const load = new Map<string, number>(
		nodes.map((n) => [n.metadata.name, queue.bound.get(n.metadata.name) ?? 0])
	);
	// Pods bound to a node that does not exist count too (sorted: a stable signature).
	for (const [node, n] of [...queue.bound].sort(([a], [b]) => (a < b ? -1 : 1)))
		if (!load.has(node)) load.set(node, n);
	return load;
}

/** The pods to try, oldest first; `unchanged`: only those not already found Unschedulable. */
function pendingPods(api: ClusterApiServer, queue: SchedulingQueue, unchanged: boolean): Pod[] {
	const pending: Pod[] = [];
	// Unchanged nodes and loads: the pods already found Unschedulable would fail again.
	for (const key of [...(unchanged ? queue.untried : queue.waiting)].sort()) {
		const { namespace, name } = splitKey(key);
		const p = api.peekObject(PODS, namespace, name) as Pod | undefined;
		if (p && !(unchanged && isUnschedulable(p))) pending.push(p);
	}
	return pending.sort(byCreation);
}

export function createScheduler(
	api: ClusterApiServer,
	now: () => SimMillis,
	events: EventRecorder
): Controller {
	/** Nodes and loads at the last sync. */
	let lastSignature = '';
	const queue = schedulingQueue(api);
	return {
		name: 'scheduler',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Node'),
		sync() {
			const nodes = listAll<NodeObject>(api, NODES).sort((a, b) =>
				a.metadata.name < b.metadata.name ? -1 : 1
			);
			const load = nodeLoads(nodes, queue);
			// A pod already found Unschedulable needs another look only once something changed
			// that could let it fit: a node, or a node's load (kube's unschedulable queue).
			const signature = JSON.stringify([
				nodes.map((n) => [n.metadata.name, n.metadata.resourceVersion]),
				[...load]
			]);
			const unchanged = signature === lastSignature;
			lastSignature = signature;
			const cycle = { api, now, events, nodes, load, failures: new Map<string, string>() };
			for (const pod of pendingPods(api, queue, unchanged)) scheduleOne(cycle, pod);
		}
	};
}
