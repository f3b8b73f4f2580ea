/**
 * kind's docker network between two clusters (src/mesh/net/docker-bridge.ts), as a table of what
 * each segment becomes. The behaviour is Linux's and kube-proxy's on kind: a pod's connection to
 * an address off its cluster is masqueraded to its node's address (kind's ip-masq-agent config,
 * kindnetd: traffic leaving the pod CIDR), and the receiving node's kube-proxy DNATs a
 * `status.loadBalancer.ingress` address to one ready endpoint (pkg/proxy/iptables/proxier.go,
 * "KUBE-EXT-" chains for load-balancer IPs) or REJECTs it when none is ready or the port is not the
 * Service's; conntrack reverses both NATs on the replies.
 */
import { describe, expect, it } from 'vitest';
import { DockerBridge, type BridgeMember } from '../../../src/mesh/net/docker-bridge.ts';
import type { Segment } from '../../../src/mesh/net/protocol.ts';
import type { NetworkTables, ServicePortEntry } from '../../../src/mesh/net/tables.ts';
import { connId, ip, ms, nodeName, type IpAddr, type NodeName } from '../../../src/mesh/types.ts';

const LB = ip('172.18.255.200');
const GW_POD = ip('10.244.1.3');

function member(nodes: [string, string][], services: ServicePortEntry[]) {
	const got: Segment[] = [];
	const tables: NetworkTables = { dns: {}, services, version: 1 };
	const m: BridgeMember = {
		nodes: new Map<NodeName, IpAddr>(nodes.map(([n, a]) => [nodeName(n), ip(a)])),
		tables: () => tables,
		deliver: (s) => void got.push(s)
	};
	return { m, got };
}

function setup(endpoints = [{ ip: GW_POD, port: 15008 }]) {
	const bridge = new DockerBridge();
	const c1 = member(
		[
			['cluster1-control-plane', '172.18.0.2'],
			['cluster1-worker', '172.18.0.3']
		],
		[]
	);
	const c2 = member(
		[
			['cluster2-control-plane', '172.18.0.5'],
			['cluster2-worker', '172.18.0.6']
		],
		[{ vip: LB, port: 15008, service: 'istio-system/istio-eastwestgateway', endpoints }]
	);
	const a1 = bridge.attach(c1.m);
	const a2 = bridge.attach(c2.m);
	return { bridge, c1, c2, a1, a2 };
}

/** A ztunnel (10.244.1.2) dialing for the curl pod (10.244.1.5) in its network namespace. */
const syn: Segment = {
	type: 'connect',
	conn: connId('ztunnel/7'),
	src: { ip: ip('10.244.1.5'), port: 40000 },
	dst: { ip: LB, port: 15008 },
	at: ms(1),
	from: ip('10.244.1.2')
};
const worker = nodeName('cluster1-worker');

describe('DockerBridge', () => {
	it.each([
		{ name: 'a load-balancer address', ip: '172.18.255.200', node: 'cluster2-control-plane' },
		{ name: "the other cluster's node", ip: '172.18.0.6', node: 'cluster2-worker' },
		{ name: "its own cluster's node (not across the bridge)", ip: '172.18.0.3', node: undefined },
		{ name: 'an address nobody answers', ip: '172.18.255.201', node: undefined }
	])('nodeOf: $name', ({ ip: addr, node }) => {
		const { a1 } = setup();
		expect(a1.nodeOf(addr)).toBe(node);
	});

	it("masquerades the pod to its node and DNATs the load-balancer address to the gateway's pod", () => {
		const { a1, c2 } = setup();
		a1.forward(syn, worker);
		expect(c2.got).toEqual([
			{
				type: 'connect',
				conn: 'ztunnel/7',
				src: { ip: '172.18.0.3', port: 40000 },
				dst: { ip: GW_POD, port: 15008 },
				at: 1
			}
		]);
	});

	it('reverses both NATs on the reply and routes it back through the proxy that sent', () => {
		const { a1, a2, c1 } = setup();
		a1.forward(syn, worker);
		a2.forward(
			{
				type: 'accept',
				conn: connId('ztunnel/7'),
				src: { ip: GW_POD, port: 15008 },
				dst: { ip: ip('172.18.0.3'), port: 40000 },
				at: ms(2)
			},
			nodeName('cluster2-worker')
		);
		expect(c1.got).toEqual([
			{
				type: 'accept',
				conn: 'ztunnel/7',
				src: { ip: LB, port: 15008 },
				dst: { ip: '10.244.1.5', port: 40000 },
				at: 2,
				hop: '10.244.1.2'
			}
		]);
	});

	it.each([
		{ name: 'no ready endpoint', endpoints: [], port: 15008 },
		{ name: "a port the Service doesn't have", endpoints: undefined, port: 8080 }
	])('kube-proxy refuses: $name (RST back to the pod, through its proxy)', (c) => {
		const { a1, c1, c2, bridge } = setup(c.endpoints);
		a1.forward({ ...syn, dst: { ip: LB, port: c.port } }, worker);
		expect(c2.got).toEqual([]);
		expect(c1.got).toEqual([
			expect.objectContaining({
				type: 'reset',
				reason: 'refused',
				src: { ip: LB, port: c.port },
				dst: syn.src,
				hop: '10.244.1.2'
			})
		]);
		expect(bridge.tracked).toBe(0);
	});

	it('drops data of a connection it never saw open', () => {
		const { a1, c2 } = setup();
		a1.forward({ ...syn, type: 'data', bytes: new Uint8Array([1]) } as Segment, worker);
		expect(c2.got).toEqual([]);
	});

	it('forgets a connection once both sides closed, or on a reset', () => {
		const { a1, a2, bridge } = setup();
		a1.forward(syn, worker);
		expect(bridge.tracked).toBe(1);
		a1.forward({ ...syn, type: 'close' } as Segment, worker);
		a2.forward(
			{
				type: 'close',
				conn: syn.conn,
				src: { ip: GW_POD, port: 15008 },
				dst: { ip: ip('172.18.0.3'), port: 40000 },
				at: ms(3)
			},
			nodeName('cluster2-worker')
		);
		expect(bridge.tracked).toBe(0);
		a1.forward({ ...syn, conn: connId('ztunnel/8') }, worker);
		a1.forward({ ...syn, conn: connId('ztunnel/8'), type: 'reset', reason: 'reset' }, worker);
		expect(bridge.tracked).toBe(0);
	});

	it('keeps apart two connections with one id opened from each side', () => {
		const { bridge, a1, a2, c1 } = setup();
		a1.forward(syn, worker);
		// cluster2's host happens to number a connection alike, to cluster1's node (refused there).
		a2.forward(
			{ ...syn, src: { ip: GW_POD, port: 5000 }, dst: { ip: ip('172.18.0.3'), port: 1 } },
			nodeName('cluster2-worker')
		);
		expect(c1.got).toEqual([]);
		expect(bridge.tracked).toBe(1);
	});
});
