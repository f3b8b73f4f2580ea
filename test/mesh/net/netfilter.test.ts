/**
 * The stack's netfilter hooks, with rules that are not Istio's (a transparent web proxy on 3128):
 * the stack carries out whatever an installed rule decides — route a SYN through another host,
 * REDIRECT or TPROXY it to a local listener keeping its original destination, REJECT it — and
 * knows nothing of who installed it.
 */
import { describe, expect, it } from 'vitest';
import type { NetfilterHook } from '../../../src/mesh/net/netfilter.ts';
import type { Segment } from '../../../src/mesh/net/protocol.ts';
import { isConnectError, type NetStack, type Socket } from '../../../src/mesh/net/socket.ts';
import {
	createStack,
	installHook,
	socketsOf,
	type HostStack
} from '../../../src/mesh/net/stack.ts';
import { EMPTY_TABLES, type NetworkTables } from '../../../src/mesh/net/tables.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { hostId, ip, ms, type SimMillis, type SocketAddr } from '../../../src/mesh/types.ts';
import { FakeClock } from '../../support/fake-net.ts';

const CLIENT = ip('10.0.0.1');
const SERVER = ip('10.0.0.2');
const PROXY = ip('10.0.0.9');
const VIP = ip('10.96.0.5');

const TABLES: NetworkTables = {
	...EMPTY_TABLES,
	services: [
		{ vip: VIP, port: 80, service: 'default/web', endpoints: [{ ip: SERVER, port: 8080 }] }
	]
};

/** Stacks joined by a wire that delivers each segment to `hop ?? dst` and logs every SYN. */
function network(hosts: { ip: string; transparent?: boolean; hooks?: NetfilterHook[] }[]) {
	const clock = new FakeClock();
	const stacks = new Map<string, HostStack>();
	const syns: string[] = [];
	for (const h of hosts) {
		const stack = createStack({
			hostId: hostId(h.ip),
			ip: ip(h.ip),
			clock,
			rng: createRng(1),
			tables: () => TABLES,
			send(segment) {
				const to = segment.hop ?? segment.dst.ip;
				if (segment.type === 'connect')
					syns.push(
						`${addr(segment.src)}>${addr(segment.dst)}${segment.hop ? ` via ${segment.hop}` : ''}`
					);
				const at: SimMillis = ms(0);
				queueMicrotask(() => stacks.get(to)?.deliver({ ...segment, at } as Segment));
			},
			...(h.transparent ? { transparent: true } : {}),
			...(h.hooks ? { hooks: h.hooks } : {})
		});
		stacks.set(h.ip, stack);
	}
	const net = (a: string): NetStack => stacks.get(a)!.net;
	return { clock, net, syns };
}

const addr = (a: SocketAddr): string => `${a.ip}:${a.port}`;

/** Accepts on `port` and records each accepted socket's two ends. */
function listen(net: NetStack, port: number): string[] {
	const seen: string[] = [];
	net.listen(port, (s: Socket) =>
		seen.push(`${net.ip} took local=${addr(s.local)} remote=${addr(s.remote)}`)
	);
	return seen;
}

async function connect(
	clock: FakeClock,
	net: NetStack,
	dst: SocketAddr,
	source?: SocketAddr
): Promise<string> {
	const r = await clock.run(net.connect(dst, { timeout: ms(1000), ...(source ? { source } : {}) }));
	return isConnectError(r) ? r.type : `connected ${addr(r.local)}>${addr(r.remote)}`;
}

/** Port 80 from the client goes through the proxy host, before kube-proxy. */
const CAPTURE_WEB: NetfilterHook = {
	chain: 'WEB_CAPTURE',
	output: ({ self, dst, uid }) =>
		self === CLIENT && dst.port === 80 && uid === 0 ? { type: 'route', via: PROXY } : undefined,
	prerouting: ({ self, dst }) =>
		dst.ip !== self && dst.port === 80 ? { type: 'tproxy', port: 3128 } : undefined
};

