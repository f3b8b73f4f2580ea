/**
 * The scheduler: binds each unscheduled pod to the feasible node running the fewest pods (ties
 * by node name), honouring taints/tolerations and `nodeSelector`. An impossible pod gets the
 * real `Unschedulable` condition message.
 */
import type { WatchEvent } from '../api/api-server.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { NODES, PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { NodeObject, Pod, PodCondition } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { matchesRequiredNodeAffinity, requiredTerms } from './node-affinity.ts';
import { keyOf, splitKey } from './informers.ts';
import { byCreation, isActivePod, listAll } from './pods.ts';

export interface Taint {
	key: string;
	value?: string;
	effect: string;
}
export interface Toleration {
	key?: string;
	operator?: string;
	value?: string;
	effect?: string;
}

/** k8s.io/api core/v1 Toleration.ToleratesTaint: an empty key with `Exists` tolerates all. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
	return tolerations.some((t) => {
		if (t.effect && t.effect !== taint.effect) return false;
		if (t.operator === 'Exists') return !t.key || t.key === taint.key;
		return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
	});
}

/**
 * The first NoSchedule/NoExecute taint of `node` that `tolerations` do not tolerate (the
 * TaintToleration filter plugin; PreferNoSchedule only scores, so it never blocks).
 */
export function untoleratedTaint(
	node: NodeObject,
	tolerations: readonly Toleration[]
): Taint | undefined {
	const taints = (node.spec.taints ?? []) as Taint[];
	return taints.find(
		(t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t)
	);
}

type Verdict = 'ok' | 'taint' | 'selector' | 'full';

/** `status.allocatable.pods` (the kubelet's max-pods, 110 by default). */
function podCapacity(node: NodeObject): number {
	const pods = Number(
		(node.status as { allocatable?: { pods?: string } } | undefined)?.allocatable?.pods
	);
	return Number.isFinite(pods) ? pods : 110;
}

function fits(pod: Pod, node: NodeObject, load: number): { verdict: Verdict; taint?: Taint } {
	const bad = untoleratedTaint(node, (pod.spec.tolerations ?? []) as Toleration[]);
	if (bad) return { verdict: 'taint', taint: bad };
	const selector = (pod.spec.nodeSelector ?? {}) as Record<string, string>;
	const labels = node.metadata.labels ?? {};
	if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return { verdict: 'selector' };
	if (!matchesRequiredNodeAffinity(pod, node)) return { verdict: 'selector' };
	// The NodeResourcesFit plugin counts pods as a resource: a full node is "Too many pods".
	if (load >= podCapacity(node)) return { verdict: 'full' };
	return { verdict: 'ok' };
}

const TOO_MANY_PODS = 'Too many pods';

/**
 * The scheduler's FitError message. Preemption could help only where a resource was short (a
 * full node), and with every pod at the same priority it finds no victims there.
 */
function unschedulableMessage(nodes: number, reasons: Map<string, number>): string {
	const count = (m: Map<string, number>): string =>
		[...m.entries()]
			.map(([reason, n]) => `${n} ${reason}`)
			.sort()
			.join(', ');
	const full = reasons.get(TOO_MANY_PODS) ?? 0;
	const preemption = new Map<string, number>();
	if (nodes - full > 0) preemption.set('Preemption is not helpful for scheduling', nodes - full);
	if (full > 0) preemption.set('No preemption victims found for incoming pod', full);
	return `0/${nodes} nodes are available: ${count(reasons)}. preemption: 0/${nodes} nodes are available: ${count(preemption)}.`;
}

