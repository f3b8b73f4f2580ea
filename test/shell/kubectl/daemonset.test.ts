import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonSetStatus } from '../../../src/shell/kubectl/rollout.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { emptyPlayground, type Istioctl } from '../istioctl/helpers.ts';

const AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: agent
        image: nginx
`;

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
	expect((await t.run('kubectl apply -f -', AGENT)).output).toBe('daemonset.apps/agent created\n');
});
afterEach(async () => {
	await t.dispose();
});

describe('kubectl with DaemonSets', () => {
	it('lists them with the DaemonSet columns, by name and short name', async () => {
		for (const line of ['kubectl get ds', 'kubectl get daemonsets', 'kubectl get daemonset.apps']) {
			const r = await t.run(line);
			expect(r.stdout.replace(/\d+s\n/g, 'AGEs\n')).toBe(
				'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n' +
					'agent   2         2         2       2            2           kubernetes.io/os=linux   AGEs\n'
			);
		}
	});

	it('is listed by api-resources', async () => {
		const r = await t.run('kubectl api-resources --api-group=apps');
		expect(r.stdout).toMatch(/\ndaemonsets +ds +apps\/v1 +true +DaemonSet\n/);
	});

	it('restarts and reports rollout status', async () => {
		expect((await t.run('kubectl rollout restart ds/agent')).output).toBe(
			'daemonset.apps/agent restarted\n'
		);
		const r = await t.run('kubectl rollout status ds/agent');
		expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
			'daemon set "agent" successfully rolled out'
		);
		expect(r.code).toBe(0);
	});

	it('reads a pod of the set for logs, and deletes its pods with it', async () => {
		const logs = await t.run('kubectl logs ds/agent');
		expect(logs.stderr).toMatch(/^Found 2 pods, using pod\/agent-\w{5}\n$/);
		expect((await t.run('kubectl delete ds agent')).output).toBe(
			'daemonset.apps "agent" deleted from default namespace\n'
		);
		expect((await t.run('kubectl get pods')).stderr).toBe(
			'No resources found in default namespace.\n'
		);
	});

	const ds = (generation: number, status: Record<string, number>, type?: string): KubeObject =>
		({
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: { name: 'z', generation },
			spec: type ? { updateStrategy: { type } } : {},
			status
		}) as unknown as KubeObject;

	it.each([
		{
			name: 'spec not observed',
			d: ds(2, { observedGeneration: 1 }),
			out: { message: 'Waiting for daemon set spec update to be observed...', done: false }
		},
		{
			name: 'updating',
			d: ds(1, { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 1 }),
			out: {
				message:
					'Waiting for daemon set "z" rollout to finish: 1 out of 2 new pods have been updated...',
				done: false
			}
		},
		{
			name: 'waiting for availability',
			d: ds(1, {
				observedGeneration: 1,
				desiredNumberScheduled: 2,
				updatedNumberScheduled: 2,
				numberAvailable: 1
			}),
			out: {
				message:
					'Waiting for daemon set "z" rollout to finish: 1 of 2 updated pods are available...',
				done: false
			}
		},
		{
			name: 'OnDelete',
			d: ds(1, {}, 'OnDelete'),
			out: { error: 'rollout status is only available for RollingUpdate strategy type' }
		}
	])('DaemonSetStatusViewer: $name', ({ d, out }) => {
		expect(daemonSetStatus(d)).toEqual(out);
	});
});