describe('netfilter hooks on the stack', () => {
	it('an output route and a TPROXY hand the proxy the SYN with its original destination', async () => {
		const { clock, net, syns } = network([
			{ ip: CLIENT, hooks: [CAPTURE_WEB] },
			{ ip: SERVER },
			{ ip: PROXY, transparent: true, hooks: [CAPTURE_WEB] }
		]);
		const proxied = listen(net(PROXY), 3128);
		expect(await connect(clock, net(CLIENT), { ip: VIP, port: 80 })).toBe(
			'connected 10.0.0.1:32768>10.96.0.5:80'
		);
		// Captured before kube-proxy: the proxy sees the Service address, as SO_ORIGINAL_DST gives it.
		expect(proxied).toEqual(['10.0.0.9 took local=10.96.0.5:80 remote=10.0.0.1:32768']);
		expect(syns).toEqual(['10.0.0.1:32768>10.96.0.5:80 via 10.0.0.9']);
	});

	it('a TPROXY rule matches nothing on a stack without IP_TRANSPARENT', async () => {
		const { clock, net } = network([
			{ ip: CLIENT, hooks: [CAPTURE_WEB] },
			{ ip: PROXY, hooks: [CAPTURE_WEB] }
		]);
		const proxied = listen(net(PROXY), 3128);
		expect(await connect(clock, net(CLIENT), { ip: SERVER, port: 80 })).toBe('refused');
		expect(proxied).toEqual([]);
	});

	it('a REDIRECT takes a SYN for our own address to another local port', async () => {
		const toAdmin: NetfilterHook = {
			chain: 'ADMIN',
			prerouting: ({ self, dst }) =>
				dst.ip === self && dst.port === 80 ? { type: 'redirect', port: 9000 } : undefined
		};
		const { clock, net } = network([{ ip: CLIENT }, { ip: SERVER, hooks: [toAdmin] }]);
		const direct = listen(net(SERVER), 80);
		const redirected = listen(net(SERVER), 9000);
		expect(await connect(clock, net(CLIENT), { ip: SERVER, port: 80 })).toMatch(/^connected/);
		expect(direct).toEqual([]);
		expect(redirected).toEqual(['10.0.0.2 took local=10.0.0.2:80 remote=10.0.0.1:32768']);
	});

	it('postrouting sees the endpoint kube-proxy chose, and a REJECT refuses without a SYN', async () => {
		const seen: string[] = [];
		const guard: NetfilterHook = {
			chain: 'GUARD',
			postrouting: ({ dst }) => (seen.push(addr(dst)), { type: 'reject' })
		};
		const { clock, net, syns } = network([{ ip: CLIENT, hooks: [guard] }, { ip: SERVER }]);
		listen(net(SERVER), 8080);
		expect(await connect(clock, net(CLIENT), { ip: VIP, port: 80 })).toBe('refused');
		expect(seen).toEqual(['10.0.0.2:8080']);
		expect(syns).toEqual([]);
	});

	it("rules match a socket's owner, and only a transparent owner may speak for another address", async () => {
		const { clock, net, syns } = network([
			{ ip: CLIENT, hooks: [CAPTURE_WEB] },
			{ ip: SERVER },
			{ ip: PROXY, transparent: true, hooks: [CAPTURE_WEB] }
		]);
		listen(net(SERVER), 80);
		const client = net(CLIENT);
		const spoof = { ip: ip('10.0.0.7'), port: 4000 };
		expect(await connect(clock, client, { ip: SERVER, port: 80 }, spoof)).toBe('unreachable');
		const owned = socketsOf(client, { uid: 1000, transparent: true });
		expect(owned).toBeDefined();
		// uid 1000 is not captured (the rule matches uid 0) and may speak for 10.0.0.7.
		expect(await connect(clock, owned!, { ip: SERVER, port: 80 }, spoof)).toBe(
			'connected 10.0.0.7:4000>10.0.0.2:80'
		);
		expect(syns).toEqual(['10.0.0.7:4000>10.0.0.2:80']);
	});

	it('installing a chain again replaces it; a non-stack refuses the install', async () => {
		const { clock, net } = network([{ ip: CLIENT }, { ip: SERVER }]);
		listen(net(SERVER), 80);
		const reject: NetfilterHook = { chain: 'BLOCK', output: () => ({ type: 'reject' }) };
		expect(installHook(net(CLIENT), reject)).toBe(true);
		expect(await connect(clock, net(CLIENT), { ip: SERVER, port: 80 })).toBe('refused');
		expect(installHook(net(CLIENT), { chain: 'BLOCK' })).toBe(true);
		expect(await connect(clock, net(CLIENT), { ip: SERVER, port: 80 })).toMatch(/^connected/);
		const fake: NetStack = {
			ip: CLIENT,
			listen: () => ({ type: 'address-in-use', port: 0 }),
			connect: () => Promise.resolve({ type: 'refused' })
		};
		expect(installHook(fake, reject)).toBe(false);
		expect(socketsOf(fake, { uid: 1, transparent: false })).toBeUndefined();
	});
});
