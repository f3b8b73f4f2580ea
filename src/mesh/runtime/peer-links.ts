/**
 * A worker host's links to its peers: one MessagePort per peer host (or a local-link.ts end for a
 * peer in the same worker), asked for the first time a segment goes to an address. Segments wait while the link is created and are
 * stamped with the time they were sent; without a link they are blackholed, as a SYN to nobody
 * is (the client times out).
 */
import { isProtocolError, parseSegment, type Segment } from '../net/protocol.ts';
import type { OutboundSegment } from '../net/stack.ts';
import type { NodeName, SimMillis } from '../types.ts';
import { isLocalPort } from './local-link.ts';

/** The part of MessagePort both browsers and Node's worker_threads provide. */
export interface PortLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	start?(): void;
	close(): void;
}

/** A link to a peer, as the main thread hands it over. */
export interface LinkGrant {
	readonly port: PortLike;
	readonly node: NodeName;
}

export interface PeerLinksDeps {
	/** A grant, `'peer'` when the peer asked first (its port arrives through `add`), or null. */
	readonly requestLink: (ip: string) => Promise<LinkGrant | 'peer' | null>;
	/** Puts a segment on the wire (capture, latency, faults) and posts what arrives. */
	readonly transmit: (segment: OutboundSegment, sentAt: SimMillis) => void;
	/** A valid segment from a peer. */
	readonly receive: (segment: Segment) => void;
	readonly now: () => SimMillis;
}

export class PeerLinks {
	readonly #links = new Map<string, LinkGrant>();
	/** Segments waiting for a link the main thread is still creating. */
	readonly #waiting = new Map<string, { segment: OutboundSegment; sentAt: SimMillis }[]>();
	/** Messages that failed validation (a garbage message never reaches the stack). */
	badMessages = 0;

	constructor(private readonly deps: PeerLinksDeps) {}

	/** The node of the peer at `ip`, once linked (the wire's latency depends on it). */
	nodeOf(ip: string): NodeName | undefined {
		return this.#links.get(ip)?.node;
	}

	port(ip: string): PortLike | undefined {
		return this.#links.get(ip)?.port;
	}

	/** Sends now if linked (or to `self`), else once the link exists. */
	send(segment: OutboundSegment, self: string): void {
		const ip = segment.hop ?? segment.dst.ip;
		if (ip === self || this.#links.has(ip)) return this.deps.transmit(segment, this.deps.now());
		const queue = this.#waiting.get(ip);
		if (queue) return void queue.push({ segment, sentAt: this.deps.now() });
		this.#waiting.set(ip, [{ segment, sentAt: this.deps.now() }]);
		void this.deps.requestLink(ip).then((grant) => {
			if (grant === 'peer') return; // `add` flushes the queue
			if (grant && !this.#links.has(ip)) {
				this.#links.set(ip, grant);
				this.#listen(grant.port);
			}
			this.#flush(ip);
		});
	}

	/** A peer's end of a fresh channel (the peer asked for it). */
	add(ip: string, node: NodeName, port: PortLike): void {
		this.#links.get(ip)?.port.close();
		this.#links.set(ip, { port, node });
		this.#listen(port);
		this.#flush(ip);
	}

	drop(ip: string): void {
		this.#links.get(ip)?.port.close();
		this.#links.delete(ip);
	}

	closeAll(): void {
		for (const l of this.#links.values()) l.port.close();
		this.#links.clear();
	}

	#listen(port: PortLike): void {
		// A sibling in this worker hands over its wire's own segment: nothing to validate.
		if (isLocalPort(port))
			return port.addEventListener('message', (event) => this.deps.receive(event.data as Segment));
		port.addEventListener('message', (event) => {
			const segment = parseSegment(event.data);
			if (isProtocolError(segment)) this.badMessages++;
			else this.deps.receive(segment);
		});
		port.start?.();
	}

	#flush(ip: string): void {
		const pending = this.#waiting.get(ip) ?? [];
		this.#waiting.delete(ip);
		for (const p of pending) this.deps.transmit(p.segment, p.sentAt);
	}
}
