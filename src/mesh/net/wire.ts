/**
 * The sending side of every link: stamps a segment's arrival time from the latency model, keeps
 * each direction of a connection in order, applies faults, and records the capture. Both runtimes
 * put every segment through one of these, so captures and sim times agree between them.
 *
 * A segment a fault drops is retransmitted on Linux's schedule (retransmit.ts): the rules are asked
 * again for each retransmission, at its time, and the first one let through arrives. Later
 * segments of the same direction wait behind it, as a receiver's TCP holds out-of-order data
 * until the hole is filled, so a reordering link never reorders what an application reads.
 */
import { ms, type IpAddr, type NodeName, type SimMillis } from '../types.ts';
import { capturedPayload, type CaptureEntry } from './capture.ts';
import { DEFAULT_LATENCY, latency, type LatencyModel } from './latency.ts';
import type { Segment } from './protocol.ts';
import { retransmitSchedule } from './retransmit.ts';
import type { OutboundSegment } from './stack.ts';

/** What a fault rule does to one segment (partitions drop; a slow link delays). */
export interface FaultVerdict {
	readonly drop?: boolean;
	readonly delay?: SimMillis;
}

/** `at`: when this transmission leaves (a retransmission's own time, not the first send's). */
export type FaultRule = (
	segment: OutboundSegment,
	srcNode: NodeName,
	dstNode: NodeName,
	at: SimMillis
) => FaultVerdict;

export interface WireOptions {
	readonly srcNode: NodeName;
	/** The sending host's own address, to tell traffic inside a pod from the node's wire. */
	readonly self?: string;
	/**
	 * Whether a receiver holds sockets inside the sender's network namespace (the stack's
	 * installed rules know: `HostStack.sharesNamespace`), so the segment never leaves the pod.
	 */
	readonly sharesNamespace?: (receiver: IpAddr) => boolean;
	/** Node of the host owning an IP; undefined if nobody has it (the segment is blackholed). */
	readonly nodeOf: (ip: string) => NodeName | undefined;
	readonly record: (entry: CaptureEntry) => void;
	readonly model?: LatencyModel;
	readonly faults?: () => readonly FaultRule[];
	/**
	 * The sending stack's netfilter filter (`HostStack.filtered`): true drops this SYN. Unlike a
	 * fault's drop, each retransmission is judged at its own time (a policy may change meanwhile),
	 * so the runtime sends it again through `retransmitLater` on its clock.
	 */
	readonly filtered?: (segment: OutboundSegment) => boolean;
	/** Sends `segment` again after `delay` of sim time, unless its connect() gave up meanwhile. */
	readonly retransmitLater?: (segment: OutboundSegment, delay: SimMillis) => void;
	/**
	 * Every retransmission of a data or FIN segment was dropped: at `at` the sender's kernel gives
	 * up on the connection (ETIMEDOUT). Lost SYNs need no call: connect()'s own timer fires.
	 */
	readonly onLost?: (segment: OutboundSegment, at: SimMillis) => void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Wire {
	/** The segment as it will arrive, or undefined when it is dropped or has nowhere to go. */
	transmit(segment: OutboundSegment, now: SimMillis): Segment | undefined;
}

/**
 * SYNs a netfilter filter dropped, by connection: each is recorded as dropped and sent again by
 * the runtime on Linux's SYN schedule (`retransmitLater`); `passed` says a later one got through.
 */
function filteredSyns(options: WireOptions) {
	const state = new Map<string, { first: number; attempt: number }>();
	return {
		drop(
			segment: OutboundSegment,
			now: SimMillis,
			record: (retransmission: boolean) => void
		): void {
			const seen = state.get(segment.conn) ?? { first: now, attempt: 0 };
			record(seen.attempt > 0);
			const next = retransmitSchedule('connect').retries[seen.attempt];
			if (next === undefined) {
				state.delete(segment.conn);
				return;
			}
			state.set(segment.conn, { first: seen.first, attempt: seen.attempt + 1 });
			options.retransmitLater?.(segment, ms(Math.max(0, seen.first + next - now)));
		},
		passed: (conn: string): boolean => state.delete(conn)
	};
}

/**
 * A value per direction of a connection (its id and the destination port), looked up without
 * building a key string per segment: hashing a fresh `conn>port` string three times a segment was
 * half of what transmitting cost. A connection's id is one string, so its hash is computed once.
 */
class PerDirection<T> {
	/** A connection's directions (one, or two when both ends send through this wire). */
	readonly #byConn = new Map<string, DirectionSlot<T>>();

	get empty(): boolean {
		return this.#byConn.size === 0;
	}

