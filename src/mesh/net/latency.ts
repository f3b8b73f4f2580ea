/**
 * The latency model: how long a segment takes on the wire, in sim time. Pods on one node talk
 * over the node's bridge; pods on different nodes cross the node network. Figures are in the
 * range of a real cluster's pod network, so `curl -w "%{time_total}"` looks plausible.
 */
import { ms, type NodeName, type SimMillis } from '../types.ts';

export interface LatencyModel {
	/** One-way base latency between pods on the same node. */
	readonly sameNode: SimMillis;
	/** One-way base latency between nodes. */
	readonly crossNode: SimMillis;
	/** Link throughput in bytes per sim millisecond (10 Gbit/s = 1.25e6). */
	readonly bytesPerMs: number;
}

export const DEFAULT_LATENCY: LatencyModel = {
	sameNode: ms(0.02),
	crossNode: ms(0.1),
	bytesPerMs: 1_250_000
};

export function latency(
	model: LatencyModel,
	from: NodeName,
	to: NodeName,
	bytes: number
): SimMillis {
	const base = from === to ? model.sameNode : model.crossNode;
	return ms(base + bytes / model.bytesPerMs);
}
