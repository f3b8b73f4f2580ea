/**
 * kind's docker network between clusters (172.18.0.0/16): the bridge every kind node container
 * sits on. A segment a pod sends to another cluster's node address or load-balancer address
 * leaves its node masqueraded to the node's address (kindnet's ip-masq: the pod networks of two
 * kind clusters overlap, 10.244.0.0/16 each, so a pod address means nothing on the bridge),
 * crosses the bridge, and the receiving node's kube-proxy DNATs it to one of the Service's
 * endpoints (KUBE-SERVICES for a `status.loadBalancer.ingress` address, KUBE-NODEPORTS for a
 * node port). Replies are translated back by the same conntrack entry. Pure: the runtimes carry
 * the segments (in-process on one event queue, workers through the main thread), this decides
 * what each one becomes.
 */
import { hashString } from '../random.ts';
import type { IpAddr, NodeName, SocketAddr } from '../types.ts';
import { chooseEndpoint } from './kube-proxy.ts';
import type { Segment } from './protocol.ts';
import type { NetworkTables } from './tables.ts';

/** One cluster on the bridge, as its runtime and its nodes describe it. */
export interface BridgeMember {
	/**
	 * Its nodes' addresses on the bridge (`cluster2-worker` → 172.18.0.6); the first cluster's
	 * also names the docker host (the `internet` node → 172.18.0.1), whose runtime it is.
	 */
	readonly nodes: ReadonlyMap<NodeName, IpAddr>;
	/** Its kube-proxy view: node ports and load-balancer addresses are its Services' entries. */
	tables(): NetworkTables;
	/** Puts a segment on its network, to arrive at `segment.at` (its hop, else its destination). */
	deliver(segment: Segment): void;
}

/** What a member's runtime uses: where an address leads, and the way out. */
export interface BridgeAttachment {
	/** The node of another member that answers `ip` on the bridge; undefined: nobody does. */
	nodeOf(ip: string): NodeName | undefined;
	/** A segment one of this member's hosts (on `senderNode`) sent across the bridge. */
	forward(segment: Segment, senderNode: NodeName): void;
}

/** What the bridge decided for one segment (exported for the table test). */
export type BridgeVerdict =
	| { readonly type: 'deliver'; readonly to: BridgeMember; readonly segment: Segment }
	/** kube-proxy REJECTs (a Service without endpoints, a port nobody serves): RST back. */
	| { readonly type: 'refuse'; readonly to: BridgeMember; readonly segment: Segment }
	/** Nobody answers the address, or the segment belongs to no tracked connection. */
	| { readonly type: 'drop' };

/** One connection's conntrack entry: both NATs of both directions. */
interface Tracked {
	readonly client: BridgeMember;
	readonly server: BridgeMember;
	/** The pod's own address and the proxy that really sent (a ztunnel speaking for it). */
	readonly podSrc: SocketAddr;
	readonly from: IpAddr | undefined;
	/** The pod's address after masquerade: its node's. */
	readonly masq: SocketAddr;
	/** The address the pod dialed, and where kube-proxy sent it. */
	readonly dialed: SocketAddr;
	readonly endpoint: SocketAddr;
	/** FINs seen: both sides' closes end the entry. */
	closes: number;
}

const withRoute = (s: Segment, hop: IpAddr | undefined): Segment => {
	const { hop: _h, from: _f, ...rest } = s;
	return (hop !== undefined ? { ...rest, hop } : rest) as Segment;
};

export class DockerBridge {
	readonly #members: BridgeMember[] = [];
	/** By client member, server member and connection id: ids are unique within a runtime only. */
	readonly #tracked = new Map<string, Tracked>();

