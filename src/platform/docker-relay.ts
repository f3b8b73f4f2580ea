/**
 * The worker runtime's end of kind's docker network (src/mesh/net/docker-bridge.ts): a host that
 * dials an address another cluster answers gets a channel whose other end is here, and a
 * segment the bridge delivers to one of this cluster's hosts arrives on such a channel too, so
 * its replies come back the same way. This thread is on the data path only between clusters:
 * the bridge's NAT needs both clusters' tables, which only the main threads hold. Segments keep
 * the arrival time their sender's wire stamped, so sim times match the in-process runtime's.
 */
import { transfer } from 'comlink';
import type { BridgeAttachment } from '../mesh/net/docker-bridge.ts';
import { isProtocolError, type Segment } from '../mesh/net/protocol.ts';
import { decodeSegments, encodeSegments } from '../mesh/net/segment-codec.ts';
import type { LinkAnswer } from '../mesh/runtime/worker-hosts.ts';
import type { PortLike } from '../mesh/runtime/remote-host.ts';
import type { HostId, NodeName } from '../mesh/types.ts';

/** A host of this runtime, as the relay reaches it. */
export interface RelayHost {
	readonly id: HostId;
	readonly node: NodeName;
	/** Hands the host its end of a channel to `peer` (the worker's `addLink`). */
	addLink(peer: string, node: NodeName, port: PortLike): void;
}

export class DockerRelay {
	/** This thread's end of each channel, by host id and the peer address the host sees. */
	readonly #ends = new Map<string, MessagePort>();

	constructor(private readonly bridge: BridgeAttachment) {}

	/** Whether `ip` is answered across the bridge. */
	carries(ip: string): boolean {
		return this.bridge.nodeOf(ip) !== undefined;
	}

	/** The host asked for a channel to `ip`, which another cluster answers. */
	link(host: RelayHost, ip: string): LinkAnswer {
		const node = this.bridge.nodeOf(ip);
		if (node === undefined) return null;
		// Its end is on the way (a segment for it arrived first): `addLink` flushes its queue.
		if (this.#ends.has(key(host.id, ip))) return 'peer';
		const port = this.#open(host, ip);
		return transfer({ port: port as unknown as PortLike, node }, [port]);
	}

	/** A segment the bridge delivers to `host`, from the peer address it carries as its source. */
	deliver(host: RelayHost, segment: Segment): void {
		const peer = segment.src.ip;
		let end = this.#ends.get(key(host.id, peer));
		if (!end) {
			const port = this.#open(host, peer);
			host.addLink(
				peer,
				this.bridge.nodeOf(peer) ?? host.node,
				transfer(port as unknown as PortLike, [port])
			);
			end = this.#ends.get(key(host.id, peer));
		}
		const buffer = encodeSegments([segment]);
		end?.postMessage(buffer, [buffer]);
	}

	/** A host stopped: its channels across the bridge close. */
	forget(id: HostId): void {
		for (const [k, end] of this.#ends)
			if (k.startsWith(`${id} `)) {
				end.close();
				this.#ends.delete(k);
			}
	}

	closeAll(): void {
		for (const end of this.#ends.values()) end.close();
		this.#ends.clear();
	}

	/** A channel for `host` to `peer`: returns the host's end; this thread keeps and reads the other. */
	#open(host: RelayHost, peer: string): MessagePort {
		const channel = new MessageChannel();
		const mine = channel.port1;
		mine.addEventListener('message', (event: MessageEvent) => {
			const segments = decodeSegments(event.data);
			if (!Array.isArray(segments)) return;
			for (const s of segments) if (!isProtocolError(s)) this.bridge.forward(s, host.node);
		});
		mine.start();
		// Node: an open port would keep a finished process alive (the browser has no unref).
		(mine as { unref?: () => void }).unref?.();
		this.#ends.set(key(host.id, peer), mine);
		return channel.port2;
	}
}

const key = (id: HostId, peer: string): string => `${id} ${peer}`;
