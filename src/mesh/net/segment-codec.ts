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

interface Encoded {
	readonly segment: Segment;
	readonly conn: Uint8Array;
	readonly ips: readonly number[];
}

/** Its addresses as numbers (src, dst, hop?, from?), or undefined when one is not IPv4. */
function addresses(s: Segment): number[] | undefined {
	const ips = [ipToU32(s.src.ip), ipToU32(s.dst.ip)];
	if (s.hop !== undefined) ips.push(ipToU32(s.hop));
	if (s.from !== undefined) ips.push(ipToU32(s.from));
	return ips.every((n) => n >= 0) ? ips : undefined;
}

/**
 * One buffer holding `segments`, in order. A segment that cannot be represented (an address that
 * is not IPv4, an oversized conn id) is left out, as the receiver would have rejected it.
 */
export function encodeSegments(segments: readonly Segment[]): ArrayBuffer {
	const parts: Encoded[] = [];
	let size = 3;
	for (const segment of segments) {
		const ips = addresses(segment);
		const conn = encoder.encode(segment.conn);
		if (!ips || segment.conn.length === 0 || segment.conn.length > MAX_CONN) continue;
		parts.push({ segment, conn, ips });
		size += FIXED + conn.length + 4 * (ips.length - 2);
		if (segment.type === 'data') size += 4 + segment.bytes.length;
	}
	const buffer = new ArrayBuffer(size);
	const view = new DataView(buffer);
	const bytes = new Uint8Array(buffer);
	view.setUint8(0, VERSION);
	view.setUint16(1, parts.length, true);
	let o = 3;
	for (const { segment: s, conn, ips } of parts) {
		view.setUint8(o, TYPE_CODE[s.type]);
		view.setUint8(o + 1, (s.hop !== undefined ? HOP : 0) | (s.from !== undefined ? FROM : 0));
		view.setUint8(o + 2, s.type === 'reset' ? REASONS.indexOf(s.reason) : 0);
		view.setUint16(o + 3, conn.length, true);
		bytes.set(conn, o + 5);
		o += 5 + conn.length;
		view.setUint32(o, ips[0] ?? 0, true);
		view.setUint16(o + 4, s.src.port, true);
		view.setUint32(o + 6, ips[1] ?? 0, true);
		view.setUint16(o + 10, s.dst.port, true);
		view.setFloat64(o + 12, s.at, true);
		o += 20;
		for (const ip of ips.slice(2)) {
			view.setUint32(o, ip, true);
			o += 4;
		}
		if (s.type === 'data') {
			view.setUint32(o, s.bytes.length, true);
			bytes.set(s.bytes, o + 4);
			o += 4 + s.bytes.length;
		}
	}
	return buffer;
}

const fail = (message: string): ProtocolError => ({ type: 'protocol-error', message });

/** UTF-8 at [start, end): conn ids are ASCII, read byte by byte (TextDecoder costs more per call). */
function text(bytes: Uint8Array, start: number, end: number): string {
	let s = '';
	for (let i = start; i < end; i++) {
		const b = bytes[i] ?? 0;
		if (b >= 0x80) return decoder.decode(bytes.subarray(start, end));
		s += String.fromCharCode(b);
	}
	return s;
}

/** Reads one segment at `o`; returns it with the offset after it. */
function decodeOne(
	view: DataView,
	bytes: Uint8Array,
	o: number
): { segment: Segment; next: number } | ProtocolError {
	const type = TYPES[view.getUint8(o)];
	const flags = view.getUint8(o + 1);
	const reason = REASONS[view.getUint8(o + 2)];
	const connLength = view.getUint16(o + 3, true);
	if (type === undefined) return fail('unknown segment type');
	if (flags > (HOP | FROM)) return fail('segment has unknown flags');
	if (connLength === 0 || o + 5 + connLength > bytes.length)
		return fail('segment has no valid conn');
	const conn = text(bytes, o + 5, o + 5 + connLength);
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
	const at = view.getFloat64(o + 12, true);
	if (!Number.isFinite(at) || at < 0) return fail('segment has an invalid time');
	o += 20;
	const header: {
		conn: ConnId;
		src: SocketAddr;
		dst: SocketAddr;
		at: SimMillis;
		hop?: IpAddr;
		from?: IpAddr;
	} = { conn: conn as ConnId, src, dst, at: at as SimMillis };
	if (flags & HOP) {
		header.hop = u32ToIp(view.getUint32(o, true));
		o += 4;
	}
	if (flags & FROM) {
		header.from = u32ToIp(view.getUint32(o, true));
		o += 4;
	}
	switch (type) {
		case 'data': {
			const length = view.getUint32(o, true);
			if (o + 4 + length > bytes.length) return fail('data segment without bytes');
			// A view: the batch's buffer was transferred to this receiver and is nobody else's.
			const payload = bytes.subarray(o + 4, o + 4 + length);
			return { segment: { ...header, type, bytes: payload }, next: o + 4 + length };
		}
		case 'reset':
			if (reason === undefined) return fail('reset segment with an unknown reason');
			return { segment: { ...header, type, reason }, next: o };
		default:
			return { segment: { ...header, type }, next: o };
	}
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
			if ('type' in r) return r;
			segments.push(r.segment);
			o = r.next;
		}
	} catch {
		// A read past the end (DataView's RangeError) or a conn that is not UTF-8.
		return fail('segment batch is truncated');
	}
	if (o !== bytes.length) return fail('segment batch has trailing bytes');
	return segments;
}
