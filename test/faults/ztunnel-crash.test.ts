/**
 * A ztunnel that dies takes its node's ambient traffic down, as on a real cluster: pods on that
 * node are refused at once (their in-pod redirection has no listener behind it: curl exit 7),
 * traffic to them from other nodes is reset by the sending ztunnel (curl exit 56), traffic that
 * never touches the node still flows. kubelet restarts the DaemonSet pod and everything recovers.
 */
import { IN_POD_REDIRECTION } from '../../src/mesh/cni/inpod-redirection.ts';
import { describe, expect, it } from 'vitest';
import { podHostId } from '../../src/mesh/cluster/pod-host-spec.ts';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { crashPrograms } from '../support/crash-programs.ts';
import { nodeYield } from '../support/node-yield.ts';

const curl = (from: string, url: string): string =>
	`kubectl exec deploy/${from} -- curl -sS --max-time 5 -o /dev/null -w "%{http_code}\\n" ${url}`;

describe('a ztunnel that dies', () => {
	it("takes its node's ambient traffic down until its DaemonSet pod restarts", async () => {
		const runtime = createInProcessRuntime({
			crypto: globalThis.crypto,
			programFor: crashPrograms,
			cniChain: [IN_POD_REDIRECTION],
			yieldToHost: nodeYield
		});
		const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
		const run = (script: string): Promise<string> => runTranscript(script, p.shell);
		try {
			await run('istioctl install --set profile=ambient --skip-confirmation');
			await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
			// curl and details run on ambient-worker; productpage and ratings on ambient-worker2.
			const wide = await run('kubectl get pods -o wide');
			for (const [pod, node] of [
				['curl-', 'ambient-worker '],
				['details-v1-', 'ambient-worker '],
				['productpage-v1-', 'ambient-worker2'],
				['ratings-v1-', 'ambient-worker2']
			] as const)
				expect(wide.split('\n').find((l) => l.startsWith(pod))).toContain(node);
			expect(await run(curl('curl', 'http://details:9080/details/0'))).toMatch(/\n200\n$/);

			const zt = runtime
				.hosts()
				.find((h) => h.name.startsWith('ztunnel-') && h.node === 'ambient-worker');
			expect(zt).toBeDefined();
			if (!zt) return;
			expect(runtime.testOnlyFaults.killHost(podHostId(zt.namespace, zt.name))).toBe(true);
			await p.cluster.settle();
			expect(await run(`kubectl get pod -n istio-system ${zt.name}`)).toMatch(
				new RegExp(`${zt.name}\\s+0/1\\s+Error\\s+0\\s`)
			);

			// From the dead node: refused at once.
			expect(await run(curl('curl', 'http://details:9080/details/0'))).toContain(
				'000\ncurl: (7) Failed to connect to details port 9080 after 0 ms: Could not connect to server\ncommand terminated with exit code 7\n'
			);
			// Into the dead node from a live one: the sending ztunnel resets its client.
			expect(await run(curl('productpage-v1', 'http://details:9080/details/0'))).toContain(
				'000\ncurl: (56) Recv failure: Connection reset by peer\ncommand terminated with exit code 56\n'
			);
			// Between pods of live nodes: unaffected.
			expect(await run(curl('productpage-v1', 'http://ratings:9080/ratings/0'))).toMatch(
				/\n200\n$/
			);

			// kubelet restarts it after its next relist; it fetches config and certificates again.
			await run('sleep 3');
			expect(await run(`kubectl get pod -n istio-system ${zt.name}`)).toMatch(
				new RegExp(`${zt.name}\\s+1/1\\s+Running\\s+1 \\(\\ds ago\\)`)
			);
			expect(await run(`kubectl describe pod -n istio-system ${zt.name}`)).toMatch(
				/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+137\n/
			);
			expect(await run(curl('curl', 'http://details:9080/details/0'))).toMatch(/\n200\n$/);
			expect(await run(curl('productpage-v1', 'http://details:9080/details/0'))).toMatch(
				/\n200\n$/
			);
			expect(await run(curl('curl', 'http://productpage:9080/productpage'))).toMatch(/\n200\n$/);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);

	it("resets the other nodes' pooled HBONE connections to it, so nothing stale is left after it restarts", async () => {
		const runtime = createInProcessRuntime({
			crypto: globalThis.crypto,
			programFor: crashPrograms,
			cniChain: [IN_POD_REDIRECTION],
			yieldToHost: nodeYield
		});
		const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
		const run = (script: string): Promise<string> => runTranscript(script, p.shell);
		try {
			await run('istioctl install --set profile=ambient --skip-confirmation');
			await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
			// productpage's node pools a connection to details' (it speaks for details at :15008).
			expect(await run(curl('productpage-v1', 'http://details:9080/details/0'))).toMatch(
				/\n200\n$/
			);
			const zt = runtime
				.hosts()
				.find((h) => h.name.startsWith('ztunnel-') && h.node === 'ambient-worker');
			if (!zt) throw new Error('no ztunnel on ambient-worker');
			runtime.testOnlyFaults.killHost(podHostId(zt.namespace, zt.name));
			// No request while it is down: the first one after its restart must not find a dead pool.
			await run('sleep 3');
			expect(await run(curl('productpage-v1', 'http://details:9080/details/0'))).toMatch(
				/\n200\n$/
			);
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);
});
