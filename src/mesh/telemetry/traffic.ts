/**
 * What a proxy reports about the traffic it handled: one event per connection (L4, ztunnel)
 * or per request (L7, waypoint), at each hop. Events of one request share a trace id (W3C
 * `traceparent`, carried in HBONE CONNECT headers and HTTP requests), so the UI can draw a
 * request's hops, the topology can colour edges, and lesson checks can ask "was this allowed,
 * over mTLS, through a waypoint, by which policy".
 * Plain data only: events cross workers by structured clone.
 */
import type { IpAddr, NodeName, SimMillis } from '../types.ts';

/** `gateway`: an Istio ingress gateway (Envoy `router`), which is not a waypoint. */
export type Reporter = 'ztunnel' | 'waypoint' | 'gateway' | 'sidecar';

/** One end of a hop, as the reporting proxy knows it. */
export interface TrafficPeer {
	readonly ip: IpAddr;
	readonly port?: number;
	/** `namespace/pod-name` when the address is a known workload. */
	readonly workload?: string;
	readonly namespace?: string;
	/** `spiffe://cluster.local/ns/<ns>/sa/<sa>` when proven by mTLS (or our own, outbound). */
	readonly identity?: string;
	/** `<name>.<ns>.svc.cluster.local` when the client addressed a Service. */
	readonly service?: string;
}

/** The peer certificate a hop saw, for the trace view. */
export interface PeerCertificate {
	readonly subject: string;
	readonly san: string;
	readonly issuer: string;
	readonly notBefore: SimMillis;
	readonly notAfter: SimMillis;
}

export interface PolicyDecision {
	readonly result: 'allow' | 'deny';
	/** `namespace/name` of the policy that decided (the denying one, or the allowing one). */
	readonly policy?: string;
	/**
	 * A deny because no ALLOW policy matched: those that applied (`namespace/name`), so a lesson
	 * can name the object at fault. The real proxies do not say (`rbac_access_denied_matched_policy[none]`).
	 */
	readonly unmatched?: readonly string[];
	/** Index of the matching rule in the policy's `rules`. */
	readonly rule?: number;
	/** Why, in words a learner reads ("no ALLOW policy matched", "allow: no policies"). */
	readonly reason: string;
}

export interface HttpExchange {
	readonly method: string;
	readonly path: string;
	readonly authority: string;
	/** Response status; 0 when no response was sent (reset). */
	readonly status: number;
	/** `namespace/name` of the HTTPRoute (or VirtualService) that routed the request. */
	readonly route?: string;
	/** The backend the route chose: `reviews-v2.default.svc.cluster.local:9080`. */
	readonly backend?: string;
	/** Envoy's response flags (`-`, `UF`, `URX`, `DI`, `FI`, ...). */
	readonly responseFlags?: string;
}

export interface TrafficEvent {
	/** 32 lower-case hex digits; the same across every hop of one request. */
	readonly traceId: string;
	readonly reporter: Reporter;
	/** The proxy's pod, `istio-system/ztunnel-x7k2p` or `default/waypoint-5d9c7b-abcde`. */
	readonly proxy: string;
	readonly node: NodeName;
	/** inbound: the proxy serves the destination; outbound: it serves the source. */
	readonly direction: 'inbound' | 'outbound';
	readonly layer: 'L4' | 'L7';
	/** Sim time the connection (or request) started and ended. */
	readonly start: SimMillis;
	readonly end: SimMillis;
	readonly src: TrafficPeer;
	readonly dst: TrafficPeer;
	/** How this hop left or arrived: HBONE (mTLS), or TCP in the clear. */
	readonly protocol: 'HBONE' | 'TCP';
	readonly mtls: boolean;
	/** The peer's certificate when this hop was mTLS. */
	readonly peerCertificate?: PeerCertificate;
	/** `namespace/name` of the waypoint this traffic goes (or came) through. */
	readonly waypoint?: string;
	readonly decision: PolicyDecision;
	readonly http?: HttpExchange;
	readonly bytesSent: number;
	readonly bytesReceived: number;
	/** ztunnel's or Envoy's error text when the hop failed. */
	readonly error?: string;
}

/** A bounded ring of events, like the capture journal. */
export class TrafficJournal {
	readonly #limit: number;
	#events: TrafficEvent[] = [];
	#total = 0;

	constructor(limit = 10_000) {
		this.#limit = limit;
	}

	record(event: TrafficEvent): void {
		this.#events.push(event);
		this.#total++;
		if (this.#events.length > this.#limit * 1.25) {
			this.#events = this.#events.slice(this.#events.length - this.#limit);
		}
	}

	/** Events with index ≥ `since` (a running count, stable across trimming). */
	since(since: number): { events: TrafficEvent[]; next: number } {
		const first = this.#total - this.#events.length;
		const from = Math.max(0, since - first);
		return { events: this.#events.slice(from), next: this.#total };
	}

	/** Events kept now (at most 1.25 × the limit). */
	get held(): number {
		return this.#events.length;
	}
}
