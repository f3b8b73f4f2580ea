/**
 * What a large scale-up costs the page thread: `kubectl scale deploy/productpage-v1
 * --replicas=10000` on the in-process runtime (the whole cluster on this thread, as the page's
 * step mode has it). The longest synchronous block is the widest gap between two ticks of a
 * setImmediate loop running beside it: how long a keypress (Ctrl-C) could have waited.
 */
import { performance } from 'node:perf_hooks';
import { PODS } from '../../src/mesh/api/builtin-resources.ts';
import type { Pod } from '../../src/mesh/api/objects.ts';
import type { SimCluster } from '../../src/mesh/cluster/create.ts';
import { playground } from '../support/playground.ts';

export interface ScaleFigures {
	/** Wall ms until `kubectl scale` returned. */
	readonly commandMs: number;
	/** The widest gap between two macrotask ticks while scaling. */
	readonly longestBlockMs: number;
	/** Pods made per wall second, from the command to the last pass. */
	readonly podsPerSecond: number;
}

export async function scaleFigures(replicas = 10_000): Promise<ScaleFigures> {
	const pg = await playground('inprocess', 'bookinfo', 1);
	const cluster = pg.cluster as SimCluster;
	const count = (): number => (cluster.api.list(PODS, {}) as unknown[]).length;
	const before = count();
	let last = performance.now();
	let longest = 0;
	let ticking = true;
	const tick = (): void => {
		const t = performance.now();
		longest = Math.max(longest, t - last);
		last = t;
		if (ticking) setImmediate(tick);
	};
	setImmediate(tick);
	const started = performance.now();
	await pg.shell.execute(`kubectl scale deploy/productpage-v1 --replicas=${replicas}`, {
		stdin: '',
		stdout: () => {},
		stderr: () => {}
	});
	const commandMs = performance.now() - started;
	await cluster.controllersIdle();
	const totalMs = performance.now() - started;
	ticking = false;
	const made = count() - before;
	await cluster.dispose();
	return { commandMs, longestBlockMs: longest, podsPerSecond: made / (totalMs / 1000) };
}

export interface AddPodsFigures {
	/** Wall ms from `kubectl scale` until every new pod is Running and Ready and the cluster settled. */
	readonly addMs: number;
	/** Process CPU ms over the same span: steadier than wall time on a shared machine. */
	readonly cpuMs: number;
	/** Pods Running and Ready at the end (the scenario's plus the added ones). */
	readonly readyPods: number;
}

/**
 * `node.scale.add400PodsMs`: Bookinfo on six worker nodes (room for 500 pods at kubelet's 110
 * each), in-process, then `kubectl scale deploy/productpage-v1 --replicas=401` until all 400
 * new pods are Ready: what every controller's work per pod event adds up to. With `ambient`
 * (`node.scale.add400PodsAmbientMs`) istiod's feed and its pushes to every ztunnel are in it too.
 */
export async function addPodsFigures(
	added = 400,
	workers = 6,
	/** Istio's ambient profile installed and `default` enrolled first (istiod pushes too). */
	ambient = false
): Promise<AddPodsFigures> {
	const pg = await playground('inprocess', 'bookinfo', 1, workers);
	const cluster = pg.cluster as SimCluster;
	const io = { stdin: '', stdout: () => {}, stderr: () => {} };
	if (ambient) {
		await pg.shell.execute('istioctl install --set profile=ambient -y', io);
		await pg.shell.execute('kubectl label namespace default istio.io/dataplane-mode=ambient', io);
		await cluster.settle();
	}
	const cpu = process.cpuUsage();
	const started = performance.now();
	await pg.shell.execute(`kubectl scale deploy/productpage-v1 --replicas=${added + 1}`, io);
	await cluster.controllersIdle();
	await cluster.settle();
	const addMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const cpuMs = (used.user + used.system) / 1000;
	const pods = cluster.api.peek(PODS, {}) as readonly Pod[];
	const readyPods = pods.filter((p) =>
		p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
	).length;
	await cluster.dispose();
	return { addMs, cpuMs, readyPods };
}
