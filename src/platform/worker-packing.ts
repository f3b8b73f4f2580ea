/**
 * Which worker a new host runs in. A worker per pod costs a V8 isolate (5–8 MB in Chromium)
 * against ~30 KB of simulated state, and every segment between two workers is a message that
 * wakes another thread (~50 µs of CPU each on a loaded machine). In ambient mode two of the
 * three legs of a meshed connection are pod ↔ its node's ztunnel, so by default (`agent`) the
 * workload pods of a node share a worker with the node's agents (ztunnel, istio-cni): those
 * legs become deliveries inside one worker. The control plane and kind's system pods stay apart
 * (istiod a worker of its own, kind's add-ons their node's), so a workload worker's fault never
 * takes istiod or CoreDNS with it. Past a
 * threshold of running hosts (or always with `node`: embeds), every host of a node is packed.
 * kind's idle add-ons (`upSinceBoot`) are always packed.
 */
import type { HostSpec } from '../mesh/runtime/host.ts';
import type { NodeName } from '../mesh/types.ts';

/**
 * `per-pod`: a worker per host until `packAbove` hosts run, then packed; `agent` (the default):
 * the same, but a node's workload pods and agents share workers from the start; `node`: always
 * packed, system pods too.
 */
export type Packing = 'per-pod' | 'agent' | 'node';

export const PACKINGS: readonly Packing[] = ['agent', 'per-pod', 'node'];
export const DEFAULT_PACKING: Packing = 'agent';

export interface PackingOptions {
	readonly packing?: Packing;
	/** Hosts started while this many run are packed (default 64), whatever the packing. */
	readonly packAbove?: number;
	/** Hosts per packed worker of a node, its agents aside (default 32). */
	readonly hostsPerWorker?: number;
}

export const DEFAULT_PACK_ABOVE = 64;
export const DEFAULT_HOSTS_PER_WORKER = 32;

/**
 * Namespaces whose pods are not workloads: kind's and Istio's own (the control plane, gateways;
 * istio-cni never redirects them either). With `agent` they stay out of the workload workers.
 */
const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
	'kube-system',
	'kube-public',
	'kube-node-lease',
	'local-path-storage',
	'istio-system'
]);

/**
 * A packed worker's pool: `node` holds any host of its node; `workloads` (with `agent`) a node's
 * workload pods and agents only.
 */
export type Pool = 'node' | 'workloads';

/** What placement needs to know of a worker that can still take hosts. */
export interface WorkerSlot {
	/** Packed workers hold one node's hosts; a per-pod worker is never shared. */
	readonly node: NodeName | undefined;
	/** Absent: `node`. */
	readonly pool?: Pool;
	readonly hosts: number;
}

/** The index of the worker in `slots` to join, or `'new'` with the node (and pool) it packs. */
export type Placement =
	number | { readonly new: NodeName | undefined; readonly pool?: Exclude<Pool, 'node'> };

export function isPacking(x: string): x is Packing {
	return (PACKINGS as readonly string[]).includes(x);
}

/** A pod the node's ztunnel may carry traffic for: not a system pod, not on the node's address. */
function isWorkload(spec: HostSpec): boolean {
	return spec.kind === 'pod' && spec.hostNetwork !== true && !SYSTEM_NAMESPACES.has(spec.namespace);
}

/** The pool `spec` packs into, or undefined for a worker of its own. */
function poolOf(spec: HostSpec, running: number, options: PackingOptions): Pool | undefined {
	const packing = options.packing ?? DEFAULT_PACKING;
	if (packing === 'agent' && (spec.nodeAgent === true || isWorkload(spec))) return 'workloads';
	// kind's add-ons do no work: a worker each would cost an isolate apiece for nothing.
	const packed =
		packing === 'node' ||
		spec.upSinceBoot === true ||
		running >= (options.packAbove ?? DEFAULT_PACK_ABOVE);
	return packed ? 'node' : undefined;
}

/** A decision only: `slots` are the live workers, oldest first; `running` counts live hosts. */
export function placeHost(
	spec: HostSpec,
	slots: readonly WorkerSlot[],
	running: number,
	options: PackingOptions = {}
): Placement {
	const pool = poolOf(spec, running, options);
	if (!pool) return { new: undefined };
	const limit = options.hostsPerWorker ?? DEFAULT_HOSTS_PER_WORKER;
	const mine = slots
		.map((s, i) => [s, i] as const)
		.filter(([s]) => s.node === spec.node && (s.pool ?? 'node') === pool);
	// An agent joins its node's first worker even when full: it talks to every pod on the node.
	if (spec.nodeAgent && mine[0]) return mine[0][1];
	const room = mine.find(([s]) => s.hosts < limit);
	if (room) return room[1];
	return pool === 'workloads' ? { new: spec.node, pool } : { new: spec.node };
}
