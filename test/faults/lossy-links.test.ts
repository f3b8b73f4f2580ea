/**
 * Links that drop, delay and reorder segments (the test-only `testOnlyFaults.link` hook at the
 * runtime seam) behave like the network the simulation models: a lost SYN or segment is
 * retransmitted on Linux's schedule, a link that stays dead ends in the kernel's ETIMEDOUT and
 * curl's own exit code and message, and what an application reads is never reordered.
 */
import { IN_POD_REDIRECTION } from '../../src/mesh/cni/inpod-redirection.ts';
import { describe, expect, it } from 'vitest';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { hostId, ip, nodeName } from '../../src/mesh/types.ts';
import { echoProgram } from '../support/echo-program.ts';
import { parseLinkFault } from '../../src/mesh/net/link-faults.ts';
import { nodeYield } from '../support/node-yield.ts';

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

/** An echo client on w1 and an upper-casing echo server on w2. */
async function twoHosts() {
	const rt = createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor: () => echoProgram,
		cniChain: [IN_POD_REDIRECTION],
		yieldToHost: nodeYield
	});
	const a = spec('a', '10.244.1.2', 'w1');
	const b = spec('b', '10.244.2.2', 'w2');
	await Promise.all([rt.startHost(a), rt.startHost(b)]);
	const connect = (msg: string) => rt.exec(a.id, 'main', ['connect', '10.244.2.2', '7', msg], '');
	return { rt, connect };
}

describe('a lossy link, between two echo hosts', () => {
	it('a lost SYN is sent again after 1 s (Linux TCP_TIMEOUT_INIT), and the exchange completes', async () => {
		const { rt, connect } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', types: ['connect'], count: 1 });
		const r = await connect('hi');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toMatch(/^HI \(eof\) from 10\.244\.2\.2:7 at 1000\.\d{3}ms\n$/);
		const syns = (await rt.capture(0)).entries.filter((e) => e.type === 'connect');
		const t0 = syns[0]?.sent ?? NaN;
		expect(syns.map((e) => [e.sent - t0, e.dropped ?? false, e.retransmission ?? false])).toEqual([
			[0, true, false],
			[1000, false, true]
		]);
	});

	it('a lost SYN-ACK is sent again by the server on the same schedule', async () => {
		const { rt, connect } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', types: ['accept'], count: 2 });
		const r = await connect('hi');
		expect(r.stdout).toMatch(/^HI \(eof\) from 10\.244\.2\.2:7 at 3000\.\d{3}ms\n$/);
	});

	it('a lost data segment is retransmitted after 200 ms, then 400 ms (TCP_RTO_MIN, doubling)', async () => {
		const { rt, connect } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', types: ['data'], fromNode: nodeName('w2'), count: 2 });
		const r = await connect('hi');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toMatch(/^HI \(eof\) from 10\.244\.2\.2:7 at 600\.\d{3}ms\n$/);
	});

	it('a FIN queued behind a lost segment waits for it: the reply is whole, then eof', async () => {
		const { rt, connect } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', types: ['data'], fromNode: nodeName('w1'), count: 1 });
		const r = await connect('late');
		expect(r.stdout).toMatch(/^LATE \(eof\) from/);
	});

	it('a reordering link never reorders what the application reads', async () => {
		const { rt, connect } = await twoHosts();
		// 70 KB leaves as two segments (64 KB + 6 KB); the first is held 5 ms on the link, so the
		// second overtakes it on the wire. The receiver's TCP hands them over in order.
		rt.testOnlyFaults.link({ action: 'delay', delay: 5, types: ['data'], count: 1 });
		const msg = 'a'.repeat(65536) + 'b'.repeat(6000);
		const r = await connect(msg);
		expect(r.exitCode).toBe(0);
		expect(r.stdout.startsWith(msg.toUpperCase() + ' (eof)')).toBe(true);
		const data = (await rt.capture(0)).entries.filter((e) => e.type === 'data');
		const [first, second] = data;
		expect(first?.length).toBe(65536);
		expect(second?.length).toBe(6000);
		expect(second?.at).toBeGreaterThanOrEqual(first?.at ?? Infinity);
	});

	it('a link that stays dead after the handshake ends in ETIMEDOUT after 924.6 s (tcp_retries2)', async () => {
		const { rt, connect } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', types: ['data', 'close'], fromNode: nodeName('w1') });
		const r = await connect('hi');
		// The client's request never arrives; its kernel gives up and its read fails.
		expect(r.exitCode).toBe(56);
		expect(r.stdout).toMatch(/^ \(reset\) from 10\.244\.2\.2:7 at 924600\.\d{3}ms\n$/);
		const lost = (await rt.capture(0)).entries.filter((e) => e.type === 'data');
		expect(lost).toHaveLength(16);
		expect(lost.every((e) => e.dropped)).toBe(true);
	});

	it('removing the fault heals the link', async () => {
		const { rt, connect } = await twoHosts();
		const heal = rt.testOnlyFaults.link({ action: 'drop', crossNode: true });
		const dead = await rt.exec(
			hostId('default/a'),
			'main',
			['connect', '10.244.2.2', '7', 'x', '2000'],
			''
		);
		expect(dead.stderr).toMatch(/^timeout after 2000\.000ms/);
		heal();
		expect((await connect('hi')).stdout).toMatch(/^HI \(eof\)/);
	});

	it('Ctrl-C on an exec that waits on a dead link stops the clock running on for it', async () => {
		const { rt } = await twoHosts();
		rt.testOnlyFaults.link({ action: 'drop', crossNode: true });
		const t0 = rt.now();
		const ctl = new AbortController();
		let done = false;
		void rt
			.exec(
				hostId('default/a'),
				'main',
				['connect', '10.244.2.2', '7', 'x', '60000'],
				'',
				ctl.signal
			)
			.then(() => (done = true));
		ctl.abort();
		await rt.idle();
		// Nobody waits any more: the 60 s connect timer is not run to, the process is still there.
		expect(rt.now() - t0).toBeLessThan(1000);
		expect(done).toBe(false);
	});
});

describe('a link fault that crossed a thread boundary', () => {
	it.each([
		{ input: null, error: 'link fault: not an object' },
		{ input: { action: 'explode' }, error: 'link fault: action must be drop or delay' },
		{
			input: { action: 'delay', delay: -5 },
			error: 'link fault: delay must be a non-negative number'
		},
		{ input: { action: 'drop', types: ['syn'] }, error: 'link fault: unknown segment type' },
		{ input: { action: 'drop', toNode: 7 }, error: 'link fault: toNode must be a string' }
	])('is refused with a message, never a throw: $error', ({ input, error }) => {
		expect(parseLinkFault(input)).toBe(error);
	});

	it('a well-formed one passes through', () => {
		const fault = { action: 'drop', types: ['data'], count: 2 };
		expect(parseLinkFault(fault)).toEqual(fault);
	});
});
