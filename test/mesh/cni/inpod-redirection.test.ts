/**
 * istio-cni's ambient rules (decide: one verdict per SYN, as a table) and istio-iptables' sidecar
 * rules on a real stack (do: which listener takes what, original destination kept).
 */
import { describe, expect, it } from 'vitest';
import { IN_POD_REDIRECTION } from '../../../src/mesh/cni/inpod-redirection.ts';
import { installIstioIptables, proxySockets } from '../../../src/mesh/cni/istio-iptables.ts';
import type { LocalSyn, ArrivingSyn } from '../../../src/mesh/net/netfilter.ts';
import type { Segment } from '../../../src/mesh/net/protocol.ts';
import { isConnectError, type NetStack } from '../../../src/mesh/net/socket.ts';
import { createStack, type HostStack } from '../../../src/mesh/net/stack.ts';
import { EMPTY_TABLES, type NetworkTables } from '../../../src/mesh/net/tables.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { hostId, ip, ms, type SocketAddr } from '../../../src/mesh/types.ts';
import { FakeClock } from '../../support/fake-net.ts';

const POD = ip('10.244.1.5');
const OTHER = ip('10.244.2.7');
const PLAIN = ip('10.244.1.6');
const STRANDED = ip('10.244.1.8');
const ZTUNNEL = ip('10.244.1.2');
const ZTUNNEL_2 = ip('10.244.2.2');

const TABLES: NetworkTables = {
	...EMPTY_TABLES,
	redirection: { [POD]: ZTUNNEL, [OTHER]: ZTUNNEL_2 },
	stranded: [STRANDED]
};

const to = (a: string, port: number): SocketAddr => ({ ip: ip(a), port });
const local = (self: string, dst: SocketAddr, spoofed = false): LocalSyn => ({
	self: ip(self),
	dst,
	uid: 0,
	spoofed,
	tables: TABLES
});
const arriving = (self: string, src: SocketAddr, dst: SocketAddr, from?: string): ArrivingSyn => ({
	self: ip(self),
	src,
	dst,
	...(from ? { from: ip(from) } : {}),
	tables: TABLES
});

describe('istio-cni in-pod redirection (ambient)', () => {
	it.each([
		['an enrolled pod: to its ztunnel', local(POD, to(OTHER, 80)), { type: 'route', via: ZTUNNEL }],
		['a pod outside the mesh: untouched', local(PLAIN, to(OTHER, 80)), undefined],
		['a ztunnel speaking for its pod: untouched', local(POD, to(OTHER, 80), true), undefined],
		['a stranded pod: refused', local(STRANDED, to(OTHER, 80)), { type: 'reject' }]
	])('output: %s', (_name, syn, verdict) => {
		expect(IN_POD_REDIRECTION.output?.(syn)).toEqual(verdict);
	});

	it.each([
		[
			'to an enrolled pod: its ztunnel',
			local(PLAIN, to(OTHER, 9080)),
			{ type: 'route', via: ZTUNNEL_2 }
		],
		['its own ztunnel delivering to the app: direct', local(ZTUNNEL_2, to(OTHER, 9080)), undefined],
		[
			'its own ztunnel, HBONE: to the ztunnel',
			local(ZTUNNEL_2, to(OTHER, 15008)),
			{ type: 'route', via: ZTUNNEL_2 }
		],
		['to a pod outside the mesh: direct', local(POD, to(PLAIN, 80)), undefined],
		['to a stranded pod: refused', local(PLAIN, to(STRANDED, 80)), { type: 'reject' }]
	])('postrouting: %s', (_name, syn, verdict) => {
		expect(IN_POD_REDIRECTION.postrouting?.(syn)).toEqual(verdict);
	});

	it.each([
		[
			'from a pod it serves: outbound 15001',
			arriving(ZTUNNEL, to(POD, 40000), to(OTHER, 80)),
			{ type: 'tproxy', port: 15001 }
		],
		[
			'HBONE to a pod it serves: 15008',
			arriving(ZTUNNEL_2, to(ZTUNNEL, 40000), to(OTHER, 15008)),
			{ type: 'tproxy', port: 15008 }
		],
		[
			'plaintext to a pod it serves: 15006',
			arriving(ZTUNNEL_2, to(PLAIN, 40000), to(OTHER, 9080)),
			{ type: 'tproxy', port: 15006 }
		],
		[
			'its own address: its own listeners',
			arriving(ZTUNNEL, to(POD, 40000), to(ZTUNNEL, 15020)),
			undefined
		],
		[
			'a pod it does not serve: nothing',
			arriving(ZTUNNEL, to(PLAIN, 40000), to(OTHER, 80)),
			undefined
		],
		[
			'a spoofed SYN from a served pod to elsewhere: not outbound',
			arriving(ZTUNNEL, to(POD, 40000), to(PLAIN, 80), ZTUNNEL),
			undefined
		]
	])('prerouting on a ztunnel: %s', (_name, syn, verdict) => {
		expect(IN_POD_REDIRECTION.prerouting?.(syn)).toEqual(verdict);
	});

	it.each([
		['an enrolled pod and its ztunnel', POD, ZTUNNEL, true],
		['its ztunnel and the pod', ZTUNNEL, POD, true],
		['an enrolled pod and another node’s ztunnel', POD, ZTUNNEL_2, false],
		['a pod outside the mesh and a ztunnel', PLAIN, ZTUNNEL, false]
	])('shares a network namespace: %s', (_name, self, peer, shared) => {
		expect(IN_POD_REDIRECTION.sharesNamespace?.({ self, peer, tables: TABLES })).toBe(shared);
	});

	it('captures an enrolled pod’s DNS to its ztunnel’s proxy, and no one else’s', () => {
		const tables = { ...TABLES, meshDns: { 'api.example.com': ip('240.240.0.1') } };
		expect(IN_POD_REDIRECTION.dnsProxy?.({ self: POD, tables })).toEqual(tables.meshDns);
		expect(IN_POD_REDIRECTION.dnsProxy?.({ self: PLAIN, tables })).toBeUndefined();
		// Without ServiceEntries the proxy still captures: it answers the cluster's Services.
		expect(IN_POD_REDIRECTION.dnsProxy?.({ self: POD, tables: TABLES })).toEqual({});
	});
});

