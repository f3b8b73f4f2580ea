/**
 * kubelet's init containers (pkg/kubelet/kuberuntime computeInitContainerActions): plain init
 * containers run one at a time to completion, in spec order with sidecar (restartable) ones,
 * before the app starts; their status ends Terminated/Completed (exit code 0) and they are not
 * counted in READY. The injected `istio-init` (istio-iptables) is the one the simulation runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PODS } from '../../../src/mesh/api/builtin-resources.ts';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import { podSummary } from '../../../src/shell/kubectl/printers/pod-columns.ts';
import { createFakeRuntime } from '../../support/fake-runtime.ts';
import { emptyPlayground, type Istioctl } from '../../shell/istioctl/helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

const ISTIO_INIT = `  - name: istio-init
    image: docker.io/istio/proxyv2:1.30.3
    args: ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "MODE", "-d", "15090,15021,15020"]`;

const manifest = (mode: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
${ISTIO_INIT.replace('MODE', mode)}
  containers:
  - name: httpbin
    image: docker.io/mccutchen/go-httpbin:v2.15.0
`;

async function apply(mode: string): Promise<Pod> {
	await t.run(`kubectl apply -f - <<'EOF'\n${manifest(mode)}EOF`);
	await t.run('sleep 5');
	return t.list('pods', 'default').find((p) => p.metadata.name === 'web') as Pod;
}

describe('kubelet: run-to-completion init containers', () => {
	it('runs istio-init to completion before the app, then reports it Completed', async () => {
		const pod = await apply('REDIRECT');
		expect(pod.status?.phase).toBe('Running');
		const init = pod.status?.initContainerStatuses?.[0];
		expect(init?.name).toBe('istio-init');
		// prober_manager.go UpdatePodStatus: an init container that exited 0 is ready.
		expect(init?.ready).toBe(true);
		expect(init?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
		const finished = Date.parse(init?.state?.terminated?.finishedAt ?? '');
		const app = Date.parse(pod.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? '');
		expect(finished).toBeLessThanOrEqual(app);
		const get = await t.run('kubectl get pod web');
		expect(get.stdout).toMatch(/^web\s+1\/1\s+Running\s+0\s/m);
		const events = await t.run('kubectl get events --field-selector involvedObject.name=web');
		const started = events.stdout
			.split('\n')
			.filter((l) => /\bStarted\b/.test(l))
			.map((l) => l.replace(/.*Started container /, ''));
		expect(started).toEqual(['istio-init', 'httpbin']);
		const describe = await t.run('kubectl describe pod web');
		expect(describe.stdout).toMatch(
			/Init Containers:\n {2}istio-init:[\s\S]*?State: {10}Terminated\n {6}Reason: {7}Completed\n {6}Exit Code: {4}0/
		);
	});

	it('shows Init:0/1 while the init container has not run (kubectl get pods STATUS)', async () => {
		const runtime = createFakeRuntime({ manual: true });
		const c = await createCluster({ crypto: globalThis.crypto, seed: 1, runtime });
		const pod = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'web', namespace: 'default' },
			spec: {
				initContainers: [
					{ name: 'istio-init', image: 'docker.io/istio/proxyv2:1.30.3', args: ['istio-iptables'] }
				],
				containers: [{ name: 'app', image: 'docker.io/mccutchen/go-httpbin:v2.15.0' }]
			}
		} as unknown as KubeObject;
		c.api.apply(pod);
		for (let i = 0; i < 10; i++) await Promise.resolve();
		const live = c.api.get(PODS, 'default', 'web') as Pod;
		expect(live.status?.initContainerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
		expect(live.status?.conditions?.find((x) => x.type === 'Initialized')).toMatchObject({
			status: 'False',
			reason: 'ContainersNotInitialized',
			message: 'containers with incomplete status: [istio-init]'
		});
		expect(podSummary(live, 0).status).toBe('Init:0/1');
		await c.dispose();
	});

	it('holds the pod in Init:Error, then Init:CrashLoopBackOff, when an init container fails', async () => {
		const pod = await apply('TPROXY');
		expect(pod.status?.phase).toBe('Pending');
		expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
		expect(pod.status?.conditions?.find((x) => x.type === 'Initialized')?.status).toBe('False');
		const get = await t.run('kubectl get pod web');
		expect(get.stdout).toMatch(/^web\s+0\/1\s+Init:(Error|CrashLoopBackOff)\s+\d+\s/m);
		const logs = await t.run('kubectl logs web -c istio-init');
		expect(logs.stdout).toContain('interception mode TPROXY is not simulated');
		// The app never started.
		const events = await t.run('kubectl get events --field-selector involvedObject.name=web');
		expect(events.stdout).not.toContain('Started container httpbin');
		expect(events.stdout).toContain('Started container istio-init');
	});
});