	get(conn: string, port: number): T | undefined {
		for (let s = this.#byConn.get(conn); s !== undefined; s = s.next)
			if (s.port === port) return s.value;
		return undefined;
	}

	set(conn: string, port: number, value: T): void {
		const head = this.#byConn.get(conn);
		for (let s = head; s !== undefined; s = s.next) {
			if (s.port === port) {
				s.value = value;
				return;
			}
		}
		// A slot, not a Map per connection: a Map built from an entry list was a slow path.
		this.#byConn.set(conn, { port, value, next: head });
	}

	delete(conn: string, port: number): void {
		let prev: DirectionSlot<T> | undefined;
		for (let s = this.#byConn.get(conn); s !== undefined; prev = s, s = s.next) {
			if (s.port !== port) continue;
			if (prev) prev.next = s.next;
			else if (s.next) this.#byConn.set(conn, s.next);
			else this.#byConn.delete(conn);
			return;
		}
	}
}

interface DirectionSlot<T> {
	readonly port: number;
	value: T;
	next: DirectionSlot<T> | undefined;
}

export function createWire(options: WireOptions): Wire {
	const syns = filteredSyns(options);
	const model = options.model ?? DEFAULT_LATENCY;
	// Last arrival per connection direction: TCP delivers in order even when a small segment
	// follows a large one, or follows one a fault delayed or dropped.
	const lastArrival = new PerDirection<number>();
	// Directions whose sender gave up: nothing after the hole ever reaches the application.
	const lost = new PerDirection<true>();

	/** The fault rules' combined verdict for one transmission. */
	function judge(segment: OutboundSegment, dstNode: NodeName, at: SimMillis): FaultVerdict {
		const rules = options.faults?.();
		if (!rules || rules.length === 0) return {};
		let drop = false;
		let delay = 0;
		for (const rule of rules) {
			const verdict = rule(segment, options.srcNode, dstNode, at);
			if (verdict.drop) drop = true;
			delay += verdict.delay ?? 0;
		}
		return { drop, delay: ms(delay) };
	}

	function record(
		segment: OutboundSegment,
		sent: SimMillis,
		at: SimMillis,
		dstNode: NodeName,
		flags: { dropped?: boolean; retransmission?: boolean }
	): void {
		const receiver = segment.hop ?? segment.dst.ip;
		const bytes = segment.type === 'data' ? segment.bytes.length : 0;
		const entry: Mutable<CaptureEntry> = {
			sent,
			at,
			conn: segment.conn,
			type: segment.type,
			src: segment.src,
			dst: segment.dst,
			srcNode: options.srcNode,
			dstNode,
			length: bytes
		};
		if (segment.type === 'data') entry.payload = capturedPayload(segment.bytes);
		if (segment.type === 'reset') entry.reason = segment.reason;
		if (flags.dropped) entry.dropped = true;
		if (flags.retransmission) entry.retransmission = true;
		if (segment.hop !== undefined) entry.hop = segment.hop;
		const self = options.self;
		if (self !== undefined && options.sharesNamespace?.(receiver)) entry.redirected = true;
		// A pod talking to itself (a sidecar and its app): loopback, never on the node's wire.
		if (receiver === self && (segment.src.ip === self || segment.dst.ip === self))
			entry.redirected = true;
		options.record(entry);
	}

	// Microsecond resolution keeps float error out of transcripts.
	const micro = (t: number): number => Math.round(t * 1000) / 1000;

	return {
		transmit(segment, now) {
			const receiver = segment.hop ?? segment.dst.ip;
			const known = options.nodeOf(receiver);
			const dstNode = known ?? options.srcNode;
			const bytes = segment.type === 'data' ? segment.bytes.length : 0;
			const travel = latency(model, options.srcNode, dstNode, bytes);
			// One direction of one connection: the destination port tells the two apart.
			const { conn } = segment;
			const port = segment.dst.port;
			if (known === undefined || (!lost.empty && lost.get(conn, port))) {
				// Nobody has the address (blackholed), or queued behind a segment that never arrived.
				record(segment, now, ms(micro(now + travel)), dstNode, { dropped: true });
				return undefined;
			}
			if (segment.type === 'connect' && options.filtered?.(segment)) {
				syns.drop(segment, now, (retransmission) =>
					record(segment, now, ms(micro(now + travel)), dstNode, { dropped: true, retransmission })
				);
				return undefined;
			}
			// A SYN a filter dropped before, let through now: the capture marks it as sent again.
			const refiled = segment.type === 'connect' && syns.passed(segment.conn);
			const { retries, giveUp } = retransmitSchedule(segment.type);
			let sent = now;
			let verdict = judge(segment, dstNode, sent);
			for (let attempt = 0; verdict.drop; attempt++) {
				record(segment, sent, ms(micro(sent + travel)), dstNode, {
					dropped: true,
					retransmission: attempt > 0
				});
				const next = retries[attempt];
				if (next === undefined) {
					if (segment.type === 'data' || segment.type === 'close') {
						lost.set(conn, port, true);
						lastArrival.delete(conn, port);
						if (giveUp !== undefined) options.onLost?.(segment, ms(now + giveUp));
					}
					return undefined;
				}
				sent = ms(now + next);
				verdict = judge(segment, dstNode, sent);
			}
			const earliest = sent + travel + (verdict.delay ?? 0);
			const at = ms(Math.max(micro(earliest), lastArrival.get(conn, port) ?? 0));
			if (segment.type === 'close' || segment.type === 'reset') lastArrival.delete(conn, port);
			else lastArrival.set(conn, port, at);
			record(segment, sent, at, dstNode, { retransmission: sent !== now || refiled });
			return Object.assign(segment, { at }) as Segment;
		}
	};
}
