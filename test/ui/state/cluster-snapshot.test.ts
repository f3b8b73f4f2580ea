import { describe, expect, it } from 'vitest';
import type { ContainerStatus, NodeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { buildSnapshot, podView, type PodView } from '../../../src/ui/state/cluster-snapshot.ts';

const meta = (name: string, namespace?: string) => ({
	name,
	namespace,
	uid: name,
	resourceVersion: '1',
	creationTimestamp: '2025-01-01T00:00:00Z'
});

function node(name: string, ready = true): NodeObject {
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: meta(name),
		spec: {},
		status: {
			addresses: [{ type: 'InternalIP', address: `172.18.0.${name.length}` }],
			conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
			nodeInfo: {}
		}
	};
}

const running = (ready: boolean): ContainerStatus => ({
	name: 'c',
	image: 'i',
	ready,
	restartCount: 0,
	state: { running: { startedAt: '' } }
});
const waiting = (reason: string): ContainerStatus => ({
	name: 'c',
	image: 'i',
	ready: false,
	restartCount: 0,
	state: { waiting: { reason } }
});

function pod(
	name: string,
	opts: Partial<{
		node: string;
		ns: string;
		phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
		statuses: ContainerStatus[];
		containers: number;
		ip: string;
		deleting: boolean;
	}> = {}
): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			...meta(name, opts.ns ?? 'default'),
			...(opts.deleting ? { deletionTimestamp: 'x' } : {})
		},
		spec: {
			...(opts.node ? { nodeName: opts.node } : {}),
			containers: Array.from({ length: opts.containers ?? 1 }, (_, i) => ({
				name: `c${i}`,
				image: 'i'
			}))
		},
		...(opts.phase
			? {
					status: {
						phase: opts.phase,
						...(opts.ip ? { podIP: opts.ip } : {}),
						containerStatuses: opts.statuses ?? []
					}
				}
			: {})
	};
}

describe('podView', () => {
	const cases: { name: string; pod: Pod; expected: Partial<PodView> }[] = [
		{
			name: 'running and ready',
			pod: pod('a', { phase: 'Running', statuses: [running(true)], ip: '10.244.1.2' }),
			expected: { status: 'Running', ready: '1/1', health: 'ok', ip: '10.244.1.2' }
		},
		{
			name: 'running, one of two containers ready',
			pod: pod('a', { phase: 'Running', containers: 2, statuses: [running(true), running(false)] }),
			expected: { status: 'Running', ready: '1/2', health: 'progress', ip: '' }
		},
		{
			name: 'no status yet reads Pending',
			pod: pod('a'),
			expected: { status: 'Pending', phase: 'Pending', ready: '0/1', health: 'progress' }
		},
		{
			name: 'container creating',
			pod: pod('a', { phase: 'Pending', statuses: [waiting('ContainerCreating')] }),
			expected: { status: 'ContainerCreating', health: 'progress' }
		},
		{
			name: 'unknown image',
			pod: pod('a', { phase: 'Pending', statuses: [waiting('ErrImagePull')] }),
			expected: { status: 'ErrImagePull', health: 'error' }
		},
		{
			name: 'being deleted',
			pod: pod('a', { phase: 'Running', statuses: [running(true)], deleting: true }),
			expected: { status: 'Terminating', health: 'progress' }
		},
		{
			name: 'completed',
			pod: pod('a', { phase: 'Succeeded' }),
			expected: { status: 'Succeeded', health: 'done' }
		},
		{
			name: 'failed',
			pod: pod('a', { phase: 'Failed' }),
			expected: { status: 'Failed', health: 'error' }
		}
	];
	it.each(cases)('$name', ({ pod, expected }) => {
		expect(podView(pod)).toMatchObject(expected);
	});
});

describe('buildSnapshot', () => {
	it('groups pods under their node, sorted by namespace then name, unscheduled apart', () => {
		const snap = buildSnapshot(
			[node('ambient-worker2'), node('ambient-worker', false)],
			[
				pod('reviews', { node: 'ambient-worker' }),
				pod('ztunnel', { node: 'ambient-worker', ns: 'istio-system' }),
				pod('details', { node: 'ambient-worker' }),
				pod('productpage', { node: 'ambient-worker2' }),
				pod('pending')
			]
		);
		expect(snap.nodes.map((n) => [n.name, n.ready, n.pods.map((p) => p.name)])).toEqual([
			['ambient-worker', false, ['details', 'reviews', 'ztunnel']],
			['ambient-worker2', true, ['productpage']]
		]);
		expect(snap.unscheduled.map((p) => p.name)).toEqual(['pending']);
	});

	it('keeps a node with no pods', () => {
		expect(buildSnapshot([node('n1')], []).nodes).toEqual([
			{ name: 'n1', ready: true, ip: '172.18.0.2', pods: [] }
		]);
	});
});
