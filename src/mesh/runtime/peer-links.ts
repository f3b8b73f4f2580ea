/**
 * A worker host's links to its peers: one MessagePort per peer host (or a local-link.ts end for a
 * peer in the same worker), asked for the first time a segment goes to an address. Segments wait while the link is created and are
 * stamped with the time they were sent; without a link they are blackholed, as a SYN to nobody
 * is (the client times out). What one task sends to one peer in another worker travels as one
 * transferred buffer (segment-codec.ts), posted once the task's synchronous work is done.
 */
import { isProtocolError, parseSegment, type Segment } from '../net/protocol.ts';
import { decodeSegments, encodeSegments } from '../net/segment-codec.ts';
import type { OutboundSegment } from '../net/stack.ts';
import type { NodeName, SimMillis } from '../types.ts';
import { isLocalPort } from './local-link.ts';

/** The part of MessagePort both browsers and Node's worker_threads provide. */
export interface PortLike {
	postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
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
	/**
	 * Segments for peers in other workers, gathered until this task's microtasks run: the ports
	 * in the order first posted to, and each one's batch. The map is emptied entry by entry, not
	 * copied and cleared: a flush per arriving segment is the common case, and `Map.clear`
	 * allocates a fresh table.
	 */
	#batchPorts: PortLike[] = [];
	readonly #batches = new Map<PortLike, Segment[]>();
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

	/**
	 * Puts an arriving segment on the link to `ip`: a sibling in this worker gets the object; a
	 * peer in another worker gets it in this task's batch for it, one message per batch.
	 */
	post(ip: string, segment: Segment): boolean {
		const port = this.port(ip);
		if (!port) return false;
		if (isLocalPort(port)) {
			port.postMessage(segment);
			return true;
		}
		const batch = this.#batches.get(port);
		if (batch) {
			batch.push(segment);
			return true;
		}
		this.#batches.set(port, [segment]);
		this.#batchPorts.push(port);
		if (this.#batchPorts.length === 1) queueMicrotask(this.#flushTask);
		return true;
	}

	/** Segments waiting for a link the main thread is still creating. */
	get waiting(): number {
		let n = 0;
		for (const q of this.#waiting.values()) n += q.length;
		return n;
	}

	readonly #flushTask = (): void => this.#flushBatches();

	#flushBatches(): void {
		const ports = this.#batchPorts;
		if (ports.length === 0) return;
		this.#batchPorts = [];
		for (const port of ports) {
			const segments = this.#batches.get(port) as Segment[];
			this.#batches.delete(port);
			const buffer = encodeSegments(segments);
			port.postMessage(buffer, [buffer]);
		}
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
		this.#flushBatches();
		this.#links.get(ip)?.port.close();
		this.#links.set(ip, { port, node });
		this.#listen(port);
		this.#flush(ip);
	}

	drop(ip: string): void {
		this.#flushBatches();
		this.#links.get(ip)?.port.close();
		this.#links.delete(ip);
	}

	closeAll(): void {
		this.#flushBatches();
		for (const l of this.#links.values()) l.port.close();
		this.#links.clear();
	}

	#listen(port: PortLike): void {
		// A sibling in this worker hands over its wire's own segment: nothing to validate.
		if (isLocalPort(port))
			return port.addEventListener('message', (event) => this.deps.receive(event.data as Segment));
		port.addEventListener('message', (event) => {
			// A batch of segments; anything else is checked as one segment object (and rejected).
			const segments =
				event.data instanceof ArrayBuffer ? decodeSegments(event.data) : [parseSegment(event.data)];
			if (!Array.isArray(segments)) return void this.badMessages++;
			for (const segment of segments) {
				if (isProtocolError(segment)) this.badMessages++;
				else this.deps.receive(segment);
			}
		});
		port.start?.();
	}

	#flush(ip: string): void {
		const pending = this.#waiting.get(ip) ?? [];
		this.#waiting.delete(ip);
		for (const p of pending) this.deps.transmit(p.segment, p.sentAt);
	}
}
