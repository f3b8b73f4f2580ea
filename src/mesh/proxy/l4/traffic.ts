/**
 * The TrafficEvent a ztunnel reports for each connection, at each end (outbound when it leaves
 * the source's node, inbound when it reaches the destination's), and the W3C trace context that
 * ties the two together: the outbound side makes a `traceparent`, sends it in the CONNECT
 * headers, and the inbound side reuses its trace id.
 * The trace format mirrors ztunnel src/proxy.rs TraceParent (`00-<trace>-<parent>-00`).
 */
import { SIM_EPOCH_MS as EPOCH_MS } from '../../epoch.ts';
import type { Rng } from '../../random.ts';
import type {
	PeerCertificate,
	PolicyDecision,
	Reporter,
	TrafficEvent,
	TrafficPeer
} from '../../telemetry/traffic.ts';
import { type X509Certificate, uriSans } from '../../tls/certificate.ts';
import { type NodeName, type SimMillis, type SocketAddr, ms } from '../../types.ts';
import type { ServiceDescription } from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import type { ProxyError } from './errors.ts';

/** Who reports, and where events go (HostContext.report). */
export interface TrafficReporting {
	readonly reporter: Reporter;
	/** `istio-system/ztunnel-x7k2p`. */
	readonly proxy: string;
	readonly node: NodeName;
	/** Trace ids; a fork of the host's rng, so log timestamps keep their sequence. */
	readonly rng: Rng;
	report(event: TrafficEvent): void;
}

function hex(rng: Rng, digits: number): string {
	let s = '';
	while (s.length < digits) s += rng.int(0x10000).toString(16).padStart(4, '0');
	return s.slice(0, digits);
}

/** A new `traceparent` (TraceParent::new: random trace and parent ids, flags 00). */
export function newTraceParent(rng: Rng): string {
	let trace = hex(rng, 32);
	// An all-zero trace id is invalid in W3C trace context.
	if (/^0+$/.test(trace)) trace = `${trace.slice(0, 31)}1`;
	return `00-${trace}-${hex(rng, 16)}-00`;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id of a well-formed `traceparent`, else undefined. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
	const m = TRACEPARENT.exec(traceparent ?? '');
	if (!m || m[1] === 'ff' || /^0+$/.test(m[2] ?? '')) return undefined;
	return m[2];
}

/**
 * What the trace view shows of a peer certificate, once per certificate: a pooled HBONE
 * connection reports the same one on every stream, and reading its names parses its DER again.
 */
const peerViews = new WeakMap<X509Certificate, PeerCertificate>();

/** What the trace view shows of a verified peer certificate. */
export function peerCertificate(cert: X509Certificate): PeerCertificate {
	let view = peerViews.get(cert);
	if (!view) {
		view = {
			subject: cert.subject,
			san: uriSans(cert)[0] ?? '',
			issuer: cert.issuer,
			notBefore: ms(cert.notBefore.getTime() - EPOCH_MS),
			notAfter: ms(cert.notAfter.getTime() - EPOCH_MS)
		};
		peerViews.set(cert, view);
	}
	return view;
}

/** One end of a hop: the address, and the workload (`ns/pod`) when it is a known one. */
export function trafficPeer(
	addr: SocketAddr,
	w: Workload | undefined,
	identity?: string,
	service?: ServiceDescription
): TrafficPeer {
	return {
		ip: addr.ip,
		port: addr.port,
		...(w ? { workload: `${w.namespace}/${w.name}`, namespace: w.namespace } : {}),
		...(identity ? { identity } : {}),
		...(service ? { service: service.hostname } : {})
	};
}

/** What a hop learns on the way and the event carries. */
export interface HopFacts {
	traceId?: string;
	/** `namespace/name` of the waypoint this hop sends to (outbound) or came from. */
	waypoint?: string;
	decision?: PolicyDecision;
	peerCertificate?: PeerCertificate;
}

export interface HopEvent {
	readonly direction: 'inbound' | 'outbound';
	readonly start: SimMillis;
	readonly end: SimMillis;
	readonly src: TrafficPeer;
	readonly dst: TrafficPeer;
	readonly mtls: boolean;
	/** mTLS without a tunnel (a sidecar's Istio mTLS over TCP); else HBONE when mtls. */
	readonly tcpMtls?: boolean;
	readonly bytesSent: number;
	readonly bytesReceived: number;
	readonly error?: ProxyError | undefined;
	readonly facts: HopFacts;
}

/** A decision for a hop whose policy was not evaluated here. */
export function defaultDecision(
	direction: HopEvent['direction'],
	error?: ProxyError
): PolicyDecision {
	if (error?.kind === 'HttpStatus' && error.message.startsWith('http status: 401')) {
		return { result: 'deny', reason: `denied by the destination's policy (${error.message})` };
	}
	if (error && direction === 'inbound') {
		return { result: 'deny', reason: `refused before policy was checked: ${error.message}` };
	}
	if (error && error.kind !== 'HttpStatus' && error.kind !== 'H2') {
		return { result: 'deny', reason: `refused: ${error.message}` };
	}
	return direction === 'outbound'
		? { result: 'allow', reason: 'allowed: policy is enforced by the destination' }
		: { result: 'allow', reason: 'allowed: no ALLOW policies' };
}

export function reportHop(t: TrafficReporting, e: HopEvent): void {
	const traceId = e.facts.traceId ?? traceIdOf(newTraceParent(t.rng)) ?? '';
	const event: TrafficEvent = {
		traceId,
		reporter: t.reporter,
		proxy: t.proxy,
		node: t.node,
		direction: e.direction,
		layer: 'L4',
		start: e.start,
		end: e.end,
		src: e.src,
		dst: e.dst,
		protocol: e.mtls && e.tcpMtls !== true ? 'HBONE' : 'TCP',
		mtls: e.mtls,
		...(e.facts.peerCertificate ? { peerCertificate: e.facts.peerCertificate } : {}),
		...(e.facts.waypoint ? { waypoint: e.facts.waypoint } : {}),
		decision: e.facts.decision ?? defaultDecision(e.direction, e.error),
		bytesSent: e.bytesSent,
		bytesReceived: e.bytesReceived,
		...(e.error ? { error: e.error.message } : {})
	};
	t.report(event);
}
