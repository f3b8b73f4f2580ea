import { describe, expect, it } from 'vitest';
import { createInProcessRuntime } from '../../../src/mesh/runtime/in-process.ts';
import type { HostSpec } from '../../../src/mesh/runtime/host.ts';
import { echoProgram as echo } from '../../support/echo-program.ts';
import { hostId, ip, ms, nodeName } from '../../../src/mesh/types.ts';
import { nodeYield } from '../../support/node-yield.ts';

const spec = (name: string, addr: string, node: string): HostSpec => ({
	id: hostId(`default/${name}`),
	kind: 'pod',
	ip: ip(addr),
	node: nodeName(node),
	namespace: 'default',
	name,
	containers: [{ name: 'main', image: 'echo', env: {}, ports: [7] }],
	seed: 1
});

async function twoHosts() {
	const rt = createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor: () => echo,
		yieldToHost: nodeYield
	});
	const a = spec('a', '10.244.1.2', 'w1');
	const b = spec('b', '10.244.2.2', 'w2');
	await Promise.all([rt.startHost(a), rt.startHost(b)]);
	rt.setNetwork({
		version: 1,
		dns: {
			'b.default.svc.cluster.local': ip('10.96.0.20'),
			'empty.default.svc.cluster.local': ip('10.96.0.21')
		},
		services: [
			{
				vip: ip('10.96.0.20'),
				port: 80,
				service: 'default/b',
				endpoints: [{ ip: ip('10.244.2.2'), port: 7 }]
			},
			{ vip: ip('10.96.0.21'), port: 80, service: 'default/empty', endpoints: [] }
		]
	});
	return { rt, a, b };
}

const dec = new TextDecoder();

describe('in-process runtime', () => {
	it.each([
		{
			name: 'pod ip, listening port',
			argv: ['connect', '10.244.2.2', '7', 'hi'],
			out: /^HI \(eof\) from 10\.244\.2\.2:7 at/,
			code: 0
		},
		{
			name: 'service name through kube-proxy DNAT',
			argv: ['connect', 'b', '80', 'hey'],
			out: /^HEY \(eof\) from 10\.244\.2\.2:7 at/,
			code: 0
		},
		{
			name: 'closed port is refused',
			argv: ['connect', '10.244.2.2', '8', 'x'],
			err: /^refused after 0\.200ms/,
			code: 7
		},
		{
			name: 'service without endpoints is refused',
			argv: ['connect', 'empty', '80', 'x'],
			err: /^refused after 0\.000ms/,
			code: 7
		},
		{
			name: 'address nobody has times out',
			argv: ['connect', '10.244.9.9', '7', 'x', '3000'],
			err: /^timeout after 3000\.000ms/,
			code: 7
		},
		{
			name: 'server reset reaches the client',
			argv: ['connect', 'b', '80', 'RESET'],
			out: /^ \(reset\) from 10\.244\.2\.2:7/,
			code: 56
		},
		{ name: 'unknown name', argv: ['connect', 'nope', '80', 'x'], err: /^no such host/, code: 6 }
	])('$name', async ({ argv, out, err, code }) => {
		const { rt, a } = await twoHosts();
		const r = await rt.exec(a.id, 'main', argv, '');
		expect(r.exitCode).toBe(code);
		if (out) expect(r.stdout).toMatch(out);
		if (err) expect(r.stderr).toMatch(err);
	});

	it('models sim time: a cross-node exchange costs four one-way latencies plus bytes', async () => {
		const { rt, a } = await twoHosts();
		const t0 = rt.now();
		await rt.exec(a.id, 'main', ['connect', '10.244.2.2', '7', 'hi'], '');
		// SYN, SYN-ACK, data+FIN, reply+FIN: 4 one-way trips at 0.1 ms, and a few bytes.
		expect(rt.now() - t0).toBeGreaterThanOrEqual(0.4);
		expect(rt.now() - t0).toBeLessThan(0.5);
	});

	it('records every segment in the capture, readable payload included', async () => {
		const { rt, a } = await twoHosts();
		const before = rt.journal.total;
		await rt.exec(a.id, 'main', ['connect', 'b', '80', 'hello'], '');
		const { entries } = await rt.capture(before);
		expect(entries.map((e) => e.type)).toEqual([
			'connect',
			'accept',
			'data',
			'close',
			'data',
			'close'
		]);
		const data = entries.find((e) => e.type === 'data');
		expect(data?.dst).toEqual({ ip: '10.244.2.2', port: 7 });
		expect(dec.decode(data?.payload)).toBe('hello');
	});

	it('repeats exactly for the same seed', async () => {
		const run = async () => {
			const { rt, a } = await twoHosts();
			for (let i = 0; i < 3; i++) await rt.exec(a.id, 'main', ['connect', 'b', '80', `m${i}`], '');
			const { entries } = await rt.capture(0);
			return entries.map((e) => `${e.at} ${e.type} ${e.src.port}->${e.dst.port}`).join('\n');
		};
		expect(await run()).toBe(await run());
	});

	it('a stopped host resets its connections and becomes unreachable', async () => {
		const { rt, a, b } = await twoHosts();
		await rt.stopHost(b.id);
		const r = await rt.exec(a.id, 'main', ['connect', '10.244.2.2', '7', 'x', '1000'], '');
		expect(r.stderr).toMatch(/^timeout/);
	});

	it('advance moves sim time and fires timers', async () => {
		const { rt } = await twoHosts();
		const t0 = rt.now();
		await rt.advance(ms(5000));
		expect(rt.now()).toBe(t0 + 5000);
	});

	it.each([
		{
			name: 'a partition between the nodes drops the SYN: connect times out',
			rule: () => ({ drop: true }),
			err: /^timeout after 1000\.000ms/,
			code: 7
		},
		{
			name: 'a slow link delays every segment: the exchange takes longer',
			rule: () => ({ delay: ms(5) }),
			out: /^HI \(eof\) from 10\.244\.2\.2:7 at 20\.400ms/,
			code: 0
		}
	])('faults on the wire: $name', async ({ rule, out, err, code }) => {
		const { rt, a } = await twoHosts();
		rt.faults.push((_segment, from, to) => (from !== to ? rule() : {}));
		const r = await rt.exec(a.id, 'main', ['connect', '10.244.2.2', '7', 'hi', '1000'], '');
		expect(r.exitCode).toBe(code);
		if (out) expect(r.stdout).toMatch(out);
		if (err) expect(r.stderr).toMatch(err);
		const { entries } = await rt.capture(0);
		if (code === 7) expect(entries.at(-1)).toMatchObject({ type: 'connect', dropped: true });
	});

	it('virtual time waits for real asynchronous work (WebCrypto) before moving on', async () => {
		const { rt, a } = await twoHosts();
		const r = await rt.exec(a.id, 'main', ['race'], '');
		expect(r.stdout).toBe('key,timer\n');
	});
});