const isUnschedulable = (pod: Pod): boolean =>
	pod.status?.conditions?.some(
		(c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'
	) ?? false;

export function createScheduler(
	api: ClusterApiServer,
	now: () => SimMillis,
	events: EventRecorder
): Controller {
	/** Nodes and loads at the last sync. */
	let lastSignature = '';
	/** Bound, active pods per node name, kept by the pod event handler. */
	const bound = new Map<string, number>();
	/** Keys of pods waiting for a node, and of those not yet found Unschedulable. */
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
	return {
		name: 'scheduler',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Node'),
		sync() {
			const nodes = listAll<NodeObject>(api, NODES).sort((a, b) =>
				a.metadata.name < b.metadata.name ? -1 : 1
			);
			const load = new Map<string, number>(
				nodes.map((n) => [n.metadata.name, bound.get(n.metadata.name) ?? 0])
			);
			// Pods bound to a node that does not exist count too (sorted: a stable signature).
			for (const [node, n] of [...bound].sort(([a], [b]) => (a < b ? -1 : 1)))
				if (!load.has(node)) load.set(node, n);
			// A pod already found Unschedulable needs another look only once something changed
			// that could let it fit: a node, or a node's load (kube's unschedulable queue).
			const signature = JSON.stringify([
				nodes.map((n) => [n.metadata.name, n.metadata.resourceVersion]),
				[...load]
			]);
			const unchanged = signature === lastSignature;
			lastSignature = signature;
			const pending: Pod[] = [];
			// Unchanged nodes and loads: the pods already found Unschedulable would fail again.
			for (const key of [...(unchanged ? untried : waiting)].sort()) {
				const { namespace, name } = splitKey(key);
				const p = api.peekObject(PODS, namespace, name) as Pod | undefined;
				if (p && !(unchanged && isUnschedulable(p))) pending.push(p);
			}
			pending.sort(byCreation);
			// Pods of one template fail alike: while no pod binds (loads unchanged), a failure found
			// for a scheduling shape holds for every pod of that shape, so thousands of Pending pods
			// cost one evaluation each, not one per node each.
			let failures = new Map<string, string>();
			for (const pod of pending) {
				const shape = JSON.stringify([
					pod.spec.tolerations ?? [],
					pod.spec.nodeSelector ?? {},
					requiredTerms(pod) ?? []
				]);
				let message = failures.get(shape);
				let best: NodeObject | undefined;
				if (message === undefined) {
					const reasons = new Map<string, number>();
					for (const node of nodes) {
						const { verdict, taint } = fits(pod, node, load.get(node.metadata.name) ?? 0);
						if (verdict === 'ok') {
							if (
								!best ||
								(load.get(node.metadata.name) ?? 0) < (load.get(best.metadata.name) ?? 0)
							)
								best = node;
							continue;
						}
						const reason =
							verdict === 'taint'
								? `node(s) had untolerated taint {${taint?.key}: ${taint?.value ?? ''}}`
								: verdict === 'full'
									? TOO_MANY_PODS
									: "node(s) didn't match Pod's node affinity/selector";
						reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
					}
					if (!best) failures.set(shape, (message = unschedulableMessage(nodes.length, reasons)));
				}
				if (best) {
					const at = timestamp(now());
					const nodeName = best.metadata.name;
					load.set(nodeName, (load.get(nodeName) ?? 0) + 1);
					failures = new Map();
					const bound = api.patch(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
						const p = draft as Pod;
						p.spec.nodeName = nodeName;
						p.status = {
							...(p.status ?? { phase: 'Pending' }),
							conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: at }]
						};
					});
					if (!isApiError(bound))
						events.event(
							bound,
							'Normal',
							'Scheduled',
							`Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
							{ action: 'Binding' }
						);
				} else if (message !== undefined) {
					const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
					if (old && old.status === 'False' && (old as { message?: string }).message === message)
						continue;
					const condition: PodCondition = {
						type: 'PodScheduled',
						status: 'False',
						lastTransitionTime: timestamp(now()),
						reason: 'Unschedulable',
						message
					} as PodCondition;
					const marked = api.patch(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
						const p = draft as Pod;
						p.status = { ...(p.status ?? { phase: 'Pending' }), conditions: [condition] };
					});
					if (!isApiError(marked))
						events.event(marked, 'Warning', 'FailedScheduling', message, { action: 'Scheduling' });
				}
			}
		}
	};
}
