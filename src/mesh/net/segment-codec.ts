/**
 * Segments as bytes between workers: the segments one task sends to one peer, encoded into one
 * ArrayBuffer that the sender transfers (no structured clone of objects, one message per batch)
 * and the receiver decodes and validates, so a garbage message is a ProtocolError, never an
 * exception. Little-endian:
 *
 *   batch   := version:u8 count:u16 segment*count
 *   segment := type:u8 flags:u8 reason:u8 connLength:u16 conn:utf8
 *              srcIp:u32 srcPort:u16 dstIp:u32 dstPort:u16 at:f64
 *              [hop:u32 if flags&1] [from:u32 if flags&2] [length:u32 bytes if data]
 */
import type { ConnId, IpAddr, SimMillis, SocketAddr } from '../types.ts';
import type { ProtocolError, ResetReason, Segment } from './protocol.ts';

const VERSION = 1;
const TYPES = ['connect', 'accept', 'data', 'close', 'reset'] as const;
const TYPE_CODE: Readonly<Record<Segment['type'], number>> = {
	connect: 0,
	accept: 1,
	data: 2,
	close: 3,
	reset: 4
};
const REASONS: readonly ResetReason[] = ['refused', 'reset', 'timeout', 'unreachable'];
const HOP = 1;
const FROM = 2;
/** As `parseSegment`: a conn id is 1–200 characters. */
const MAX_CONN = 200;
/** Fixed part of a segment: type, flags, reason, conn length, addresses, time. */
const FIXED = 3 + 2 + 6 + 6 + 8;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Few addresses exist in a cluster: each is parsed and printed once. */
const ipNumbers = new Map<string, number>();
const ipStrings = new Map<number, IpAddr>();
const CACHE_LIMIT = 4096;

/** A dotted IPv4 address as a u32, or -1 when it is not one. */
function ipToU32(ip: string): number {
	const cached = ipNumbers.get(ip);
	if (cached !== undefined) return cached;
	const parts = ip.split('.');
	if (parts.length !== 4) return -1;
	let n = 0;
	for (const p of parts) {
		if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return -1;
		n = n * 256 + Number(p);
	}
	if (ipNumbers.size >= CACHE_LIMIT) ipNumbers.clear();
	ipNumbers.set(ip, n);
	return n;
}

