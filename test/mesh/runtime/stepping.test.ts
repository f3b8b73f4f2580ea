import { describe, expect, it } from 'vitest';
import { createInProcessRuntime } from '../../../src/mesh/runtime/in-process.ts';
import type { HostSpec } from '../../../src/mesh/runtime/host.ts';
import { isSteppable, type StepResult } from '../../../src/mesh/runtime/stepping.ts';
import { hostId, ip, nodeName } from '../../../src/mesh/types.ts';
import { echoProgram as echo } from '../../support/echo-program.ts';
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
	return { rt, a, b };
}

const CONNECT = ['connect', '10.244.2.2', '7', 'hi'];
/** What the echo exchange puts on the wire, in order (see in-process.test.ts's capture test). */
const EXCHANGE = ['connect', 'accept', 'data', 'close', 'data', 'close'];

/** Resolves to true once `p` has settled, false if it is still pending after a few turns. */
async function settled(p: Promise<unknown>): Promise<boolean> {
	let done = false;
	void p.then(() => (done = true));
	for (let i = 0; i < 5; i++) await nodeYield();
	return done;
}

const delivered = (r: StepResult): string => (r.type === 'segment' ? r.segment.type : r.type);

describe('in-process runtime: step mode', () => {
	it('is recognised as steppable', async () => {
		const { rt } = await twoHosts();
		expect(isSteppable(rt)).toBe(true);
		expect(rt.paused).toBe(false);
	});

	it('holds a command while paused: its SYN waits on the wire, listed with src, dst, hosts', async () => {
		const { rt, a } = await twoHosts();
		rt.pause();
		const run = rt.exec(a.id, 'main', CONNECT, '');
		expect(await settled(run)).toBe(false);
		const [syn, ...rest] = rt.pending();
		expect(rest).toEqual([]);
		expect(syn).toMatchObject({
			type: 'connect',
			dst: { ip: '10.244.2.2', port: 7 },
			from: 'default/a',
			to: 'default/b',
			bytes: 0
		});
		expect(syn?.src.ip).toBe('10.244.1.2');
		expect(syn!.at).toBeGreaterThan(syn!.sentAt);
		rt.resume();
		expect((await run).exitCode).toBe(0);
	});

	it('steps segment by segment through the whole exchange, then the command finishes', async () => {
		const { rt, a } = await twoHosts();
		rt.pause();
		const run = rt.exec(a.id, 'main', CONNECT, '');
		await settled(run);
		const seen: string[] = [];
		for (let i = 0; i < EXCHANGE.length; i++) {
			const next = rt.pending()[0];
			const r = await rt.step();
			expect(r.type).toBe('segment');
			// The step delivers exactly the segment the list showed first.
			if (r.type === 'segment') expect(r.segment.id).toBe(next?.id);
			seen.push(delivered(r));
			expect(rt.pending().some((s) => s.id === next?.id)).toBe(false);
		}
		expect(seen).toEqual(EXCHANGE);
		expect(rt.pending()).toEqual([]);
		const result = await run;
		expect(result.stdout).toMatch(/^HI \(eof\) from 10\.244\.2\.2:7 at/);
		rt.resume();
	});

	it('gives the same output and sim time stepped as run straight through', async () => {
		const straight = await twoHosts();
		const plain = await straight.rt.exec(straight.a.id, 'main', CONNECT, '');
		const stepped = await twoHosts();
		stepped.rt.pause();
		const run = stepped.rt.exec(stepped.a.id, 'main', CONNECT, '');
		for (let i = 0; i < 20 && !(await settled(run)); i++) await stepped.rt.step();
		const out = await run;
		expect(out.stdout).toBe(plain.stdout);
		expect(out.finishedAt).toBe(plain.finishedAt);
	});

	it('runs timers when nothing is on the wire (a connect timeout), stopping once idle', async () => {
		const { rt, a } = await twoHosts();
		rt.pause();
		const t0 = rt.now();
		const run = rt.exec(a.id, 'main', ['connect', '10.244.9.9', '7', 'x', '3000'], '');
		await settled(run);
		expect(rt.pending()).toEqual([]);
		const r = await rt.step();
		expect(r).toMatchObject({ type: 'timers', count: 1, sent: false });
		expect(r.now - t0).toBe(3000);
		expect((await run).stderr).toMatch(/^timeout after 3000\.000ms/);
	});

	it.each([
		{ name: 'not paused', pause: false, expected: 'running' },
		{ name: 'paused with nothing scheduled', pause: true, expected: 'idle' }
	])('step when $name does nothing: $expected', async ({ pause, expected }) => {
		const { rt } = await twoHosts();
		await rt.idle();
		if (pause) rt.pause();
		const before = rt.now();
		expect((await rt.step()).type).toBe(expected);
		expect(rt.now()).toBe(before);
	});

	it('keeps settle() waiting while paused until stepping has emptied the wire', async () => {
		const { rt, a } = await twoHosts();
		rt.pause();
		const run = rt.exec(a.id, 'main', CONNECT, '');
		await settled(run);
		const settle = rt.settle();
		expect(await settled(settle)).toBe(false);
		while (rt.pending().length > 0) await rt.step();
		expect(await settled(settle)).toBe(true);
		await run;
	});

	it('concurrent steps run one after the other, each delivering one segment', async () => {
		const { rt, a } = await twoHosts();
		rt.pause();
		const run = rt.exec(a.id, 'main', CONNECT, '');
		await settled(run);
		const results = await Promise.all([rt.step(), rt.step(), rt.step()]);
		expect(results.map(delivered)).toEqual(EXCHANGE.slice(0, 3));
		rt.resume();
		expect((await run).exitCode).toBe(0);
	});
});
