/**
 * The same data-path scenario on both runtimes must print the same thing, sim times included:
 * the worker runtime's Lamport clocks have to agree with the in-process virtual clock, whether
 * a and c (same node) talk through a MessageChannel or, packed in one worker, directly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import type { Runtime } from '../../src/mesh/runtime/runtime.ts';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { hostId, ip, nodeName } from '../../src/mesh/types.ts';
import { echoProgram } from '../support/echo-program.ts';
import { nodeYield } from '../support/node-yield.ts';

const ECHO_WORKER = new URL('../support/echo.node-worker.ts', import.meta.url);

const spec = (name: string, addr: string, node: string): HostSpec => ({
	id: hostId(`default/${name}`),
	kind: 'pod',
	ip: ip(addr),
	node: nodeName(node),
	namespace: 'default',
	name,
	containers: [{ name: 'main', image: 'echo', env: {}, ports: [7] }],
	seed: 7
});

async function scenario(rt: Runtime): Promise<string> {
	const a = spec('a', '10.244.1.2', 'w1');
	const b = spec('b', '10.244.2.2', 'w2');
	const c = spec('c', '10.244.1.3', 'w1');
	const started = await Promise.all([a, b, c].map((s) => rt.startHost(s)));
	rt.setNetwork({
		version: 1,
		dns: { 'b.default.svc.cluster.local': ip('10.96.0.20') },
		services: [
			{
				vip: ip('10.96.0.20'),
				port: 80,
				service: 'default/b',
				endpoints: [
					{ ip: ip('10.244.2.2'), port: 7 },
					{ ip: ip('10.244.1.3'), port: 7 }
				]
			}
		]
	});
	const lines = [`started ${started.map((s) => JSON.stringify(s)).join(' ')}`];
	const run = async (argv: string[]) => {
		const r = await rt.exec(a.id, 'main', argv, '');
		lines.push(
			`$ ${argv.join(' ')} -> ${r.exitCode} @${r.finishedAt.toFixed(3)}\n${r.stdout}${r.stderr}`
		);
	};
	for (let i = 0; i < 4; i++) await run(['connect', 'b', '80', `hello-${i}`]);
	await run(['connect', '10.244.2.2', '9', 'refused']);
	await run(['connect', '10.244.2.2', '7', 'RESET']);
	await run(['connect', '10.244.7.7', '7', 'nobody', '2000']);
	lines.push(`control: ${JSON.stringify(await rt.control(b.id, 'main', { watch: ['pods'] }))}`);
	lines.push(`control, no such host: ${JSON.stringify(await rt.control(a.id, 'nope', 1))}`);
	lines.push(`logs b: ${(await rt.logs(b.id, 'main')).join(' | ')}`);
	const { entries } = await rt.capture(0);
	lines.push(`captured ${entries.length} segments`);
	lines.push(`now ${rt.now().toFixed(3)}`);
	return lines.join('\n');
}

describe.each(['per-pod', 'agent', 'node'] as const)(
	'data path parity: in-process vs worker_threads, packing %s',
	(packing) => {
		const workers = createNodeWorkerRuntime(0.001, ECHO_WORKER, undefined, { packing });
		afterAll(() => workers.dispose());

		it('prints the same transcript, sim times and capture size included', async () => {
			const inProcess = await scenario(
				createInProcessRuntime({
					crypto: globalThis.crypto,
					programFor: () => echoProgram,
					yieldToHost: nodeYield
				})
			);
			expect(inProcess).toContain('HELLO-0 (eof)');
			expect(inProcess).toContain('refused after');
			expect(inProcess).toContain('timeout after 2000.000ms');
			expect(inProcess).toMatch(/control: \{"received":\{"watch":\["pods"\]\},"at":\d/);
			expect(await scenario(workers)).toBe(inProcess);
			expect(await workers.protocolErrors()).toBe(0);
			// a and c share node w1: packed, they share a worker (b has its own on w2).
			expect(workers.workerCount()).toBe(packing === 'per-pod' ? 3 : 2);
		});
	}
);
