/**
 * What L7 costs: one Bookinfo hop (curl → details) and the whole page (curl → productpage →
 * details, reviews → ratings) with no mesh, through ambient L4 (ztunnel → ztunnel) and through
 * ambient L7 (ztunnel → waypoint → ztunnel), all in one playground so the wall-time ratios
 * compare like with like. And the modelled latency, in sim time (what `curl -w
 * "%{time_total}"` prints), for no mesh, ambient L4, ambient L7 and sidecars, to set beside the
 * published chart (reference §8: added latency sidecar L4 1 ms, L7 4 ms; ambient L4 0.5 ms,
 * L7 2 ms).
 */
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import type { Runtime } from '../../src/mesh/runtime/runtime.ts';
import { hostId, type HostId } from '../../src/mesh/types.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { type Playground, createPlayground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { inProcessRuntime } from '../support/playground.ts';
import { median } from './node-floor.ts';

const DETAILS = 'http://details:9080/details/0';
const PRODUCTPAGE = 'http://productpage:9080/productpage';

const INSTALL_AMBIENT = [
	'istioctl install --set profile=ambient --skip-confirmation',
	'kubectl label namespace default istio.io/dataplane-mode=ambient'
];
const ADD_WAYPOINT = [
	'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml',
	'istioctl waypoint apply --enroll-namespace --wait'
];
/** Out of ambient, into sidecars: injection happens when the pods are recreated. */
const TO_SIDECARS = [
	'kubectl label namespace default istio.io/use-waypoint-',
	'istioctl waypoint delete --all',
	'kubectl label namespace default istio.io/dataplane-mode-',
	'kubectl label namespace default istio-injection=enabled',
	'kubectl rollout restart deployment',
	'kubectl rollout status deployment/curl',
	'kubectl rollout status deployment/details-v1'
];

async function run(p: Playground, commands: readonly string[]): Promise<void> {
	const out = await runTranscript(commands.join('\n'), p.shell);
	if (/error|Error/.test(out)) throw new Error(`bench setup failed:\n${out}`);
}

/** The curl pod's host (the newest one, after a rollout). */
function curlHost(p: Playground): HostId {
	const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: 'default',
		labelSelector: 'app=curl'
	}) as KubeObject[];
	const live = pods.filter((x) => !x.metadata.deletionTimestamp);
	const name = live[live.length - 1]?.metadata.name;
	if (!name) throw new Error('no curl pod');
	return hostId(`default/${name}`);
}

async function curl(runtime: Runtime, p: Playground, url: string, args: string[] = []) {
	const r = await runtime.exec(
		curlHost(p),
		'curl',
		['curl', '-s', '-o', '/dev/null', ...args, url],
		''
	);
	if (r.exitCode !== 0) throw new Error(`bench request failed (exit ${r.exitCode}): ${r.stderr}`);
	return r.stdout;
}

export interface MeshStage {
	/** curl → details, median wall ms. */
	readonly hopMs: number;
	/** curl → productpage (four hops), median wall ms. */
	readonly pageMs: number;
}

export interface WaypointFigures {
	readonly plain: MeshStage;
	readonly l4: MeshStage;
	readonly l7: MeshStage;
}

/** Wall time on the worker runtime (what the browser runs), warm (pools and certs in place). */
export async function waypointFigures(requests = 20): Promise<WaypointFigures> {
	const runtime = createNodeWorkerRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const medianOf = async (url: string) => {
		for (let i = 0; i < 3; i++) await curl(runtime, p, url);
		const times: number[] = [];
		for (let i = 0; i < requests; i++) {
			const t = performance.now();
			await curl(runtime, p, url);
			times.push(performance.now() - t);
		}
		return median(times);
	};
	const stage = async (): Promise<MeshStage> => ({
		hopMs: await medianOf(DETAILS),
		pageMs: await medianOf(PRODUCTPAGE)
	});
	try {
		const plain = await stage();
		await run(p, INSTALL_AMBIENT);
		const l4 = await stage();
		await run(p, ADD_WAYPOINT);
		const l7 = await stage();
		return { plain, l4, l7 };
	} finally {
		await p.cluster.dispose();
	}
}

export interface SimLatency {
	/** `curl -w "%{time_total}"` for curl → details, warm, in sim ms. */
	readonly noMesh: number;
	readonly ambientL4: number;
	readonly ambientL7: number;
	/** Both pods with sidecars (Envoy at each end). */
	readonly sidecar: number;
}

/** The modelled latency (sim time), in-process: deterministic for the seed. */
export async function simLatencyFigures(): Promise<SimLatency> {
	const runtime = inProcessRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const timeTotal = async () => {
		await curl(runtime, p, DETAILS); // warm: certificates, pooled connections
		const out = await curl(runtime, p, DETAILS, ['-w', '%{time_total}']);
		return Number(out.trim()) * 1000;
	};
	try {
		const noMesh = await timeTotal();
		await run(p, INSTALL_AMBIENT);
		const ambientL4 = await timeTotal();
		await run(p, ADD_WAYPOINT);
		const ambientL7 = await timeTotal();
		await run(p, TO_SIDECARS);
		const sidecar = await timeTotal();
		return { noMesh, ambientL4, ambientL7, sidecar };
	} finally {
		await p.cluster.dispose();
	}
}
