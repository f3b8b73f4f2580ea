/**
 * Where a warm meshed request's own CPU goes, with no thread on the path: curl → productpage
 * (→ details, reviews → ratings) in-process, with and without the ambient mesh, on the Node
 * edges' AES-GCM (node-crypto.ts), as `ambientFigures` sets it up (Bookinfo, seed 1, then
 * `istioctl install --set profile=ambient` and `istio.io/dataplane-mode=ambient` on default).
 *
 *   npx tsx scripts/profile-mesh.ts [--warm 8000] [--batch 500] [--rounds 6]
 *     [--tree DIR ...] [--profile DIR] [--top 40]
 *
 * Each `--tree` is a checkout of this repository (default: this one); its modules are imported
 * by path, so two trees (old and new code) run in one process, their batches alternated, and
 * the ratio of their CPU per request is read on the same machine load. Every tree gets a plain
 * and a meshed playground; after `--warm` requests each (the JIT settles after 5,000–8,000),
 * `--rounds` rounds run a `--batch` of requests on each playground in turn and print process
 * CPU µs per request (user + system).
 *
 * `--profile DIR` (one tree) then takes V8 CPU profiles (node:inspector, after the warm-up, so
 * the JIT's tail is not in them) of a batch on each playground, writes `plain.cpuprofile` and
 * `mesh.cpuprofile` to DIR (DevTools opens them) and prints the top self-time functions and
 * source files of each, then samples a batch's allocations (V8's sampling heap profiler, objects
 * the GC already collected included; `.heapprofile` beside) and prints the bytes per request by
 * allocating function.
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
	options: {
		warm: { type: 'string', default: '8000' },
		batch: { type: 'string', default: '500' },
		rounds: { type: 'string', default: '6' },
		tree: { type: 'string', multiple: true },
		profile: { type: 'string' },
		top: { type: 'string', default: '40' }
	}
});
const WARM = Number(values.warm);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);
const TOP = Number(values.top);
const trees = (values.tree ?? [resolve(import.meta.dirname, '..')]).map((t) => resolve(t));

const CURL_PRODUCTPAGE = ['curl', '-s', '-o', '/dev/null', 'http://productpage:9080/productpage'];
const MESH_ON =
	'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient';

interface Subject {
	readonly name: string;
	readonly request: () => Promise<void>;
	readonly cpuUs: number[];
}

/** A plain and a meshed in-process Bookinfo, built from `tree`'s modules. */
async function subjects(tree: string, label: string): Promise<Subject[]> {
	const load = (path: string) => import(join(tree, path));
	const { createInProcessRuntime } = await load('src/mesh/runtime/in-process.ts');
	const { programFor } = await load('src/mesh/apps/registry.ts');
	const { KIND_CNI_CHAIN } = await load('src/mesh/cni/kind-node.ts');
	const { nodeDrain, nodeYield } = await load('src/platform/node/node-yield.ts');
	const { nodeCrypto } = await load('src/platform/node/node-crypto.ts');
	const { createPlayground } = await load('src/shell/playground.ts');
	const { runTranscript } = await load('src/shell/transcript.ts');
	const { hostId } = await load('src/mesh/types.ts');
	const make = async (mesh: boolean): Promise<Subject> => {
		const runtime = createInProcessRuntime({
			crypto: nodeCrypto(),
			programFor,
			cniChain: KIND_CNI_CHAIN,
			yieldToHost: nodeYield,
			betweenEvents: nodeDrain
		});
		const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
		if (mesh) await runTranscript(MESH_ON, p.shell);
		const api = p.cluster.api;
		const [pod] = api.list(api.resolve('pods'), {
			namespace: 'default',
			labelSelector: 'app=curl'
		}) as { metadata: { name: string } }[];
		if (!pod) throw new Error('no curl pod');
		const curl = hostId(`default/${pod.metadata.name}`);
		return {
			name: `${label} ${mesh ? 'mesh ' : 'plain'}`,
			request: async () => {
				const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
				if (r.exitCode !== 0) throw new Error(`request failed: ${r.stderr}`);
			},
			cpuUs: []
		};
	};
	return [await make(false), await make(true)];
}

async function run(s: Subject, n: number): Promise<void> {
	for (let i = 0; i < n; i++) await s.request();
}

async function timedBatch(s: Subject): Promise<void> {
	const cpu0 = process.cpuUsage();
	await run(s, BATCH);
	const cpu = process.cpuUsage(cpu0);
	s.cpuUs.push((cpu.user + cpu.system) / BATCH);
}

function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples?: number[];
	timeDeltas?: number[];
}

