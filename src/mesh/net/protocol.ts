/**
 * The wire protocol: what travels between hosts. Byte streams only, never objects: a segment is
 * one TCP-like event on one connection. Between workers segments travel in batches encoded by
 * `segment-codec.ts`; whatever arrives is validated (`decodeSegments`, `parseSegment` for anything
 * else), so a garbage message becomes a typed error, never an exception.
 */
import type { ConnId, IpAddr, SimMillis, SocketAddr } from '../types.ts';

/** Why a connection was reset. `refused`: nothing listens (RST in reply to SYN). */
export type ResetReason = 'refused' | 'reset' | 'timeout' | 'unreachable';

interface SegmentHeader {
	/** Chosen by the connecting side; unique in the runtime. */
	readonly conn: ConnId;
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	/** Sim time at which the segment reaches `dst` (send time + modelled latency). */
	readonly at: SimMillis;
	/**
	 * The host that receives the segment when it is not `dst`'s owner: the host a netfilter rule
	 * routed it through (an enrolled pod's node ztunnel), or the proxy a spoofed connection came from.
	 */
	readonly hop?: IpAddr;
	/** The real sender when `src` is spoofed (a ztunnel speaking for a pod): replies go back to it. */
	readonly from?: IpAddr;
}

export type Segment =
	| (SegmentHeader & { readonly type: 'connect' })
	| (SegmentHeader & { readonly type: 'accept' })
	| (SegmentHeader & { readonly type: 'data'; readonly bytes: Uint8Array })
	/** Half-close (FIN): the sender will write no more. */
	| (SegmentHeader & { readonly type: 'close' })
	| (SegmentHeader & { readonly type: 'reset'; readonly reason: ResetReason });

export type SegmentType = Segment['type'];

export interface ProtocolError {
	readonly type: 'protocol-error';
	readonly message: string;
}

const RESET_REASONS: ReadonlySet<string> = new Set(['refused', 'reset', 'timeout', 'unreachable']);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null;
}

function isIp(x: unknown): x is IpAddr {
	if (typeof x !== 'string') return false;
	const m = IPV4.exec(x);
	return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

function isSocketAddr(x: unknown): x is SocketAddr {
	if (!isRecord(x) || typeof x.port !== 'number') return false;
	return isIp(x.ip) && Number.isInteger(x.port) && x.port >= 0 && x.port <= 65535;
}

const fail = (message: string): ProtocolError => ({ type: 'protocol-error', message });

/** Validates a message received from another host (or anything else) into a Segment. */
export function parseSegment(x: unknown): Segment | ProtocolError {
	if (!isRecord(x)) return fail('segment is not an object');
	const { type, conn, src, dst, at } = x;
	if (typeof conn !== 'string' || conn.length === 0 || conn.length > 200)
		return fail('segment has no valid conn');
	if (!isSocketAddr(src) || !isSocketAddr(dst)) return fail('segment has an invalid address');
	if (typeof at !== 'number' || !Number.isFinite(at) || at < 0)
		return fail('segment has an invalid time');
	const { hop, from } = x;
	if (hop !== undefined && !isIp(hop)) return fail('segment has an invalid hop');
	if (from !== undefined && !isIp(from)) return fail('segment has an invalid from');
	const header = {
		conn,
		src,
		dst,
		at,
		...(hop !== undefined ? { hop } : {}),
		...(from !== undefined ? { from } : {})
	} as unknown as SegmentHeader;
	switch (type) {
		case 'connect':
		case 'accept':
		case 'close':
			return { ...header, type };
		case 'data':
			if (!(x.bytes instanceof Uint8Array)) return fail('data segment without bytes');
			return { ...header, type, bytes: x.bytes };
		case 'reset':
			if (typeof x.reason !== 'string' || !RESET_REASONS.has(x.reason))
				return fail('reset segment with an unknown reason');
			return { ...header, type, reason: x.reason as ResetReason };
		default:
			return fail(`unknown segment type ${JSON.stringify(type)}`);
	}
}

export function isProtocolError(x: Segment | ProtocolError): x is ProtocolError {
	return x.type === 'protocol-error';
}
