/**
 * The sending side of every link: stamps a segment's arrival time from the latency model, keeps
 * each direction of a connection in order, applies faults, and records the capture. Both runtimes
 * put every segment through one of these, so captures and sim times agree between them.
 */
import { ms, type NodeName, type SimMillis } from '../types.ts';
import { CAPTURE_PAYLOAD_BYTES, type CaptureEntry } from './capture.ts';
import { DEFAULT_LATENCY, latency, type LatencyModel } from './latency.ts';
import type { Segment } from './protocol.ts';
import type { NetworkTables } from './tables.ts';
import type { OutboundSegment } from './stack.ts';

/** What a fault rule does to one segment (partitions drop; a slow link delays). */
export interface FaultVerdict {
	readonly drop?: boolean;
	readonly delay?: SimMillis;
}

export type FaultRule = (
	segment: OutboundSegment,
	srcNode: NodeName,
	dstNode: NodeName
) => FaultVerdict;

export interface WireOptions {
	readonly srcNode: NodeName;
	/** The sending host's own address, to tell redirection inside a pod from the node's wire. */
	readonly self?: string;
	readonly tables?: () => NetworkTables;
	/** Node of the host owning an IP; undefined if nobody has it (the segment is blackholed). */
	readonly nodeOf: (ip: string) => NodeName | undefined;
	readonly record: (entry: CaptureEntry) => void;
	readonly model?: LatencyModel;
	readonly faults?: () => readonly FaultRule[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Wire {
	/** The segment as it will arrive, or undefined when it is dropped or has nowhere to go. */
	transmit(segment: OutboundSegment, now: SimMillis): Segment | undefined;
}

export function createWire(options: WireOptions): Wire {
	const model = options.model ?? DEFAULT_LATENCY;
	// Last arrival per connection direction: TCP delivers in order even when a small segment
	// follows a large one.
	const lastArrival = new Map<string, number>();
	return {
		transmit(segment, now) {
			const receiver = segment.hop ?? segment.dst.ip;
			const dstNode = options.nodeOf(receiver);
			const bytes = segment.type === 'data' ? segment.bytes.length : 0;
			// One direction of one connection: the destination port tells the two apart.
			const key = `${segment.conn}>${segment.dst.port}`;
			let extra = 0;
			let dropped = dstNode === undefined;
			const rules = options.faults?.();
			if (rules && rules.length > 0) {
				for (const rule of rules) {
					const verdict = rule(segment, options.srcNode, dstNode ?? options.srcNode);
					if (verdict.drop) dropped = true;
					extra += verdict.delay ?? 0;
				}
			}
			const earliest =
				now + latency(model, options.srcNode, dstNode ?? options.srcNode, bytes) + extra;
			// Microsecond resolution keeps float error out of transcripts.
			const at = ms(Math.max(Math.round(earliest * 1000) / 1000, lastArrival.get(key) ?? 0));
			if (segment.type === 'close' || segment.type === 'reset') lastArrival.delete(key);
			else lastArrival.set(key, at);
			const entry: Mutable<CaptureEntry> = {
				sent: now,
				at,
				conn: segment.conn,
				type: segment.type,
				src: segment.src,
				dst: segment.dst,
				srcNode: options.srcNode,
				dstNode: dstNode ?? options.srcNode,
				length: bytes
			};
			if (segment.type === 'data') entry.payload = segment.bytes.slice(0, CAPTURE_PAYLOAD_BYTES);
			if (segment.type === 'reset') entry.reason = segment.reason;
			if (dropped) entry.dropped = true;
			if (segment.hop !== undefined) entry.hop = segment.hop;
			const redirection = options.tables?.().redirection;
			const self = options.self;
			if (
				redirection &&
				self !== undefined &&
				(redirection[self] === receiver || redirection[receiver] === self)
			)
				entry.redirected = true;
			// A pod talking to itself (a sidecar and its app): loopback, never on the node's wire.
			if (receiver === self && (segment.src.ip === self || segment.dst.ip === self))
				entry.redirected = true;
			options.record(entry);
			if (dropped) return undefined;
			return Object.assign(segment, { at }) as Segment;
		}
	};
}
