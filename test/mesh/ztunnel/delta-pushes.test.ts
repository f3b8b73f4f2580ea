/**
 * ztunnels speak delta xDS: after the whole state on subscribing they are sent only what
 * changed, and what they hold is what a ztunnel that just got the whole state holds
 * (`istioctl zc all -o json`, certificates aside).
 */
import { describe, expect, it } from 'vitest';
import type { SimCluster } from '../../../src/mesh/cluster/create.ts';
import { playground } from '../../support/playground.ts';

describe('ztunnel delta pushes', () => {
	it('a ztunnel fed deltas holds what a freshly subscribed one holds', async () => {
		const pg = await playground('inprocess', 'bookinfo', 1);
		const cluster = pg.cluster as SimCluster;
		const run = async (command: string): Promise<string> => {
			let out = '';
			await pg.shell.execute(command, {
				stdin: '',
				stdout: (s) => (out += s),
				stderr: (s) => (out += s)
			});
			await cluster.settle();
			return out;
		};
		const config = async (node: string) => {
			const dump = JSON.parse(await run(`istioctl zc all -o json --node ${node}`)) as Record<
				string,
				unknown
			>;
			return {
				workloads: dump['workloads'],
				services: dump['services'],
				policies: dump['policies']
			};
		};
		try {
			await run('istioctl install --set profile=ambient -y');
			await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
			await run('kubectl scale deploy/productpage-v1 --replicas=3');
			await run('kubectl delete pod -l app=details');
			await run(
				'kubectl apply -f - <<EOF\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: pp\nspec:\n  selector:\n    matchLabels:\n      app: productpage\n  action: ALLOW\nEOF'
			);
			const fedDeltas = await config('ambient-worker');
			// A new ztunnel on the other node subscribes and gets the state whole.
			await run(
				'kubectl delete pod -n istio-system -l app=ztunnel --field-selector spec.nodeName=ambient-worker2'
			);
			const whole = await config('ambient-worker2');
			expect(fedDeltas).toEqual(whole);
			expect(JSON.stringify(whole.workloads)).toContain('productpage-v1');
			expect(JSON.stringify(whole.policies)).toContain('"name":"pp"');

			// istiod's log: the subscription's whole state, then deltas of a few resources.
			const log = await run('kubectl logs -n istio-system deploy/istiod');
			const pushes = log.split('\n').filter((l) => l.includes('WDS: PUSH for node:ztunnel-'));
			const sizes = pushes.map((l) => Number(/resources:(\d+)/.exec(l)?.[1]));
			// Namespace enrolment changes every workload in it; a new pod, its own and its Service.
			expect(sizes).toContain(1);
			expect(sizes).toContain(2);
			expect(Math.max(...sizes)).toBeLessThan(JSON.parse(JSON.stringify(whole.workloads)).length);
			// The deleted details pod: its workload removed, its Service's endpoints changed.
			expect(log).toMatch(/WDS: PUSH for node:ztunnel-\S+ resources:1 removed:1 /);
		} finally {
			await cluster.dispose();
		}
	}, 60_000);
});