function u32ToIp(n: number): IpAddr {
	const cached = ipStrings.get(n);
	if (cached !== undefined) return cached;
	const ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` as IpAddr;
	if (ipStrings.size >= CACHE_LIMIT) ipStrings.clear();
	ipStrings.set(n, ip);
	return ip;
}

/** The conn id's UTF-8 length when it is ASCII (nearly always: written byte by byte), else -1. */
function asciiLength(conn: string): number {
	for (let i = 0; i < conn.length; i++) if (conn.charCodeAt(i) >= 0x80) return -1;
	return conn.length;
}

/**
 * What one segment needs from the first pass to be written in the second: its conn id's bytes
 * only when it is not ASCII. Module scratch, reused by every call (a call never nests).
 */
const nonAscii: (Uint8Array | undefined)[] = [];

/**
 * One buffer holding `segments`, in order. A segment that cannot be represented (an address that
 * is not IPv4, an oversized conn id) is left out, as the receiver would have rejected it. Two
 * passes over the segments (size, then write) and nothing allocated per segment but the buffer:
 * this runs once per hop between workers.
 */
export function encodeSegments(segments: readonly Segment[]): ArrayBuffer {
	let size = 3;
	let count = 0;
	for (let i = 0; i < segments.length; i++) {
		const s = segments[i] as Segment;
		nonAscii[i] = undefined;
		if (!representable(s)) continue;
		let connBytes = asciiLength(s.conn);
		if (connBytes < 0) {
			const encoded = encoder.encode(s.conn);
			nonAscii[i] = encoded;
			connBytes = encoded.length;
		}
		count++;
		size += FIXED + connBytes;
		if (s.hop !== undefined) size += 4;
		if (s.from !== undefined) size += 4;
		if (s.type === 'data') size += 4 + s.bytes.length;
	}
	const buffer = new ArrayBuffer(size);
	const view = new DataView(buffer);
	const bytes = new Uint8Array(buffer);
	view.setUint8(0, VERSION);
	view.setUint16(1, count, true);
	let o = 3;
	for (let i = 0; i < segments.length; i++) {
		const s = segments[i] as Segment;
		if (!representable(s)) continue;
		const encoded = nonAscii[i];
		nonAscii[i] = undefined;
		const connLength = encoded ? encoded.length : s.conn.length;
		view.setUint8(o, TYPE_CODE[s.type]);
		view.setUint8(o + 1, (s.hop !== undefined ? HOP : 0) | (s.from !== undefined ? FROM : 0));
		view.setUint8(o + 2, s.type === 'reset' ? REASONS.indexOf(s.reason) : 0);
		view.setUint16(o + 3, connLength, true);
		o += 5;
		if (encoded) bytes.set(encoded, o);
		else for (let c = 0; c < connLength; c++) bytes[o + c] = s.conn.charCodeAt(c);
		o += connLength;
		view.setUint32(o, ipToU32(s.src.ip), true);
		view.setUint16(o + 4, s.src.port, true);
		view.setUint32(o + 6, ipToU32(s.dst.ip), true);
		view.setUint16(o + 10, s.dst.port, true);
		view.setFloat64(o + 12, s.at, true);
		o += 20;
		if (s.hop !== undefined) {
			view.setUint32(o, ipToU32(s.hop), true);
			o += 4;
		}
		if (s.from !== undefined) {
			view.setUint32(o, ipToU32(s.from), true);
			o += 4;
		}
		if (s.type === 'data') {
			view.setUint32(o, s.bytes.length, true);
			bytes.set(s.bytes, o + 4);
			o += 4 + s.bytes.length;
		}
	}
	nonAscii.length = 0;
	return buffer;
}

/** Every address IPv4 and a conn id of 1–MAX_CONN characters (the cache makes the check cheap). */
function representable(s: Segment): boolean {
	if (s.conn.length === 0 || s.conn.length > MAX_CONN) return false;
	if (ipToU32(s.src.ip) < 0 || ipToU32(s.dst.ip) < 0) return false;
	if (s.hop !== undefined && ipToU32(s.hop) < 0) return false;
	return s.from === undefined || ipToU32(s.from) >= 0;
}

const fail = (message: string): ProtocolError => ({ type: 'protocol-error', message });

/**
 * UTF-8 at [start, end): conn ids are ASCII, made one flat string in one call (TextDecoder costs
 * more per call; appending char by char builds a rope the first Map lookup must flatten).
 */
function text(bytes: Uint8Array, start: number, end: number): string {
	for (let i = start; i < end; i++)
		if ((bytes[i] ?? 0) >= 0x80) return decoder.decode(bytes.subarray(start, end));
	return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Where the segment `decodeOne` read last ended (no result object per segment). */
let nextOffset = 0;

/** Reads one segment at `o`; `nextOffset` is then the offset after it. */
function decodeOne(view: DataView, bytes: Uint8Array, o: number): Segment | ProtocolError {
	const type = TYPES[view.getUint8(o)];
	const flags = view.getUint8(o + 1);
	const reason = REASONS[view.getUint8(o + 2)];
	const connLength = view.getUint16(o + 3, true);
	if (type === undefined) return fail('unknown segment type');
	if (flags > (HOP | FROM)) return fail('segment has unknown flags');
	if (connLength === 0 || o + 5 + connLength > bytes.length)
		return fail('segment has no valid conn');
	const conn = text(bytes, o + 5, o + 5 + connLength) as ConnId;
	if (conn.length > MAX_CONN) return fail('segment has no valid conn');
	o += 5 + connLength;
	const src: SocketAddr = {
		ip: u32ToIp(view.getUint32(o, true)),
		port: view.getUint16(o + 4, true)
	};
	const dst: SocketAddr = {
		ip: u32ToIp(view.getUint32(o + 6, true)),
		port: view.getUint16(o + 10, true)
	};
	const at = view.getFloat64(o + 12, true) as SimMillis;
	if (!Number.isFinite(at) || at < 0) return fail('segment has an invalid time');
	o += 20;
	let hop: IpAddr | undefined;
	let from: IpAddr | undefined;
	if (flags & HOP) {
		hop = u32ToIp(view.getUint32(o, true));
		o += 4;
	}
	if (flags & FROM) {
		from = u32ToIp(view.getUint32(o, true));
		o += 4;
	}
	let segment: Segment;
	switch (type) {
		case 'data': {
			const length = view.getUint32(o, true);
			if (o + 4 + length > bytes.length) return fail('data segment without bytes');
			// A view: the batch's buffer was transferred to this receiver and is nobody else's.
			const payload = bytes.subarray(o + 4, o + 4 + length);
			o += 4 + length;
			segment = { conn, src, dst, at, type, bytes: payload };
			break;
		}
		case 'reset':
			if (reason === undefined) return fail('reset segment with an unknown reason');
			segment = { conn, src, dst, at, type, reason };
			break;
		default:
			segment = { conn, src, dst, at, type };
	}
	// Written as literals (one shape per type, no spread); hop and from are rare (a ztunnel's).
	nextOffset = o;
	return hop === undefined && from === undefined ? segment : withRoute(segment, hop, from);
}

/** The segment with its optional `hop`/`from`, keys in the order parseSegment gives them. */
function withRoute(s: Segment, hop: IpAddr | undefined, from: IpAddr | undefined): Segment {
	const { conn, src, dst, at, ...rest } = s;
	return {
		conn,
		src,
		dst,
		at,
		...(hop !== undefined ? { hop } : {}),
		...(from !== undefined ? { from } : {}),
		...rest
	} as Segment;
}

/** The segments of a batch a peer sent, in order, or why the message is not one. */
export function decodeSegments(message: unknown): Segment[] | ProtocolError {
	if (!(message instanceof ArrayBuffer)) return fail('segment batch is not an ArrayBuffer');
	const view = new DataView(message);
	const bytes = new Uint8Array(message);
	if (bytes.length < 3 || view.getUint8(0) !== VERSION) return fail('not a segment batch');
	const count = view.getUint16(1, true);
	const segments: Segment[] = [];
	let o = 3;
	try {
		for (let i = 0; i < count; i++) {
			if (o + FIXED > bytes.length) return fail('segment batch is truncated');
			const r = decodeOne(view, bytes, o);
			if (r.type === 'protocol-error') return r;
			segments.push(r);
			o = nextOffset;
		}
	} catch {
		// A read past the end (DataView's RangeError) or a conn that is not UTF-8.
		return fail('segment batch is truncated');
	}
	if (o !== bytes.length) return fail('segment batch has trailing bytes');
	return segments;
}
