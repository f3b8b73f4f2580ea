/**
 * tcpdump's line for a TCP packet (print-tcp.c): `HH:MM:SS.uuuuuu IP a.b.c.d.port > e.f.g.h.port:
 * Flags [P.], seq 1:79, ack 1, win 502, length 78`, and with -A the packet as ascii_print shows
 * it (print-ascii.c: the IP and TCP headers then the payload, unprintable bytes as `.`).
 * Sequence numbers are relative after the handshake, as tcpdump prints them; each direction's
 * initial number is drawn from the connection id, so a transcript is stable.
 */
import type { CaptureEntry } from '../net/capture.ts';

/** Bytes each direction of a connection has sent (data and FIN), as this capture saw them. */
export class TcpTracker {
	readonly #sent = new Map<string, number>();

	#key(conn: string, from: { ip: string; port: number }): string {
		return `${conn}|${from.ip}:${from.port}`;
	}

	/** The packet's line, after which this direction's count moves on. */
	line(e: CaptureEntry, time: number): string {
		const mine = this.#key(e.conn, e.src);
		const theirs = this.#key(e.conn, e.dst);
		const sent = this.#sent.get(mine) ?? 0;
		const received = this.#sent.get(theirs) ?? 0;
		const head = `${clockTime(time)} IP ${e.src.ip}.${e.src.port} > ${e.dst.ip}.${e.dst.port}: Flags`;
		switch (e.type) {
			case 'connect':
				return `${head} [S], seq ${isn(mine)}, win 64240, length 0`;
			case 'accept':
				return `${head} [S.], seq ${isn(mine)}, ack ${(isn(theirs) + 1) >>> 0}, win 65160, length 0`;
			case 'data':
				this.#sent.set(mine, sent + e.length);
				return `${head} [P.], seq ${sent + 1}:${sent + 1 + e.length}, ack ${received + 1}, win 502, length ${e.length}`;
			case 'close':
				this.#sent.set(mine, sent + 1);
				return `${head} [F.], seq ${sent + 1}, ack ${received + 1}, win 502, length 0`;
			case 'reset':
				// A refused SYN's answer acknowledges it; a reset mid-connection sits at the stream's end.
				return e.reason === 'refused'
					? `${head} [R.], seq 0, ack ${(isn(theirs) + 1) >>> 0}, win 0, length 0`
					: `${head} [R.], seq ${sent + 1}, ack ${received + 1}, win 0, length 0`;
		}
	}
}

/** FNV-1a of the direction's key: a stable 32-bit initial sequence number. */
function isn(key: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Sim time as tcpdump's default timestamp: time of day, microseconds. */
export function clockTime(simMs: number): string {
	const micros = Math.round(simMs * 1000);
	const day = micros % 86_400_000_000;
	const s = Math.floor(day / 1_000_000);
	return `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(day % 1_000_000, 6)}`;
}

const FLAG_BITS: Readonly<Record<CaptureEntry['type'], number>> = {
	connect: 0x02,
	accept: 0x12,
	data: 0x18,
	close: 0x11,
	reset: 0x14
};

function ipv4(ip: string): number[] {
	return ip.split('.').map(Number);
}

/** The IPv4 and TCP headers (no options), as the wire would carry them before the payload. */
function headers(e: CaptureEntry): number[] {
	const total = 40 + e.length;
	const ip = [0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 6, 0, 0];
	const tcp = [e.src.port >> 8, e.src.port & 0xff, e.dst.port >> 8, e.dst.port & 0xff];
	const seq = isn(`${e.conn}|${e.src.ip}:${e.src.port}`);
	tcp.push(seq >>> 24, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff, 0, 0, 0, 0);
	tcp.push(0x50, FLAG_BITS[e.type], 0x01, 0xf6, 0, 0, 0, 0);
	return [...ip, ...ipv4(e.src.ip), ...ipv4(e.dst.ip), ...tcp];
}

/** print-ascii.c ascii_print: graphic characters, space, tab and newline as they are; a CR
 * before a newline dropped; anything else a dot. */
export function asciiPacket(e: CaptureEntry): string {
	const bytes = [...headers(e), ...(e.payload ?? [])];
	let out = '';
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i] ?? 0;
		if (b === 0x0d) {
			if (i + 2 < bytes.length && bytes[i + 1] !== 0x0a) out += '.';
		} else if ((b > 0x20 && b < 0x7f) || b === 0x20 || b === 0x09 || b === 0x0a)
			out += String.fromCharCode(b);
		else out += '.';
	}
	return out;
}
