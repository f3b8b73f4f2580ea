/**
 * Controllers work per change, not per store: one pod event costs the same number of pod visits
 * whether 20 or 200 other pods exist. Work is counted, never timed: every pod object the API
 * server hands a reader (list, peek, an index lookup, a get) counts as one visit.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../../../src/mesh/api/api-server.ts';
import { PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { CONTROLLER_UID_INDEX } from '../../../src/mesh/api/indexer.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import type { ClusterApiServer } from '../../../src/mesh/api/store.ts';
import type { SimCluster } from '../../../src/mesh/cluster/create.ts';
import { playground } from '../../support/playground.ts';

const silent = { stdin: '', stdout: () => {}, stderr: () => {} };
const controllerUid = (o: KubeObject): string =>
	o.metadata.ownerReferences?.find((r) => r.controller === true)?.uid ?? '';
const isPods = (type: ResourceType): boolean => type.kind === 'Pod' && type.group === '';

/**
 * Wraps the reads of `api` so that each pod object handed out counts once; `onlyIndex` counts
 * only the pods read through that index (`controllerUID`: what a ReplicaSet reads).
 */
function countPodVisits(api: ClusterApiServer, onlyIndex?: string): { visits: () => number } {
	let visits = 0;
	const count = <T>(type: ResourceType, r: T, index?: string): T => {
		if (!isPods(type) || (onlyIndex !== undefined && index !== onlyIndex)) return r;
		if (Array.isArray(r)) visits += r.length;
		else if (r && typeof r === 'object' && 'metadata' in r) visits++;
		return r;
	};
	const { list, peek, byIndex, peekObject, get } = api;
	Object.assign(api, {
		list: (type: ResourceType, o?: object) => count(type, list(type, o)),
		peek: (type: ResourceType, o?: object) => count(type, peek(type, o)),
		byIndex: (type: ResourceType, i: string, v: string) => count(type, byIndex(type, i, v), i),
		peekObject: (type: ResourceType, ns: string | undefined, n: string) =>
			count(type, peekObject(type, ns, n)),
		get: (type: ResourceType, ns: string | undefined, n: string) => count(type, get(type, ns, n))
	});
	return { visits: () => visits };
}

/**
 * Bookinfo on six nodes with productpage scaled to `replicas`, then one event on a pod of `app`
 * (it gets a label no selector uses, or with `remove` it is deleted and replaced): the pod
 * visits that event's cascade made.
 */
async function visitsForOnePodEvent(
	replicas: number,
	app = 'details',
	onlyIndex?: string,
	remove = false
): Promise<{ visits: number; pods: number }> {
	const pg = await playground('inprocess', 'bookinfo', 1, 6);
	const cluster = pg.cluster as SimCluster;
	try {
		await pg.shell.execute(`kubectl scale deploy/productpage-v1 --replicas=${replicas}`, silent);
		await cluster.controllersIdle();
		await cluster.settle();
		const all = cluster.api.peek(PODS) as readonly KubeObject[];
		const target = all.find((p) => p.metadata.labels?.app === app);
		if (!target) throw new Error(`no ${app} pod`);
		const counter = countPodVisits(cluster.api, onlyIndex);
		if (remove) cluster.api.delete(PODS, 'default', target.metadata.name);
		else
			cluster.api.patch(PODS, 'default', target.metadata.name, (draft) => {
				draft.metadata.labels = { ...draft.metadata.labels, touched: 'yes' };
			});
		await cluster.settle();
		const visits = counter.visits();
		// The counter sees reads of many pods: every pod, or all of productpage's by owner.
		if (onlyIndex === undefined) cluster.api.list(PODS);
		else cluster.api.byIndex(PODS, onlyIndex, controllerUid(target));
		expect(counter.visits() - visits).toBe(
			onlyIndex === undefined ? all.length : app === 'productpage' ? replicas : 1
		);
		expect(cluster.errors()).toEqual([]);
		return { visits, pods: all.length };
	} finally {
		await cluster.dispose();
	}
}

describe('controllers do work per change', () => {
	it('a pod event visits as many pods at 200 productpage replicas as at 20', async () => {
		const small = await visitsForOnePodEvent(20);
		const large = await visitsForOnePodEvent(200);
		expect(large.pods - small.pods).toBe(180);
		expect(large.visits).toBe(small.visits);
		// The ReplicaSet, Endpoints, EndpointSlice, kubelet, scheduler and istio-cni each look at
		// the one pod (and its Service's pods): a handful of visits, not one per pod.
		expect(small.visits).toBeGreaterThan(0);
		expect(small.visits).toBeLessThan(20);
	}, 60_000);

	it('deleting a pod (the garbage collector looks for its dependents, the ReplicaSet replaces it) visits as many pods at 200 replicas as at 20', async () => {
		const small = await visitsForOnePodEvent(20, 'details', undefined, true);
		const large = await visitsForOnePodEvent(200, 'details', undefined, true);
		expect(large.pods - small.pods).toBe(180);
		expect(large.visits).toBe(small.visits);
		expect(small.visits).toBeGreaterThan(0);
		expect(small.visits).toBeLessThan(40);
	}, 60_000);

	it('a productpage pod event makes the ReplicaSet controller read no more pods at 200 replicas than at 20', async () => {
		const small = await visitsForOnePodEvent(20, 'productpage', CONTROLLER_UID_INDEX);
		const large = await visitsForOnePodEvent(200, 'productpage', CONTROLLER_UID_INDEX);
		// Its status counts come from the pod handler; the pods are listed only to pick victims.
		expect(large.visits).toBe(small.visits);
		expect(small.visits).toBeLessThan(3);
	}, 60_000);
});
