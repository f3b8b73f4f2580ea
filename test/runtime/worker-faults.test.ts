/**
 * Faults at the worker runtime's seam, as a user sees them: a pod whose worker is terminated, or
 * spins and stops answering, is found by the heartbeat and shown as a killed container (exit
 * code 137) that kubelet restarts; a program that dies as it starts crash-loops as in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podHostId } from '../../src/mesh/cluster/pod-host-spec.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import type { WorkerRuntime } from '../../src/platform/worker-runtime.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';

const CRASH_WORKER = new URL('../support/crash.node-worker.ts', import.meta.url);

/** The pod row (NAME READY STATUS RESTARTS AGE) whose name starts with `prefix`. */
function row(out: string, prefix: string): string[] {
	return (
		out
			.split('\n')
			.find((l) => l.startsWith(prefix))
			?.split(/\s{2,}/) ?? []
	);
}

describe('worker runtime: dead pod workers', () => {
	let rt: WorkerRuntime;
	let p: Playground;
	const run = (script: string): Promise<string> => runTranscript(script, p.shell);
	/** Polls `kubectl get pods` (sim time passing) until the row matches, or gives up. */
	async function until(app: string, ok: (r: string[]) => boolean, tries = 40): Promise<string[]> {
		let r: string[] = [];
		for (let i = 0; i < tries; i++) {
			r = row(await run(`kubectl get pods -l app=${app}`), `${app}-`);
			if (ok(r)) return r;
			await run('sleep 0.5');
		}
		return r;
	}

	beforeAll(async () => {
		// Sim time at 1/5 of wall speed: back-offs and container starts pass quickly. Pings time
		// out at 2.5 s: at load 20 on two cores a fresh worker took longer than 1 s to answer and
		// was killed again as it booted, crash-looping the pod (clean-clone CI, 12-07).
		rt = createNodeWorkerRuntime(0.2, CRASH_WORKER, { intervalMs: 100, timeoutMs: 2500 });
		p = await createPlayground({ runtime: rt, seed: 1, scenario: 'empty' });
		await run('kubectl create deployment web --image=test/spinner');
	}, 60_000);
	afterAll(() => p?.cluster.dispose());

	const webPod = async (): Promise<string> =>
		row(await run('kubectl get pods -l app=web'), 'web-')[0] ?? '';

	it('a terminated worker: the container shows killed (137), restarts and serves again', async () => {
		expect((await until('web', (r) => r[2] === 'Running')).slice(1, 4)).toEqual([
			'1/1',
			'Running',
			'0'
		]);
		const name = await webPod();
		expect(await rt.testOnlyFaults.terminateWorker(podHostId('default', name))).toBe(true);
		const after = await until('web', (r) => r[3]?.startsWith('1 ') === true && r[2] === 'Running');
		expect(after.slice(1, 3)).toEqual(['1/1', 'Running']);
		const d = await run(`kubectl describe pod ${name}`);
		expect(d).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+137\n/);
		expect(d).toMatch(/Restart Count:\s+1\n/);
		// The system pods run apart from workloads (worker-packing.ts): none of them went down.
		const system = (await run('kubectl get pods -n kube-system --no-headers'))
			.split('\n')
			.slice(1)
			.filter((l) => l.trim() !== '')
			.map((l) => l.split(/\s+/)[3]);
		expect(system.length).toBeGreaterThan(5);
		expect(new Set(system)).toEqual(new Set(['0']));
		// Restarted on the same address: port-forwarded traffic reaches it again.
		const ip = (await run(`kubectl get pod ${name} -o jsonpath="{.status.podIP}"`)).split('\n')[1];
		expect(ip).toMatch(/^10\.244\./);
		expect(await run(`kubectl exec ${name} -- curl -sS http://${ip}:8080/`)).toMatch(/\nok\n$/);
	}, 60_000);

	it('a worker that stops answering: the exec into it ends with 137, the pod restarts', async () => {
		const name = await webPod();
		const out = await run(`kubectl exec ${name} -- spin`);
		expect(out).toMatch(/command terminated with exit code 137\n$/);
		const after = await until('web', (r) => r[3]?.startsWith('2 ') === true && r[2] === 'Running');
		expect(after.slice(1, 3)).toEqual(['1/1', 'Running']);
		expect(await run(`kubectl logs ${name}`)).toBe(`$ kubectl logs ${name}\n`);
	}, 60_000);

	it('a program that throws as it starts crash-loops on workers too', async () => {
		await run('kubectl create deployment crasher --image=test/crash-on-start');
		const r = await until('crasher', (x) => x[2] === 'CrashLoopBackOff');
		expect(r.slice(1, 3)).toEqual(['0/1', 'CrashLoopBackOff']);
		expect(await run('kubectl logs deploy/crasher')).toContain(
			'Uncaught Error: open /etc/app/config.yaml: no such file or directory'
		);
		// The pod that was killed twice still serves.
		expect((await until('web', (x) => x[2] === 'Running'))[2]).toBe('Running');
	}, 60_000);
});
