/**
 * Issue 18 (red team), High: `kubectl scale deploy/productpage-v1 --replicas=10000` held the page
 * thread for minutes, so Ctrl-C could not be delivered. Now the ReplicaSet controller makes at
 * most `burstReplicas` (500) pods per pass and yields to the host between passes: `kubectl scale`
 * returns at once, a command typed meanwhile is answered, and Ctrl-C ends a running `sleep`.
 * No wall-clock asserts: what is counted is pods per macrotask and what the user sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS } from '../../src/mesh/api/builtin-resources.ts';
import type { Pod } from '../../src/mesh/api/objects.ts';
import type { SimCluster } from '../../src/mesh/cluster/create.ts';
import { slowStartBatch } from '../../src/mesh/cluster/replicaset-manage.ts';
import type { Playground } from '../../src/shell/playground.ts';
import { nodeYield } from '../support/node-yield.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;
let cluster: SimCluster;

beforeAll(async () => {
	pg = await playground('inprocess', 'bookinfo', 1);
	cluster = pg.cluster as SimCluster;
});

afterAll(async () => {
	await pg.cluster.dispose();
});

async function run(source: string, signal?: AbortSignal) {
	let out = '';
	let err = '';
	const code = await pg.shell.execute(
		source,
		{ stdin: '', stdout: (t) => (out += t), stderr: (t) => (err += t) },
		signal ? { signal } : {}
	);
	return { code, out, err };
}

const productpagePods = (): Pod[] =>
	(cluster.api.list(PODS, { namespace: 'default', labelSelector: 'app=productpage' }) as Pod[]) ??
	[];

/** Counts pods created within each macrotask turn (between two setImmediate ticks). */
function podsPerTurn(): { max(): number; stop(): void } {
	let current = 0;
	let max = 0;
	let running = true;
	const unwatch = cluster.api.watch((e) => {
		if (e.type === 'ADDED' && e.resource.kind === 'Pod') max = Math.max(max, ++current);
	});
	const tick = (): void => {
		current = 0;
		if (running) setImmediate(tick);
	};
	setImmediate(tick);
	return {
		max: () => max,
		stop() {
			running = false;
			unwatch();
		}
	};
}

describe('slowStartBatch (kube controller utils)', () => {
	it('runs batches of 1, 2, 4, … and skips the rest after a batch with a failure', () => {
		const calls: number[] = [];
		expect(slowStartBatch(10, 1, () => (calls.push(calls.length), true))).toBe(10);
		expect(calls).toHaveLength(10);
		let n = 0;
		// The 4th call fails: it is in the batch of 4 (calls 4–7); batches of 8+ never run.
		expect(slowStartBatch(500, 1, () => ++n !== 4)).toBe(6);
		expect(n).toBe(7);
	});
});

describe('kubectl scale deploy/productpage-v1 --replicas=10000', () => {
	it('returns at once, answers commands and Ctrl-C meanwhile, and makes ≤ 500 pods per pass', async () => {
		const perTurn = podsPerTurn();
		try {
			const scaled = await run('kubectl scale deploy/productpage-v1 --replicas=10000');
			expect(scaled).toMatchObject({ code: 0, out: 'deployment.apps/productpage-v1 scaled\n' });
			// The command returned with the scale-up under way, as real kubectl does.
			expect(productpagePods().length).toBeLessThan(10_000);

			// A command typed now is answered before the scale-up finishes.
			const got = await run('kubectl get deploy productpage-v1');
			expect(got.code).toBe(0);
			expect(got.out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nproductpage-v1\s+/);
			expect(productpagePods().length).toBeLessThan(10_000);

			// Ctrl-C reaches a running command: an endless loop started now is aborted from a
			// macrotask once more pods appeared, and ends with 130 while the scale-up goes on.
			const ctrlC = new AbortController();
			let added = 0;
			const unwatch = cluster.api.watch((e) => {
				if (e.type !== 'ADDED' || e.resource.kind !== 'Pod') return;
				if (++added === 1000) setImmediate(() => ctrlC.abort());
			});
			const looped = await run('while true; do sleep 1; done', ctrlC.signal);
			unwatch();
			expect(ctrlC.signal.aborted).toBe(true);
			expect(looped.code).toBe(130);
			expect(productpagePods().length).toBeLessThan(10_000);

			await cluster.controllersIdle();
			await cluster.settle();
			const pods = productpagePods();
			expect(pods).toHaveLength(10_000);
			expect(perTurn.max()).toBeGreaterThan(0);
			expect(perTurn.max()).toBeLessThanOrEqual(500);
			// Past the nodes' 110-pod capacity they wait Pending with the scheduler's reason.
			const pending = pods.filter((p) => !p.spec.nodeName);
			expect(pending.length).toBeGreaterThan(9_000);
			expect(pending[0]?.status?.conditions?.[0]).toMatchObject({
				type: 'PodScheduled',
				reason: 'Unschedulable'
			});
			expect(cluster.errors()).toEqual([]);
		} finally {
			perTurn.stop();
		}
	}, 300_000);

	it('scales back down in bursts too, and every pod past the replicas goes', async () => {
		const perTurn = podsPerTurn();
		let deleted = 0;
		let current = 0;
		const unwatch = cluster.api.watch((e) => {
			if (e.type === 'DELETED' && e.resource.kind === 'Pod') deleted = Math.max(deleted, ++current);
		});
		const tick = (): void => {
			current = 0;
			if (!done) setImmediate(tick);
		};
		let done = false;
		setImmediate(tick);
		try {
			const r = await run('kubectl scale deploy/productpage-v1 --replicas=1');
			expect(r.code).toBe(0);
			await cluster.controllersIdle();
			await cluster.settle();
			expect(productpagePods()).toHaveLength(1);
			expect(deleted).toBeGreaterThan(0);
			expect(deleted).toBeLessThanOrEqual(500);
			const ready = await run('kubectl get deploy productpage-v1');
			expect(ready.out).toMatch(/productpage-v1\s+1\/1\s+1\s+1\s/);
		} finally {
			done = true;
			unwatch();
			perTurn.stop();
		}
	}, 300_000);
});

describe('a small scale still settles before the command returns', () => {
	it('kubectl scale to 3 then get pods shows 3 Running pods', async () => {
		expect((await run('kubectl scale deploy/ratings-v1 --replicas=3')).code).toBe(0);
		const r = await run('kubectl get pods -l app=ratings --no-headers');
		const lines = r.out.trim().split('\n');
		expect(lines).toHaveLength(3);
		for (const l of lines) expect(l).toMatch(/\s1\/1\s+Running\s/);
		await nodeYield();
	});
});
