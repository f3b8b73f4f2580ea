/**
 * istiod's watch: the running istiod is sent the full list once, then only watch events, and
 * the caches it builds from them hold what the API server holds (the snapshot the old feed sent
 * whole on every change).
 */
import { describe, expect, it } from 'vitest';
import type { SimCluster } from '../../../src/mesh/cluster/create.ts';
import {
	InformerCache,
	parseInformerMessage,
	type InformerMessage
} from '../../../src/mesh/istiod/informer-cache.ts';
import { readClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import { createPlayground } from '../../../src/shell/playground.ts';
import { inProcessRuntime } from '../../support/playground.ts';

const silent = { stdin: '', stdout: () => {}, stderr: () => {} };

describe('istiod feed', () => {
	it('sends a list, then events that keep istiod’s caches equal to the API server', async () => {
		const runtime = inProcessRuntime();
		const sent: InformerMessage[] = [];
		const control = runtime.control.bind(runtime);
		runtime.control = (id, container, message) => {
			const m = container === 'discovery' ? parseInformerMessage(message) : undefined;
			if (m) sent.push(structuredClone(m));
			return control(id, container, message);
		};
		const pg = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
		const cluster = pg.cluster as SimCluster;
		try {
			for (const command of [
				'istioctl install --set profile=ambient -y',
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				'kubectl scale deploy/productpage-v1 --replicas=4',
				'kubectl label pod -l app=ratings tier=backend',
				'kubectl delete pod -l app=details',
				'kubectl create namespace extra'
			]) {
				await pg.shell.execute(command, silent);
				await cluster.settle();
			}
			const lists = sent.filter((m) => m.type === 'list');
			expect(lists).toHaveLength(1);
			expect(sent[0]?.type).toBe('list');
			const listed = lists[0]?.type === 'list' ? lists[0].objects.length : 0;
			// Every later message carries only what changed since the one before.
			const events = sent.slice(1);
			expect(events.length).toBeGreaterThan(5);
			for (const m of events) {
				if (m.type !== 'events') throw new Error('expected events');
				expect(m.upserts.length + m.deletes.length).toBeLessThan(listed);
			}
			const cache = new InformerCache();
			for (const m of sent) cache.apply(m);
			expect(cache.snapshot()).toEqual(readClusterSnapshot(cluster.api));
		} finally {
			await cluster.dispose();
		}
	}, 60_000);
});
