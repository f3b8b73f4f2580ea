import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiServer, ResourceType, WatchEvent } from '../../../src/mesh/api/api-server.ts';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { ClusterView } from '../../../src/ui/state/cluster-view.svelte.ts';

const PODS: ResourceType = {
	plural: 'pods',
	singular: 'pod',
	kind: 'Pod',
	group: '',
	version: 'v1',
	shortNames: ['po'],
	namespaced: true
};

function fakeApi() {
	const listeners = new Set<(e: WatchEvent) => void>();
	let pods: Pod[] = [];
	let lists = 0;
	const api = {
		resolve: (t: string) => (t === 'pods' ? PODS : undefined),
		list: () => (lists++, pods),
		watch: (l: (e: WatchEvent) => void) => (listeners.add(l), () => void listeners.delete(l))
	} as unknown as ApiServer;
	const emit = (object: KubeObject) =>
		listeners.forEach((l) => l({ type: 'ADDED', object, resource: PODS }));
	return {
		api,
		emit,
		addPod(name: string) {
			const p = {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {
					name,
					namespace: 'default',
					uid: name,
					resourceVersion: '1',
					creationTimestamp: ''
				},
				spec: { containers: [] }
			} as Pod;
			pods = [...pods, p];
			emit(p);
		},
		lists: () => lists,
		watchers: () => listeners.size
	};
}

afterEach(() => void vi.useRealTimers());

describe('ClusterView', () => {
	it('reads once on connect, then coalesces a burst of events into one rebuild per interval', () => {
		vi.useFakeTimers();
		const f = fakeApi();
		const view = new ClusterView({ intervalMs: 100 });
		view.connect(f.api);
		expect(f.lists()).toBe(1);

		for (let i = 0; i < 20; i++) f.addPod(`p${i}`);
		expect(view.pods).toEqual([]);
		vi.advanceTimersByTime(99);
		expect(f.lists()).toBe(1);
		vi.advanceTimersByTime(1);
		expect(f.lists()).toBe(2);
		expect(view.pods.map((p) => p.name)).toHaveLength(20);
	});

	it('ignores kinds it does not show, and stops on disconnect', () => {
		vi.useFakeTimers();
		const f = fakeApi();
		const view = new ClusterView({ intervalMs: 100 });
		const disconnect = view.connect(f.api);
		f.emit({
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: { name: 'x', uid: 'x', resourceVersion: '1', creationTimestamp: '' }
		});
		vi.advanceTimersByTime(200);
		expect(f.lists()).toBe(1);

		f.addPod('late');
		disconnect();
		vi.advanceTimersByTime(200);
		expect(f.lists()).toBe(1);
		expect(f.watchers()).toBe(0);
	});
});
