/**
 * The capture journal: one entry per segment that crossed the wire, as tcpdump on the node would
 * record it. Feeds the capture view, traffic checks and (later) traces.
 */
import type { ConnId, NodeName, SimMillis, SocketAddr } from '../types.ts';
import { CaptureRing } from './capture-ring.ts';
import type { ResetReason, SegmentType } from './protocol.ts';

export interface CaptureEntry {
	/** Sim time the segment was sent. */
	readonly sent: SimMillis;
	/** Sim time it arrived. */
	readonly at: SimMillis;
	readonly conn: ConnId;
	readonly type: SegmentType;
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	readonly srcNode: NodeName;
	readonly dstNode: NodeName;
	/** Payload size for data segments, 0 otherwise. */
	readonly length: number;
	/** Up to the first 256 payload bytes, for the inspector (plaintext HTTP is readable). */
	readonly payload?: Uint8Array;
	readonly reason?: ResetReason;
	/** The segment never arrived: no host has the address, or a fault dropped it. */
	readonly dropped?: boolean;
	/** Sent again after a drop (retransmit.ts): `sent` is this transmission's own time. */
	readonly retransmission?: boolean;
	/** Delivered to this host instead of `dst`'s owner (see Segment.hop). */
	readonly hop?: string;
	/**
	 * Between an enrolled pod and its node's ztunnel: in a real cluster this stays inside the
	 * pod's network namespace and never reaches the node's wire.
	 */
	readonly redirected?: boolean;
}

export const CAPTURE_PAYLOAD_BYTES = 256;
/** V8's typed_array_max_size_in_heap: `new Uint8Array(n)` up to this size lives on the JS heap. */
const ON_HEAP_TYPED_ARRAY_BYTES = 64;
/** A payload whose whole buffer is at most this big is kept as a view, not copied. */
export const CAPTURE_VIEW_BUFFER_BYTES = 1024;

/**
 * The first CAPTURE_PAYLOAD_BYTES of a segment for the journal. Segments are never written to
 * once sent, so a view will do; only a view into a big buffer (a large body's segment) is copied,
 * so that what the journal holds stays bounded (≤ 1 KiB per entry).
 */
export function capturedPayload(bytes: Uint8Array): Uint8Array {
	// A small array at offset 0 (at most the 64 bytes V8 keeps on its heap) is taken as its own
	// buffer: reading `.buffer` would move it off the heap (~0.7 µs a segment). A view that small
	// at the start of a bigger buffer is kept as is too (it holds that buffer while journaled).
	if (bytes.byteOffset === 0 && bytes.length <= ON_HEAP_TYPED_ARRAY_BYTES) return bytes;
	// Short enough already (most segments): the segment itself, no view to make.
	if (bytes.length <= CAPTURE_PAYLOAD_BYTES && bytes.buffer.byteLength <= CAPTURE_VIEW_BUFFER_BYTES)
		return bytes;
	return bytes.buffer.byteLength <= CAPTURE_VIEW_BUFFER_BYTES
		? bytes.subarray(0, CAPTURE_PAYLOAD_BYTES)
		: bytes.slice(0, CAPTURE_PAYLOAD_BYTES);
}

/**
 * A bounded ring of entries: the oldest go first, so a long session cannot exhaust memory. Held
 * field by field (capture-ring.ts): an entry object is built only when someone reads it.
 */
export class CaptureJournal {
	readonly #limit: number;
	readonly #ring: CaptureRing;
	/** Running index of the oldest entry held. */
	#first = 0;
	#total = 0;
	/** Readers waiting for the next entry (`next`). */
	#waiters: (() => void)[] = [];

	constructor(limit = 20_000) {
		this.#limit = limit;
		// Entries held at most: past 1.25 × the limit the oldest are let go down to the limit.
		this.#ring = new CaptureRing(Math.floor(limit * 1.25) + 1, CAPTURE_PAYLOAD_BYTES);
	}

	record(entry: CaptureEntry): void {
		this.#ring.write(this.#total, entry);
		this.#total++;
		if (this.#total - this.#first > this.#limit * 1.25) this.#first = this.#total - this.#limit;
		if (this.#waiters.length > 0) for (const wake of this.#waiters.splice(0)) wake();
	}

	/** Like `since`, but waits until at least one entry is recorded after `since`. */
	next(since: number): Promise<{ entries: CaptureEntry[]; next: number }> {
		if (this.#total > since) return Promise.resolve(this.since(since));
		return new Promise((resolve) => this.#waiters.push(() => resolve(this.since(since))));
	}

	/** Entries with index ≥ `since` (a running count, stable across trimming). */
	since(since: number): { entries: CaptureEntry[]; next: number } {
		const entries: CaptureEntry[] = [];
		for (let i = Math.max(since, this.#first); i < this.#total; i++)
			entries.push(this.#ring.read(i));
		return { entries, next: this.#total };
	}

	get total(): number {
		return this.#total;
	}

	/** Entries kept now (at most 1.25 × the limit). */
	get held(): number {
		return this.#total - this.#first;
	}
}
