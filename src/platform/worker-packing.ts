/**
 * Which worker a new host runs in. A worker per pod costs a V8 isolate (5–8 MB in Chromium)
 * against ~30 KB of simulated state: cheap for a few dozen pods, not for hundreds. So past a
 * threshold of running hosts (or always, when asked: embeds), the pods of a node share a few
 * workers, and the node's agents (ztunnel, istio-cni) join the node's first worker so that
 * the pod ↔ ztunnel legs stay inside one worker. kind's idle add-ons (`upSinceBoot`) are always
 * packed.
 */
import type { HostSpec } from '../mesh/runtime/host.ts';
import type { NodeName } from '../mesh/types.ts';

/** `per-pod`: a worker per host until `packAbove` hosts run, then packed; `node`: always packed. */
export type Packing = 'per-pod' | 'node';

export const PACKINGS: readonly Packing[] = ['per-pod', 'node'];

export interface PackingOptions {
	readonly packing?: Packing;
	/** With `per-pod`, hosts started while this many run are packed (default 64). */
	readonly packAbove?: number;
	/** Hosts per packed worker of a node, its agents aside (default 32). */
	readonly hostsPerWorker?: number;
}

export const DEFAULT_PACK_ABOVE = 64;
export const DEFAULT_HOSTS_PER_WORKER = 32;

/** What placement needs to know of a worker that can still take hosts. */
export interface WorkerSlot {
	/** Packed workers hold one node's hosts; a per-pod worker is never shared. */
	readonly node: NodeName | undefined;
	readonly hosts: number;
}

/** The index of the worker in `slots` to join, or `'new'` with the node a new worker packs. */
export type Placement = number | { readonly new: NodeName | undefined };

export function isPacking(x: string): x is Packing {
	return (PACKINGS as readonly string[]).includes(x);
}

/** A decision only: `slots` are the live workers, oldest first; `running` counts live hosts. */
export function placeHost(
	spec: HostSpec,
	slots: readonly WorkerSlot[],
	running: number,
	options: PackingOptions = {}
): Placement {
	// kind's add-ons do no work: a worker each would cost an isolate apiece for nothing.
	const packed =
		options.packing === 'node' ||
		spec.upSinceBoot === true ||
		running >= (options.packAbove ?? DEFAULT_PACK_ABOVE);
	if (!packed) return { new: undefined };
	const limit = options.hostsPerWorker ?? DEFAULT_HOSTS_PER_WORKER;
	const mine = slots.map((s, i) => [s, i] as const).filter(([s]) => s.node === spec.node);
	// An agent joins its node's first worker even when full: it talks to every pod on the node.
	if (spec.nodeAgent && mine[0]) return mine[0][1];
	const room = mine.find(([s]) => s.hosts < limit);
	return room ? room[1] : { new: spec.node };
}