/** Self time per function and per file, as shares of all samples. */
function summarise(profile: Profile, root: string): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	let total = 0;
	for (let i = 0; i < samples.length; i++) {
		const id = samples[i] as number;
		const d = deltas[i] ?? 0;
		self.set(id, (self.get(id) ?? 0) + d);
		total += d;
	}
	const fns = new Map<string, number>();
	const files = new Map<string, number>();
	for (const [id, t] of self) {
		const f = byId.get(id)?.callFrame;
		if (!f) continue;
		const url = f.url.replace(`file://${root}/`, '');
		const fn = `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
		fns.set(fn, (fns.get(fn) ?? 0) + t);
		const file = url || f.functionName;
		files.set(file, (files.get(file) ?? 0) + t);
	}
	const top = (m: Map<string, number>) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, TOP)
			.map(([k, t]) => `  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)
			.join('\n');
	return `functions (self):\n${top(fns)}\nfiles (self):\n${top(files)}`;
}

interface AllocationNode {
	callFrame: ProfileNode['callFrame'];
	selfSize: number;
	children: AllocationNode[];
}

/** Sampled bytes allocated per request, by allocating function (self). */
function allocations(head: AllocationNode, root: string): string {
	const by = new Map<string, number>();
	let total = 0;
	const walk = (n: AllocationNode) => {
		const f = n.callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.replace(`file://${root}/`, '')}:${f.lineNumber + 1}`;
		by.set(key, (by.get(key) ?? 0) + n.selfSize);
		total += n.selfSize;
		for (const c of n.children) walk(c);
	};
	walk(head);
	const top = [...by]
		.sort((a, b) => b[1] - a[1])
		.slice(0, TOP)
		.map(([k, b]) => `  ${(b / BATCH).toFixed(0).padStart(7)} B  ${k}`)
		.join('\n');
	return `allocated per request (sampled): ${(total / BATCH / 1024).toFixed(1)} KB\n${top}`;
}

const all: Subject[] = [];
for (const [i, tree] of trees.entries()) all.push(...(await subjects(tree, `tree${i}`)));
for (const s of all) {
	const t = performance.now();
	await run(s, WARM);
	console.log(
		`${s.name}: ${WARM} warm-up requests in ${((performance.now() - t) / 1000).toFixed(1)} s`
	);
}

if (values.profile) {
	const dir = resolve(values.profile);
	mkdirSync(dir, { recursive: true });
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 100 });
	for (const s of all) {
		await session.post('Profiler.start');
		await run(s, BATCH);
		const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
		const file = join(dir, `${s.name.trim().replace(/\s+/g, '-')}.cpuprofile`);
		writeFileSync(file, JSON.stringify(profile));
		console.log(`\n== ${s.name} (${file})\n${summarise(profile, trees[0] as string)}`);
		// Where the batch allocates (every object, collected or not): what the GC share comes from.
		await session.post('HeapProfiler.startSampling', {
			samplingInterval: 512,
			includeObjectsCollectedByMajorGC: true,
			includeObjectsCollectedByMinorGC: true
		});
		await run(s, BATCH);
		const { profile: heap } = (await session.post('HeapProfiler.stopSampling')) as {
			profile: { head: AllocationNode };
		};
		writeFileSync(file.replace(/cpuprofile$/, 'heapprofile'), JSON.stringify(heap));
		console.log(allocations(heap.head, trees[0] as string));
	}
	session.disconnect();
} else {
	for (let r = 0; r < ROUNDS; r++) {
		// Rotated, so no subject always runs right after the same other one.
		for (let k = 0; k < all.length; k++) await timedBatch(all[(r + k) % all.length] as Subject);
	}
	for (const s of all)
		console.log(
			`${s.name}: ${median(s.cpuUs).toFixed(0)} µs CPU per request (batches ${s.cpuUs.map((x) => x.toFixed(0)).join(', ')})`
		);
	for (let i = 0; i < trees.length; i++) {
		const [plain, mesh] = [all[2 * i], all[2 * i + 1]] as [Subject, Subject];
		console.log(
			`tree${i} ${trees[i]}: mesh / plain ${(median(mesh.cpuUs) / median(plain.cpuUs)).toFixed(2)}×`
		);
	}
	if (trees.length > 1) {
		const ratios = (k: number) =>
			all[k]!.cpuUs.map((x, j) => x / (all[k - 2]?.cpuUs[j] ?? NaN)).filter(Number.isFinite);
		for (let i = 1; i < trees.length; i++)
			for (const [k, what] of [
				[2 * i, 'plain'],
				[2 * i + 1, 'mesh']
			] as const)
				console.log(
					`tree${i} / tree${i - 1} ${what}: median of per-round ratios ${median(ratios(k)).toFixed(2)}×`
				);
	}
}
process.exit(0);