	#key(client: BridgeMember, server: BridgeMember, conn: string): string {
		return `${this.#members.indexOf(client)}>${this.#members.indexOf(server)} ${conn}`;
	}

	attach(member: BridgeMember): BridgeAttachment {
		this.#members.push(member);
		return {
			nodeOf: (ip) => this.nodeOf(member, ip),
			forward: (segment, senderNode) => {
				const verdict = this.decide(member, segment, senderNode);
				if (verdict.type !== 'drop') verdict.to.deliver(verdict.segment);
			}
		};
	}

	/** Connections the bridge is translating (a test reads it: entries go when they close). */
	get tracked(): number {
		return this.#tracked.size;
	}

	/** The member other than `self` that answers `ip`: a node's address or a Service's. */
	owner(self: BridgeMember, ip: string): BridgeMember | undefined {
		for (const m of this.#members) {
			if (m === self) continue;
			for (const a of m.nodes.values()) if (a === ip) return m;
			if (m.tables().services.some((s) => s.vip === ip)) return m;
		}
		return undefined;
	}

	nodeOf(self: BridgeMember, ip: string): NodeName | undefined {
		const m = this.owner(self, ip);
		if (!m) return undefined;
		for (const [name, a] of m.nodes) if (a === ip) return name;
		// A load-balancer address: MetalLB's L2 speaker answers it from one node; the first here.
		return m.nodes.keys().next().value;
	}

	/** Decide, then do: what `segment`, sent by a host of `sender` on `senderNode`, becomes. */
	decide(sender: BridgeMember, segment: Segment, senderNode: NodeName): BridgeVerdict {
		for (const other of this.#members) {
			if (other === sender) continue;
			const request = this.#tracked.get(this.#key(sender, other, segment.conn));
			if (request) return this.#request(request, segment);
			// A SYN is never a reply: the other side numbered a connection of its own alike.
			const reply =
				segment.type === 'connect'
					? undefined
					: this.#tracked.get(this.#key(other, sender, segment.conn));
			if (reply) return this.#reply(reply, segment);
		}
		if (segment.type !== 'connect') return { type: 'drop' };
		return this.#open(sender, segment, senderNode);
	}

	#open(sender: BridgeMember, syn: Segment, senderNode: NodeName): BridgeVerdict {
		const server = this.owner(sender, syn.hop ?? syn.dst.ip);
		const nodeIp = sender.nodes.get(senderNode);
		if (!server || nodeIp === undefined) return { type: 'drop' };
		const masq: SocketAddr = { ip: nodeIp, port: syn.src.port };
		const plan = chooseEndpoint(server.tables(), syn.dst, (n) => hashString(syn.conn) % n);
		// A node address without a node port (nothing listens there), or no ready endpoints.
		if (plan.type !== 'dnat')
			return {
				type: 'refuse',
				to: sender,
				segment: withRoute(
					{
						type: 'reset',
						reason: 'refused',
						conn: syn.conn,
						src: syn.dst,
						dst: syn.src,
						at: syn.at
					},
					syn.from
				)
			};
		const t: Tracked = {
			client: sender,
			server,
			podSrc: syn.src,
			from: syn.from,
			masq,
			dialed: syn.dst,
			endpoint: plan.dst,
			closes: 0
		};
		this.#tracked.set(this.#key(sender, server, syn.conn), t);
		return this.#request(t, syn);
	}

	/** Client to server: masquerade the source, DNAT the destination. */
	#request(t: Tracked, s: Segment): BridgeVerdict {
		this.#forget(t, s);
		return {
			type: 'deliver',
			to: t.server,
			segment: withRoute({ ...s, src: t.masq, dst: t.endpoint }, undefined)
		};
	}

	/** Server to client: the reverse NAT, and back through the proxy that sent for the pod. */
	#reply(t: Tracked, s: Segment): BridgeVerdict {
		this.#forget(t, s);
		return {
			type: 'deliver',
			to: t.client,
			segment: withRoute({ ...s, src: t.dialed, dst: t.podSrc }, t.from)
		};
	}

	/** conntrack forgets a connection once it is reset or both sides have closed. */
	#forget(t: Tracked, s: Segment): void {
		if (s.type === 'close') t.closes++;
		if (s.type === 'reset' || t.closes >= 2)
			this.#tracked.delete(this.#key(t.client, t.server, s.conn));
	}
}
