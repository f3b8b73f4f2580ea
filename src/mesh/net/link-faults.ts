/**
 * Declarative faults on links, for tests at the runtime seam (`testOnlyFaults.link`): plain data,
 * so the worker runtime can post one to every pod worker. A fault drops or delays the segments it
 * matches; what follows is the wire's and the stack's business (retransmission, ETIMEDOUT, in-order
 * delivery), exactly as for any other loss. Nothing in the shell or UI can build one.
 */
import type { NodeName, SimMillis } from '../types.ts';
import type { SegmentType } from './protocol.ts';
import type { OutboundSegment } from './stack.ts';
import type { FaultRule, FaultVerdict } from './wire.ts';

export interface LinkFault {
	readonly action: 'drop' | 'delay';
	/** For `delay`: extra sim milliseconds on the link. A later segment then overtakes it. */
	readonly delay?: number;
	/** Segment types it matches (a SYN is `connect`, a SYN-ACK `accept`); all when absent. */
	readonly types?: readonly SegmentType[];
	/** Only segments sent from this node / to this node. */
	readonly fromNode?: NodeName;
	readonly toNode?: NodeName;
	/** Only segments between two different nodes (a partition leaves each node whole). */
	readonly crossNode?: boolean;
	/** Only segments to or from this port. */
	readonly port?: number;
	/** Matching transmissions let through before the fault starts acting. */
	readonly skip?: number;
	/** How many matching transmissions it acts on; every one when absent. */
	readonly count?: number;
	/** Sim-time window [from, until) of the transmission; always when absent. */
	readonly from?: number;
	readonly until?: number;
}

function matches(
	f: LinkFault,
	s: OutboundSegment,
	src: NodeName,
	dst: NodeName,
	at: SimMillis
): boolean {
	if (f.types && !f.types.includes(s.type)) return false;
	if (f.fromNode !== undefined && f.fromNode !== src) return false;
	if (f.toNode !== undefined && f.toNode !== dst) return false;
	if (f.crossNode && src === dst) return false;
	if (f.port !== undefined && s.dst.port !== f.port && s.src.port !== f.port) return false;
	if (f.from !== undefined && at < f.from) return false;
	if (f.until !== undefined && at >= f.until) return false;
	return true;
}

/**
 * The wire's rule for one fault. `skip` and `count` are counted per rule: in-process one rule
 * sees the whole cluster's segments, on workers each pod worker has its own.
 */
export function linkFaultRule(fault: LinkFault): FaultRule {
	let seen = 0;
	let acted = 0;
	const verdict: FaultVerdict =
		fault.action === 'drop' ? { drop: true } : { delay: (fault.delay ?? 0) as SimMillis };
	return (segment, src, dst, at) => {
		if (!matches(fault, segment, src, dst, at)) return {};
		if (seen++ < (fault.skip ?? 0)) return {};
		if (fault.count !== undefined && acted >= fault.count) return {};
		acted++;
		return verdict;
	};
}

const TYPES: ReadonlySet<string> = new Set(['connect', 'accept', 'data', 'close', 'reset']);
const isCount = (v: unknown): boolean =>
	v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

export const isLinkFault = (f: LinkFault | string): f is LinkFault => typeof f !== 'string';

/** Checks a fault that crossed a thread boundary; a message, never a throw, when it is malformed. */
export function parseLinkFault(x: unknown): LinkFault | string {
	if (typeof x !== 'object' || x === null) return 'link fault: not an object';
	const f = x as Record<string, unknown>;
	if (f.action !== 'drop' && f.action !== 'delay')
		return 'link fault: action must be drop or delay';
	for (const k of ['delay', 'port', 'skip', 'count', 'from', 'until'])
		if (!isCount(f[k])) return `link fault: ${k} must be a non-negative number`;
	if (f.types !== undefined && (!Array.isArray(f.types) || !f.types.every((t) => TYPES.has(t))))
		return 'link fault: unknown segment type';
	for (const k of ['fromNode', 'toNode'])
		if (f[k] !== undefined && typeof f[k] !== 'string') return `link fault: ${k} must be a string`;
	return f as unknown as LinkFault;
}
