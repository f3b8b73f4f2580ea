/**
 * One connection's story from its segments (who opened it, what it carried, how it ended), and
 * the proxies' TrafficEvents that describe the same connection: those carry the handshake's
 * peer certificate, which the wire only shows as ciphertext.
 */
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import type { PeerCertificate, TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import { isTlsRecord } from './payload.ts';
import { HBONE_PORT } from '../../mesh/istio/ports.ts';

export type ConnectionProtocol = 'HBONE' | 'TLS' | 'HTTP' | 'TCP';

export interface ConnectionSummary {
	readonly conn: string;
	/** From the SYN when it is still in the buffer, else from the first segment seen. */
	readonly client: CaptureEntry['src'];
	readonly server: CaptureEntry['dst'];
	readonly protocol: ConnectionProtocol;
	readonly segments: number;
	readonly bytes: number;
	readonly first: number;
	readonly last: number;
	/** `FIN`, `RST (refused)`, or `open`. */
	readonly ended: string;
	readonly redirected: boolean;
}

export function summarizeConnection(
	conn: string,
	entries: readonly CaptureEntry[]
): ConnectionSummary | undefined {
	const mine = entries.filter((e) => e.conn === conn);
	const first = mine[0];
	if (!first) return undefined;
	const syn = mine.find((e) => e.type === 'connect') ?? first;
	const data = mine.find((e) => e.type === 'data' && e.payload && e.payload.length > 0);
	const text = data?.payload ? String.fromCharCode(...data.payload.subarray(0, 8)) : '';
	const protocol: ConnectionProtocol =
		syn.dst.port === HBONE_PORT
			? 'HBONE'
			: data?.payload && isTlsRecord(data.payload)
				? 'TLS'
				: /^(?:[A-Z]+ \/|HTTP\/)/.test(text)
					? 'HTTP'
					: 'TCP';
	const reset = mine.find((e) => e.type === 'reset');
	const fins = mine.filter((e) => e.type === 'close').length;
	return {
		conn,
		client: syn.src,
		server: syn.dst,
		protocol,
		segments: mine.length,
		bytes: mine.reduce((n, e) => n + e.length, 0),
		first: Math.min(...mine.map((e) => e.sent)),
		last: Math.max(...mine.map((e) => e.at)),
		ended: reset ? `RST (${reset.reason ?? 'reset'})` : fins >= 2 ? 'FIN' : 'open',
		redirected: mine.some((e) => e.redirected)
	};
}

/** Slack for the two clocks (segment times vs the proxy's start/end) in sim ms. */
const SLACK_MS = 5;

/**
 * TrafficEvents for this connection: same client address (and port, when the event has one),
 * same server address, and overlapping in sim time. An HBONE connection's events name the
 * pods' addresses, which are the ones on the wire (ztunnel spoofs the client's).
 */
export function eventsForConnection(
	summary: ConnectionSummary,
	events: readonly TrafficEvent[]
): TrafficEvent[] {
	return events.filter(
		(ev) =>
			ev.src.ip === summary.client.ip &&
			(ev.src.port === undefined || ev.src.port === summary.client.port) &&
			ev.dst.ip === summary.server.ip &&
			ev.start <= summary.last + SLACK_MS &&
			ev.end >= summary.first - SLACK_MS
	);
}

export interface HandshakeCertificate {
	/** The proxy that saw this certificate: `istio-system/ztunnel-x7k2p (inbound)`. */
	readonly seenBy: string;
	readonly certificate: PeerCertificate;
}

/** Distinct peer certificates the events report, with who saw each. */
export function handshakeCertificates(events: readonly TrafficEvent[]): HandshakeCertificate[] {
	const seen = new Set<string>();
	const out: HandshakeCertificate[] = [];
	for (const ev of events) {
		const cert = ev.peerCertificate;
		if (!cert) continue;
		const key = `${ev.proxy}|${cert.subject}|${cert.san}|${cert.notBefore}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push({ seenBy: `${ev.proxy} (${ev.direction})`, certificate: cert });
	}
	return out;
}
