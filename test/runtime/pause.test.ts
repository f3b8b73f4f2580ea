/**
 * An embed out of view pauses its mesh (docs/embedding.md). On the worker runtime that means every
 * pod worker holds its clock and its inbox: a request sent while paused gets no answer until the
 * runtime resumes, and then the same answer it would have had, at the same sim time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { hostId, ip, nodeName } from '../../src/mesh/types.ts';

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

const tick = (wallMs: number) => new Promise((r) => setTimeout(r, wallMs));

/** Packed, b shares a's node and so its worker: the request between them never leaves it. */
describe.each([
	['per-pod', 'w2'],
	['node', 'w1']
] as const)('worker runtime: pause and resume, packing %s', (packing, bNode) => {
	const rt = createNodeWorkerRuntime(1, ECHO_WORKER, undefined, { packing });
	afterAll(() => rt.dispose());

	it('holds a request made while paused, then answers it as if nothing happened', async () => {
		const a = spec('a', '10.244.1.2', 'w1');
		const b = spec('b', '10.244.2.2', bNode);
		await Promise.all([a, b].map((s) => rt.startHost(s)));
		rt.setNetwork({ version: 1, dns: {}, services: [] });
		const first = await rt.exec(a.id, 'main', ['connect', '10.244.2.2', '7', 'before'], '');
		expect(first.stdout).toContain('BEFORE (eof)');

		rt.pause();
		expect(rt.paused).toBe(true);
		let answered: Awaited<ReturnType<typeof rt.exec>> | undefined;
		const pending = rt
			.exec(a.id, 'main', ['connect', '10.244.2.2', '7', 'held'], '')
			.then((r) => (answered = r));
		// Far longer than the round trip took above (timeScale 1: wall ms are sim ms).
		await tick(500);
		expect(answered).toBeUndefined();

		rt.resume();
		expect(rt.paused).toBe(false);
		await pending;
		expect(answered?.exitCode).toBe(0);
		expect(answered?.stdout).toContain('HELD (eof)');
		expect(await rt.protocolErrors()).toBe(0);
	});

	it('a host started while paused starts paused too', async () => {
		rt.pause();
		const c = spec('c', '10.244.1.3', 'w1');
		await rt.startHost(c);
		expect(rt.workerCount()).toBe(packing === 'node' ? 1 : 3);
		let answered = false;
		const pending = rt
			.exec(c.id, 'main', ['connect', '10.244.2.2', '7', 'late'], '')
			.then(() => (answered = true));
		await tick(500);
		expect(answered).toBe(false);
		rt.resume();
		await pending;
		expect(answered).toBe(true);
	});
});
