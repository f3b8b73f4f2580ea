/**
 * The capture journal's storage: entries kept field by field in arrays that are reused as a ring,
 * and each payload's first bytes copied into one byte buffer. An entry object per segment would
 * live for thousands of requests (the journal keeps 20,000), so each was promoted out of the young
 * generation and, with the sender's buffer its payload viewed, made up most of the garbage
 * collector's work in a busy cluster. Here a record allocates nothing once the ring is full size;
 * entries are built again, with payloads of their own, only when someone reads them.
 */
import type { ConnId, IpAddr, NodeName, SocketAddr } from '../types.ts';
import type { CaptureEntry } from './capture.ts';
import type { ResetReason, SegmentType } from './protocol.ts';

const DROPPED = 1;
const RETRANSMISSION = 2;
const REDIRECTED = 4;
/** No payload (not a data segment); a data segment's payload may be empty. */
const NO_PAYLOAD = -1;
const FIRST_CAPACITY = 256;

export class CaptureRing {
	/** Slots at most; running index `i` lives in slot `i % #max`. */
	readonly #max: number;
	readonly #payloadBytes: number;
	#capacity = 0;
	#sent = new Float64Array(0);
	#at = new Float64Array(0);
	#length = new Int32Array(0);
	#srcPort = new Int32Array(0);
	#dstPort = new Int32Array(0);
	#payloadLength = new Int32Array(0);
	#flags = new Uint8Array(0);
	#payload = new Uint8Array(0);
	#conn: ConnId[] = [];
	#type: SegmentType[] = [];
	#srcIp: IpAddr[] = [];
	#dstIp: IpAddr[] = [];
	#srcNode: NodeName[] = [];
	#dstNode: NodeName[] = [];
	#reason: (ResetReason | undefined)[] = [];
	#hop: (string | undefined)[] = [];

	/** `max`: entries held at most; `payloadBytes`: what is kept of each payload. */
	constructor(max: number, payloadBytes: number) {
		this.#max = Math.max(1, max);
		this.#payloadBytes = payloadBytes;
	}

	/** Stores `entry` as running index `index` (over the entry `#max` indexes before it). */
	write(index: number, entry: CaptureEntry): void {
		if (index >= this.#capacity && this.#capacity < this.#max) this.#grow(index + 1);
		const slot = index % this.#max;
		this.#sent[slot] = entry.sent;
		this.#at[slot] = entry.at;
		this.#length[slot] = entry.length;
		this.#srcPort[slot] = entry.src.port;
		this.#dstPort[slot] = entry.dst.port;
		this.#flags[slot] =
			(entry.dropped ? DROPPED : 0) |
			(entry.retransmission ? RETRANSMISSION : 0) |
			(entry.redirected ? REDIRECTED : 0);
		this.#conn[slot] = entry.conn;
		this.#type[slot] = entry.type;
		this.#srcIp[slot] = entry.src.ip;
		this.#dstIp[slot] = entry.dst.ip;
		this.#srcNode[slot] = entry.srcNode;
		this.#dstNode[slot] = entry.dstNode;
		this.#reason[slot] = entry.reason;
		this.#hop[slot] = entry.hop;
		const payload = entry.payload;
		if (payload === undefined) {
			this.#payloadLength[slot] = NO_PAYLOAD;
			return;
		}
		const kept = Math.min(payload.length, this.#payloadBytes);
		this.#payloadLength[slot] = kept;
		this.#payload.set(
			kept === payload.length ? payload : payload.subarray(0, kept),
			slot * this.#payloadBytes
		);
	}

	/** The entry at running index `index`, built anew (its payload is a copy). */
	read(index: number): CaptureEntry {
		const slot = index % this.#max;
		const src: SocketAddr = {
			ip: this.#srcIp[slot] as IpAddr,
			port: this.#srcPort[slot] as number
		};
		const dst: SocketAddr = {
			ip: this.#dstIp[slot] as IpAddr,
			port: this.#dstPort[slot] as number
		};
		// Fields in the order the wire sets them, so a clone or JSON of an entry reads the same.
		const entry: { -readonly [K in keyof CaptureEntry]: CaptureEntry[K] } = {
			sent: this.#sent[slot] as CaptureEntry['sent'],
			at: this.#at[slot] as CaptureEntry['at'],
			conn: this.#conn[slot] as ConnId,
			type: this.#type[slot] as SegmentType,
			src,
			dst,
			srcNode: this.#srcNode[slot] as NodeName,
			dstNode: this.#dstNode[slot] as NodeName,
			length: this.#length[slot] as number
		};
		const kept = this.#payloadLength[slot] as number;
		if (kept !== NO_PAYLOAD) {
			const from = slot * this.#payloadBytes;
			entry.payload = this.#payload.slice(from, from + kept);
		}
		const reason = this.#reason[slot];
		if (reason !== undefined) entry.reason = reason;
		const flags = this.#flags[slot] as number;
		if (flags & DROPPED) entry.dropped = true;
		if (flags & RETRANSMISSION) entry.retransmission = true;
		const hop = this.#hop[slot];
		if (hop !== undefined) entry.hop = hop;
		if (flags & REDIRECTED) entry.redirected = true;
		return entry;
	}

	/** Room for `need` slots (doubling, up to `#max`); slots below the old capacity are kept. */
	#grow(need: number): void {
		let capacity = Math.max(FIRST_CAPACITY, this.#capacity);
		while (capacity < need) capacity *= 2;
		capacity = Math.min(capacity, this.#max);
		const numbers = <T extends Float64Array | Int32Array | Uint8Array>(
			old: T,
			make: (n: number) => T,
			per = 1
		): T => {
			const next = make(capacity * per);
			next.set(old);
			return next;
		};
		this.#sent = numbers(this.#sent, (n) => new Float64Array(n));
		this.#at = numbers(this.#at, (n) => new Float64Array(n));
		this.#length = numbers(this.#length, (n) => new Int32Array(n));
		this.#srcPort = numbers(this.#srcPort, (n) => new Int32Array(n));
		this.#dstPort = numbers(this.#dstPort, (n) => new Int32Array(n));
		this.#payloadLength = numbers(this.#payloadLength, (n) => new Int32Array(n));
		this.#flags = numbers(this.#flags, (n) => new Uint8Array(n));
		this.#payload = numbers(this.#payload, (n) => new Uint8Array(n), this.#payloadBytes);
		this.#capacity = capacity;
	}
}
