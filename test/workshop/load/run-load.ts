/**
 * The workshop load test: hub(s) as child processes, N headless learners working at a human pace,
 * and one instructor measuring how long a learner's change takes to reach the dashboard. With two
 * instances: a Redis of its own, a load balancer in front, and instance A killed (SIGKILL) mid-run;
 * its learners must come back through the balancer to B with nothing lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisProcess } from '../../support/redis.ts';
import { startBalancer, type Balancer } from './balancer.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { InstructorProbe } from './instructor-probe.ts';
import { SimLearner } from './learner-sim.ts';

export interface LoadOptions {
	readonly learners: number;
	/** 1: one embedded hub; 2: two hubs sharing Redis behind a balancer, one killed mid-run. */
	readonly instances: 1 | 2;
	/** How long learners work (not counting joining and settling). */
	readonly durationMs: number;
	/** Mean time between one learner's actions. */
	readonly meanIntervalMs: number;
	readonly seed?: number;
	readonly log?: (line: string) => void;
}

export interface LoadResult {
	readonly learners: number;
	readonly instances: number;
	/** Progress messages the learners sent. */
	readonly events: number;
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly maxMs: number;
	/** Learner states the instructor never saw (neither that seq nor a later one): must be 0. */
	readonly lost: number;
	/** Peak resident memory of a hub process. */
	readonly hubMemoryMB: number;
	/** Learners that lost their connection, and those of them back on the dashboard at the end. */
	readonly disconnected: number;
	readonly reconnected: number;
	/** Rows the dashboard shows connected at the end (should equal `learners`). */
	readonly dashboardConnected: number;
	readonly errors: number;
	/** Progress messages whose ack never came (in flight on a killed hub); their state still arrived. */
	readonly unacked: number;
	/** Progress messages the hub acknowledged that never reached the dashboard live (stricter than `lost`). */
	readonly ackedNotSeen: number;
	readonly durationMs: number;
}

/** Small seeded generator (mulberry32), so runs act alike. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
	const end = performance.now() + ms;
	while (!done()) {
		if (performance.now() > end) return false;
		await sleep(25);
	}
	return true;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
	const log = options.log ?? (() => {});
	const rand = random(options.seed ?? 1);
	const dataDir = mkdtempSync(join(tmpdir(), 'workshop-load-'));
	const hubs: HubProcess[] = [];
	let redis: RedisProcess | undefined;
	let balancer: Balancer | undefined;
	const learners: SimLearner[] = [];
	let probe: InstructorProbe | undefined;
	const timers = new Set<NodeJS.Timeout>();
	try {
		let learnerUrl: string;
		let instructorUrl: string;
		if (options.instances === 2) {
			redis = await startRedis();
			const a = await startHubProcess(['--redis', redis.url]);
			hubs.push(a);
			hubs.push(
				await startHubProcess(['--redis', redis.url, '--code', a.code, `--secret=${a.secret}`])
			);
			balancer = await startBalancer(hubs.map((h) => Number(new URL(h.url).port)));
			learnerUrl = balancer.url;
			instructorUrl = hubs[1]!.url;
			log(
				`two hubs (pids ${hubs.map((h) => h.pid).join(', ')}) sharing ${redis.url}, balancer ${balancer.url}`
			);
		} else {
			hubs.push(await startHubProcess(['--data', dataDir]));
			learnerUrl = instructorUrl = hubs[0]!.url;
			log(`one hub (pid ${hubs[0]!.pid}) at ${learnerUrl}`);
		}
		const { code, secret } = hubs[0]!;
		const byId = new Map<string, SimLearner>();
		probe = new InstructorProbe(instructorUrl, code, secret, (id, seq) =>
			byId.get(id)?.stats.sentAt.get(seq)
		);
		await probe.ready();

		const peak = hubs.map(() => 0);
		const sampler = setInterval(
			() => hubs.forEach((h, i) => (peak[i] = Math.max(peak[i]!, h.rssMB()))),
			250
		);
		timers.add(sampler);

		for (let i = 0; i < options.learners; i++) {
			const l = new SimLearner(learnerUrl, code, i + 1, rand);
			learners.push(l);
			byId.set(l.id, l);
			if (i % 50 === 49) await sleep(50);
		}
		if (!(await until(() => learners.every((l) => l.joined), 60_000)))
			throw new Error(
				`only ${learners.filter((l) => l.joined).length} of ${learners.length} learners joined`
			);
		log(`${learners.length} learners joined; working for ${options.durationMs / 1000} s`);

		const start = performance.now();
		let working = true;
		for (const l of learners) {
			const schedule = () => {
				if (!working) return;
				const t = setTimeout(
					() => {
						timers.delete(t);
						l.act();
						schedule();
					},
					options.meanIntervalMs * (0.5 + rand())
				);
				timers.add(t);
			};
			schedule();
		}
		if (options.instances === 2) {
			await sleep(options.durationMs * 0.4);
			log(`killing hub A (pid ${hubs[0]!.pid}) with SIGKILL`);
			await hubs[0]!.kill('SIGKILL');
			await sleep(options.durationMs * 0.6);
		} else {
			await sleep(options.durationMs);
		}
		working = false;
		for (const t of timers) if (t !== sampler) clearTimeout(t);
		const durationMs = performance.now() - start;

		const p = probe;
		const caughtUp = () => learners.every((l) => l.joined && (p.seen.get(l.id) ?? -1) >= l.lastSeq);
		if (!(await until(caughtUp, 20_000)))
			log('warning: the dashboard had not caught up after 20 s');
		const snap = await p.snapshot();
		for (const row of snap.learners)
			if ((row.progress?.seq ?? -1) > (p.seen.get(row.learnerId) ?? -1))
				p.seen.set(row.learnerId, row.progress!.seq);
		clearInterval(sampler);

		const sorted = [...p.latencies].sort((x, y) => x - y);
		const round = (x: number) => Math.round(x * 100) / 100;
		const disconnected = learners.filter((l) => l.stats.disconnects > 0);
		return {
			learners: learners.length,
			instances: options.instances,
			events: learners.reduce((n, l) => n + l.stats.sentAt.size, 0),
			p50Ms: round(percentile(sorted, 50)),
			p99Ms: round(percentile(sorted, 99)),
			maxMs: round(sorted.at(-1) ?? 0),
			lost: learners.reduce((n, l) => n + Math.max(0, l.lastSeq - (p.seen.get(l.id) ?? 0)), 0),
			hubMemoryMB: round(Math.max(...peak)),
			disconnected: disconnected.length,
			reconnected: disconnected.filter((l) => l.joined && l.stats.joins > 1).length,
			dashboardConnected: snap.learners.filter((r) => r.connected).length,
			errors: learners.reduce((n, l) => n + l.stats.errors, 0) + p.errors,
			unacked: learners.reduce((n, l) => n + l.stats.timeouts, 0),
			ackedNotSeen: learners.reduce(
				(n, l) => n + l.stats.acked.filter((seq) => !p.live.has(`${l.id}:${seq}`)).length,
				0
			),
			durationMs: Math.round(durationMs)
		};
	} finally {
		for (const t of timers) clearTimeout(t);
		for (const l of learners) l.close();
		probe?.close();
		await balancer?.close();
		await Promise.all(hubs.map((h) => h.kill()));
		await redis?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}
