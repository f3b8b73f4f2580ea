/**
 * A pod whose program dies, as a user sees it: kubelet shows `Error`, restarts it at once, then
 * holds it in CrashLoopBackOff for 10 s, 20 s, 40 s … of sim time, counting restarts in
 * `kubectl get pods` and describing the last run; the rest of the cluster keeps serving.
 */
import { IN_POD_REDIRECTION } from '../../src/mesh/cni/inpod-redirection.ts';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/mesh/cluster/invariants.ts';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { crashPrograms } from '../support/crash-programs.ts';
import { nodeYield } from '../support/node-yield.ts';

async function playground(): Promise<Playground> {
	const runtime = createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor: crashPrograms,
		cniChain: [IN_POD_REDIRECTION],
		yieldToHost: nodeYield
	});
	return createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
}

async function run(p: Playground, script: string): Promise<string> {
	return runTranscript(script, p.shell);
}

/** The row of `kubectl get pods` for the pod whose name starts with `prefix`. */
function row(out: string, prefix: string): string[] {
	const line = out.split('\n').find((l) => l.startsWith(prefix));
	return line ? line.split(/\s{2,}/) : [];
}

describe('a container that crashes', () => {
	it('goes Error, restarts at once, then backs off 10 s, 20 s, 40 s with restarts counted', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl create deployment crasher --image=test/crash-on-start');
			// Died as it started: Error until kubelet notices (its next relist) and restarts it.
			const first = await run(p, 'kubectl get pods -l app=crasher');
			expect(row(first, 'crasher-').slice(1, 4)).toEqual(['0/1', 'Error', '0']);
			// The restart dies too: now it backs off for 10 s.
			await run(p, 'sleep 3');
			expect(row(await run(p, 'kubectl get pods -l app=crasher'), 'crasher-')).toEqual([
				expect.stringMatching(/^crasher-/),
				'0/1',
				'CrashLoopBackOff',
				expect.stringMatching(/^1 \(\ds ago\)$/),
				expect.any(String)
			]);
			const describe1 = await run(p, 'kubectl describe pod -l app=crasher');
			expect(describe1).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n/);
			expect(describe1).toMatch(
				/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n\s+Started:\s+.+\n\s+Finished:\s+.+\n/
			);
			expect(describe1).toMatch(/Restart Count:\s+1\n/);
			expect(describe1).toMatch(
				/Warning\s+BackOff\s+\S+\s+kubelet\s+Back-off restarting failed container crash-on-start in pod crasher-[a-z0-9]+-[a-z0-9]{5}_default\([0-9a-f-]+\)/
			);
			expect(await run(p, waitingMessage)).toMatch(
				/^\$ .*\nback-off 10s restarting failed container=crash-on-start pod=crasher-/
			);

			// 10 s later it is restarted (and dies again): back-off doubles to 20 s.
			await run(p, 'sleep 10');
			const second = await run(p, 'kubectl get pods -l app=crasher');
			expect(row(second, 'crasher-').slice(1, 4)).toEqual([
				'0/1',
				'CrashLoopBackOff',
				expect.stringMatching(/^2 \(\d+s ago\)$/)
			]);
			expect(await run(p, waitingMessage)).toContain('back-off 20s restarting failed container');
			await run(p, 'sleep 22');
			expect(await run(p, waitingMessage)).toContain('back-off 40s restarting failed container');
			const events = await run(p, 'kubectl get events --field-selector reason=BackOff');
			expect(events).toMatch(
				/Warning\s+BackOff\s+pod\/crasher-\S+\s+Back-off restarting failed container/
			);

			// The rest of the cluster never noticed.
			const curl = await run(
				p,
				'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage'
			);
			expect(curl).toMatch(/\n200\n$/);
			expect(checkInvariants(p.cluster.api)).toEqual([]);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);

	it('a process that exits after it served: Error, restarted at once, Last State kept', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl create deployment exiter --image=test/exit-after-30s');
			const ip = (await run(p, podIp('exiter'))).split('\n')[1];
			expect(await run(p, `kubectl exec deploy/curl -- curl -sS http://${ip}:8080/`)).toMatch(
				/\nok\n$/
			);
			// Sample STATUS and RESTARTS every 200 ms of sim time across the exit at ~31 s.
			await run(p, 'sleep 29');
			const seen: string[] = [];
			for (let i = 0; i < 30; i++) {
				const r = row(await run(p, 'kubectl get pods -l app=exiter'), 'exiter-');
				const state = `${r[2]} ${r[3]?.split(' ')[0]}`;
				if (seen.at(-1) !== state) seen.push(state);
				await run(p, 'sleep 0.2');
			}
			expect(seen).toEqual(['Running 0', 'Error 0', 'Running 1']);
			const d = await run(p, 'kubectl describe pod -l app=exiter');
			expect(d).toMatch(
				/State:\s+Running\n\s+Started:\s+.+\n\s+Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+3\n/
			);
			expect(d).toMatch(/Restart Count:\s+1\n/);
			// Restarted, it serves again on the same address.
			expect(await run(p, `kubectl exec deploy/curl -- curl -sS http://${ip}:8080/`)).toMatch(
				/\nok\n$/
			);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);

	it('an uncaught error in a connection handler resets the client and restarts the container', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl create deployment thrower --image=test/throw-on-connect');
			const ip = (await run(p, podIp('thrower'))).split('\n')[1];
			const curl = await run(p, `kubectl exec deploy/curl -- curl -sS http://${ip}:8080/`);
			expect(curl).toContain(
				'curl: (56) Recv failure: Connection reset by peer\ncommand terminated with exit code 56'
			);
			const logs = await run(p, 'kubectl logs deploy/thrower');
			// Logs of the dead run until the restart replaces it (kubectl logs shows the current one).
			expect(logs).toMatch(
				/Uncaught TypeError: Cannot read properties of undefined|^\$ kubectl logs deploy\/thrower\n$/
			);
			await run(p, 'sleep 3');
			expect(row(await run(p, 'kubectl get pods -l app=thrower'), 'thrower-').slice(1, 3)).toEqual([
				'1/1',
				'Running'
			]);
			expect(await run(p, 'kubectl get pods -l app=thrower')).toMatch(/Running\s+1 \(\ds ago\)/);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);

	it('kubectl logs --previous shows the last terminated run; a pod that never restarted has none', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl create deployment crasher --image=test/crash-on-start');
			// Before the first restart there is no previous run to show.
			expect(await run(p, 'kubectl logs deploy/crasher --previous')).toMatch(
				/Error from server \(BadRequest\): previous terminated container "crash-on-start" in pod "crasher-[a-z0-9]+-[a-z0-9]{5}" not found\n$/
			);
			await run(p, 'sleep 3');
			// The run that died logged why; the kubelet kept it across the restart.
			expect(await run(p, 'kubectl logs deploy/crasher -p')).toMatch(
				/\nUncaught Error: open \/etc\/app\/config\.yaml: no such file or directory\n$/
			);
			expect(await run(p, 'kubectl logs deploy/curl --previous')).toMatch(
				/previous terminated container "curl" in pod "curl-\S+" not found/
			);
		} finally {
			await p.cluster.dispose();
		}
	});

	it('restartPolicy Never: the pod fails for good, with the exit recorded', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl run once --image=test/crash-on-start --restart=Never');
			await run(p, 'sleep 60');
			const out = await run(p, 'kubectl get pod once');
			expect(row(out, 'once').slice(1, 4)).toEqual(['0/1', 'Error', '0']);
			expect(await run(p, "kubectl get pod once -o jsonpath='{.status.phase}'")).toMatch(
				/\nFailed\n$/
			);
			const d = await run(p, 'kubectl describe pod once');
			expect(d).toMatch(/State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n/);
			expect(d).not.toContain('BackOff');
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);

	it('a pod deleted while it backs off is not restarted; its ReplicaSet makes a new one', async () => {
		const p = await playground();
		try {
			await run(p, 'kubectl create deployment crasher --image=test/crash-on-start');
			const before = row(await run(p, 'kubectl get pods -l app=crasher'), 'crasher-')[0];
			await run(p, `kubectl delete pod ${before}`);
			await run(p, 'sleep 15');
			const out = await run(p, 'kubectl get pods -l app=crasher');
			const [name, , status] = row(out, 'crasher-');
			expect(name).not.toBe(before);
			expect(status).toBe('CrashLoopBackOff');
			expect(checkInvariants(p.cluster.api)).toEqual([]);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);
});

const podIp = (app: string): string =>
	`kubectl get pod -l app=${app} -o jsonpath="{.items[0].status.podIP}"`;

const waitingMessage =
	"kubectl get pods -l app=crasher -o jsonpath='{.items[0].status.containerStatuses[0].state.waiting.message}'";
