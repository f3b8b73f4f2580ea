/**
 * Pods that share a worker share its fate: with `packing: 'node'` the pods of a node run in one
 * worker, so a worker that dies kills every pod in it. The user sees each of them restarted by
 * kubelet (RESTARTS 1, last state killed with 137), and the pods of the other node untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podHostId } from '../../src/mesh/cluster/pod-host-spec.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import type { WorkerRuntime } from '../../src/platform/worker-runtime.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';

const CRASH_WORKER = new URL('../support/crash.node-worker.ts', import.meta.url);

/** `kubectl get pods -o wide` rows of app=web: NAME READY STATUS RESTARTS AGE IP NODE … */
function rows(out: string): string[][] {
	return out
		.split('\n')
		.filter((l) => l.startsWith('web-'))
		.map((l) => l.split(/\s{2,}/));
}

describe('packed worker runtime: a dead worker takes all its pods down', () => {
	let rt: WorkerRuntime;
	let p: Playground;
	const run = (script: string): Promise<string> => runTranscript(script, p.shell);
	/** Polls the web pods (sim time passing) until `ok` holds for the rows, or gives up. */
	async function until(ok: (r: string[][]) => boolean, tries = 60): Promise<string[][]> {
		let r: string[][] = [];
		for (let i = 0; i < tries; i++) {
			r = rows(await run('kubectl get pods -l app=web -o wide'));
			if (ok(r)) return r;
			await run('sleep 0.5');
		}
		return r;
	}
	const running = (r: string[]): boolean => r[2] === 'Running' && r[1] === '1/1';

	beforeAll(async () => {
		// Sim time at 1/5 of wall speed: back-offs and container starts pass quickly.
		rt = createNodeWorkerRuntime(
			0.2,
			CRASH_WORKER,
			{ intervalMs: 100, timeoutMs: 1000 },
			{ packing: 'node' }
		);
		p = await createPlayground({ runtime: rt, seed: 1, scenario: 'empty' });
		// Workers join NotReady until their CNI runs (nodes.ts): created earlier, on a busy machine,
		// all four pods could land on one node, and the test needs both.
		await run('kubectl wait --for=condition=Ready nodes --all --timeout=120s');
		await run('kubectl create deployment web --image=test/spinner --replicas=4');
	}, 60_000);
	afterAll(() => p?.cluster.dispose());

	it('every pod of the killed worker restarts (137); the other node’s pods do not', async () => {
		const before = await until((r) => r.length === 4 && r.every(running));
		expect(before.map((r) => r[3])).toEqual(['0', '0', '0', '0']);
		const nodes = new Set(before.map((r) => r[6]));
		expect(nodes.size).toBe(2);
		const [victim] = before as [string[]];
		const node = victim[6];
		const siblings = before.filter((r) => r[6] === node).map((r) => r[0] as string);
		const others = before.filter((r) => r[6] !== node).map((r) => r[0] as string);
		expect(siblings.length).toBeGreaterThan(1);

		expect(await rt.testOnlyFaults.terminateWorker(podHostId('default', victim[0] as string))).toBe(
			true
		);
		const after = await until((r) =>
			r.every((x) => running(x) && x[3]?.startsWith(siblings.includes(x[0] as string) ? '1 ' : '0'))
		);
		for (const r of after) {
			expect(running(r)).toBe(true);
			expect(r[3]?.split(' ')[0]).toBe(siblings.includes(r[0] as string) ? '1' : '0');
		}
		for (const name of siblings) {
			const d = await run(`kubectl describe pod ${name}`);
			expect(d).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+137\n/);
		}
		expect(others.length).toBeGreaterThan(0);
		// Restarted on their addresses and serving again, to each other across the node.
		const ip = (await run(`kubectl get pod ${others[0]} -o jsonpath="{.status.podIP}"`)).split(
			'\n'
		)[1];
		expect(await run(`kubectl exec ${siblings[1]} -- curl -sS http://${ip}:8080/`)).toMatch(
			/\nok\n$/
		);
	}, 90_000);
});
