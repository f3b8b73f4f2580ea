/**
 * A pod's containers in the kubelet's start order (KEP-753 sidecars first), and the status the
 * kubelet reports for a pod with a native istio-proxy: `initContainerStatuses` for the sidecar,
 * `containerStatuses` for the app, and `kubectl get pods` READY/STATUS computed from them.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import {
	containerFieldPath,
	containerStatusOf,
	runningContainers,
	sidecarContainers
} from '../../../src/mesh/api/pod-containers.ts';
import { stopOrder } from '../../../src/mesh/cluster/kubelet-events.ts';
import {
	completedInitStatus,
	creatingStatus,
	exitedStatus,
	runningStatus
} from '../../../src/mesh/cluster/pod-status.ts';
import { podSummary } from '../../../src/shell/kubectl/printers/pod-columns.ts';

const addr = { podIP: '10.244.1.8', hostIP: '172.18.0.3' };
const at = '2026-01-01T00:00:09Z';

function pod(init: Pod['spec']['initContainers']): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: 'httpbin-1',
			namespace: 'legacy',
			uid: 'u1',
			resourceVersion: '1',
			creationTimestamp: at
		},
		spec: {
			containers: [{ name: 'httpbin', image: 'mccutchen/go-httpbin:v2.15.0' }],
			...(init ? { initContainers: init } : {})
		}
	};
}

const native = () =>
	pod([
		{ name: 'istio-proxy', image: 'istio/proxyv2:1.30.3', restartPolicy: 'Always' },
		{ name: 'migrate', image: 'busybox' }
	]);

describe('runningContainers', () => {
	it('puts sidecar (restartable init) containers first and leaves run-to-completion ones out', () => {
		const p = native();
		expect(sidecarContainers(p).map((c) => c.name)).toEqual(['istio-proxy']);
		expect(runningContainers(p).map((c) => c.name)).toEqual(['istio-proxy', 'httpbin']);
	});

	it('is the app containers alone for a pod without init containers', () => {
		expect(runningContainers(pod(undefined)).map((c) => c.name)).toEqual(['httpbin']);
	});

	it('names init containers spec.initContainers{…} in field paths', () => {
		const p = native();
		expect(containerFieldPath(p, 'istio-proxy')).toBe('spec.initContainers{istio-proxy}');
		expect(containerFieldPath(p, 'httpbin')).toBe('spec.containers{httpbin}');
	});
});

describe('stopOrder', () => {
	it('stops app containers first, then sidecars in reverse start order (KEP-753)', () => {
		const running = [
			{ container: 'istio-proxy', fieldPath: 'spec.initContainers{istio-proxy}' },
			{ container: 'log-shipper', fieldPath: 'spec.initContainers{log-shipper}' },
			{ container: 'httpbin', fieldPath: 'spec.containers{httpbin}' }
		];
		expect(stopOrder(running).map((c) => c.container)).toEqual([
			'httpbin',
			'log-shipper',
			'istio-proxy'
		]);
	});
});

describe('pod status with a native sidecar', () => {
	it('reports the sidecar under initContainerStatuses, started and ready, and counts it in READY', () => {
		const p = native();
		// The run-to-completion `migrate` ran before: Terminated/Completed, and so ready
		// (prober_manager.go UpdatePodStatus: an init container that exited 0 is ready).
		const migrate = completedInitStatus(p, 'migrate', 'containerd://migrate', at, at);
		p.status = runningStatus(p, addr, at, (n) => `containerd://${n}`, undefined, [
			...(migrate ? [migrate] : [])
		]);
		expect(p.status.initContainerStatuses?.map((s) => [s.name, s.started, s.ready])).toEqual([
			['istio-proxy', true, true],
			['migrate', false, true]
		]);
		expect(p.status.initContainerStatuses?.[1]?.state.terminated?.reason).toBe('Completed');
		expect(p.status.containerStatuses?.map((s) => s.name)).toEqual(['httpbin']);
		expect(containerStatusOf(p, 'istio-proxy')?.state.running?.startedAt).toBe(at);
		expect(podSummary(p, Date.parse(at))).toEqual({
			ready: '2/2',
			status: 'Running',
			restarts: '0'
		});
	});

	it('shows Init:0/1 while the sidecar is created, with Initialized False', () => {
		const p = pod([
			{ name: 'istio-proxy', image: 'istio/proxyv2:1.30.3', restartPolicy: 'Always' }
		]);
		p.status = creatingStatus(p, addr, at);
		expect(p.status.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
			status: 'False',
			reason: 'ContainersNotInitialized',
			message: 'containers with incomplete status: [istio-proxy]'
		});
		expect(p.status.initContainerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
		expect(podSummary(p, Date.parse(at))).toEqual({
			ready: '0/2',
			status: 'Init:0/1',
			restarts: '0'
		});
	});

	it('keeps a crashed sidecar in initContainerStatuses and counts its restarts', () => {
		const p = native();
		p.status = runningStatus(p, addr, at, (n) => `containerd://${n}`);
		const history = new Map([
			[
				'istio-proxy',
				{
					restartCount: 1,
					last: {
						reason: 'Error',
						exitCode: 1,
						startedAt: at,
						finishedAt: at,
						containerID: 'containerd://x'
					}
				}
			]
		]);
		p.status = exitedStatus(p, addr, at, 'istio-proxy', history, '10s');
		const proxy = p.status.initContainerStatuses?.[0];
		expect(proxy?.state.waiting?.reason).toBe('CrashLoopBackOff');
		expect(p.status.containerStatuses?.map((s) => [s.name, s.ready])).toEqual([['httpbin', false]]);
		const row = podSummary(p, Date.parse(at) + 5000);
		expect(row.ready).toBe('0/2');
		expect(row.restarts).toBe('1 (5s ago)');
	});
});