describe('istio-iptables in a sidecar pod', () => {
	const SIDECAR_POD = ip('10.244.1.20');
	const CLIENT = ip('10.244.1.21');
	const RULES = { outboundPort: 15001, inboundPort: 15006, excludeInboundPorts: [15021] };

	function pod(): {
		clock: FakeClock;
		stacks: Map<string, HostStack>;
		net: (a: string) => NetStack;
	} {
		const clock = new FakeClock();
		const stacks = new Map<string, HostStack>();
		for (const a of [SIDECAR_POD, CLIENT]) {
			const stack = createStack({
				hostId: hostId(a),
				ip: a,
				clock,
				rng: createRng(1),
				tables: () => EMPTY_TABLES,
				send: (s) =>
					queueMicrotask(() =>
						stacks.get(s.hop ?? s.dst.ip)?.deliver({ ...s, at: ms(0) } as Segment)
					)
			});
			stacks.set(a, stack);
		}
		return { clock, stacks, net: (a) => stacks.get(a)!.net };
	}

	async function dial(clock: FakeClock, net: NetStack, dst: SocketAddr): Promise<string> {
		const r = await clock.run(net.connect(dst, { timeout: ms(1000) }));
		return isConnectError(r) ? r.type : 'connected';
	}

	it("sends the app's connections to 15001 and arrivals to 15006, never the proxy's own", async () => {
		const { clock, net } = pod();
		const app = net(SIDECAR_POD);
		expect(installIstioIptables(app, RULES)).toBe(true);
		const proxy = proxySockets(app);
		const took: string[] = [];
		for (const port of [15001, 15006, 15021, 9080])
			app.listen(port, (s) => took.push(`${port}: ${s.local.ip}:${s.local.port}`));
		net(CLIENT).listen(80, (s) => took.push(`client: ${s.local.ip}:${s.local.port}`));

		expect(await dial(clock, app, to(CLIENT, 80))).toBe('connected');
		expect(await dial(clock, net(CLIENT), to(SIDECAR_POD, 9080))).toBe('connected');
		expect(await dial(clock, net(CLIENT), to(SIDECAR_POD, 15021))).toBe('connected');
		expect(await dial(clock, proxy, to(CLIENT, 80))).toBe('connected');
		expect(took).toEqual([
			'15001: 10.244.1.21:80',
			'15006: 10.244.1.20:9080',
			'15021: 10.244.1.20:15021',
			'client: 10.244.1.21:80'
		]);
	});
});
