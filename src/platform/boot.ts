/**
 * Boots the page's playground: the worker runtime (a node's workload pods sharing a Web Worker
 * with its ztunnel, system pods a worker each; `?packing=` chooses otherwise) or, for step mode, the in-process runtime (every pod in
 * the page's main thread on a virtual clock), the cluster with Bookinfo and curl deployed into
 * `default`, and the shell's pty for the terminal.
 */
import { createPlayground, deployScenario, type Playground } from '../shell/playground.ts';
import { createHistory, type HistoryOptions } from '../shell/history.ts';
import { portForwardsOf, type PortForwardRegistry } from '../shell/port-forward-registry.ts';
import { createPty, type PtySession, type ShellPty } from '../shell/pty.ts';
import type { VisualEditor } from '../shell/visual-editor.ts';
import type { Cluster } from '../mesh/cluster.ts';
import type { Runtime, RuntimeKind } from '../mesh/runtime/runtime.ts';
import type { InProcessRuntime } from '../mesh/runtime/in-process.ts';
import { browserYield, createBrowserWorkerRuntime } from './browser-workers.ts';
import { DEFAULT_PACKING, isPacking, PACKINGS, type Packing } from './worker-packing.ts';

export interface BootedPlayground {
	readonly cluster: Cluster;
	/** With `?clusters=2`: each cluster by its kubeconfig context, in creation order. */
	readonly clusters?: ReadonlyMap<string, Cluster>;
	readonly pty: ShellPty;
	readonly runtimeKind: RuntimeKind;
	/** Settles once the Bookinfo sample is deployed and Ready (or failed to deploy). */
	readonly deployed: Promise<void>;
	/**
	 * Runs a command line in the terminal's shell without the terminal (the editor's Apply runs
	 * `kubectl apply -f -` so its output is exactly kubectl's); stdout and stderr interleaved.
	 */
	run(source: string, stdin?: string): Promise<CommandRun>;
	/** Local ports `kubectl port-forward` listens on: what the page's browser tab connects to. */
	readonly portForwards: PortForwardRegistry;
	/** The terminal closes: background jobs get SIGHUP (before the cluster stops, on restart). */
	hangup(): void;
}

export interface CommandRun {
	readonly output: string;
	readonly exitCode: number;
}

// Short lines: the terminal is about 50 columns wide in an 800x600 embed.
const WHERE: Record<RuntimeKind, readonly string[]> = {
	workers: ['"default"; each pod is a Web Worker, and traffic'],
	inprocess: [
		'"default"; every pod runs in this page on a virtual',
		'clock you can pause (the Step tab), and traffic'
	]
};
/**
 * What is installed, said only when it is true for as long as the banner is on screen: a lesson
 * (deep link, Restart mesh in a lesson) sets the cluster up right after this prints.
 */
const STATE: Record<'sandbox' | 'lesson', readonly string[]> = {
	sandbox: ['Istio is not installed yet.'],
	lesson: ['The lesson sets the cluster up for its step:', 'the lesson pane says what is there.']
};
const BANNER_REST = [
	'',
	'Try:  kubectl get pods -o wide',
	'      istioctl install --set profile=ambient -y',
	'      kubectl label namespace default \\',
	'        istio.io/dataplane-mode=ambient',
	"Type 'help' for the available commands.",
	''
];
/** Two clusters: nothing is deployed, and the kubeconfig names both. */
const MULTICLUSTER_BANNER = [
	'\x1b[1mMesh Playground\x1b[0m: two simulated kind clusters,',
	'cluster1 and cluster2, running in this tab, on',
	'networks of their own. Both are empty; Istio is not',
	'installed. kubectl, istioctl and helm take --context',
	'(kind-cluster1, kind-cluster2; kind left kind-cluster2',
	'current).',
	'',
	'Try:  kubectl config get-contexts',
	'      kubectl --context=kind-cluster1 get nodes',
	"Type 'help' for the available commands.",
	''
];

export const banner = (kind: RuntimeKind, lesson = false, clusters = 1): string =>
	clusters > 1
		? MULTICLUSTER_BANNER.join('\r\n')
		: [
				'\x1b[1mMesh Playground\x1b[0m: a simulated Kubernetes cluster',
				'running in this tab. Bookinfo and a curl pod run in',
				...WHERE[kind],
				'between them is real HTTP on a simulated network.',
				...STATE[lesson ? 'lesson' : 'sandbox'],
				...BANNER_REST
			].join('\r\n');

/**
 * The terminal is usable as soon as the (empty) cluster exists: Bookinfo deploys in the
 * background, its pods appear in the nodes view as they start, and a command typed meanwhile
 * runs once the deployment is done (the terminal shows it busy until then).
 */
/** Two clusters deploy nothing: their kind add-ons start (the one-cluster boot settles in deployScenario). */
async function settleAll(playground: Playground): Promise<void> {
	for (const cluster of playground.clusters?.values() ?? []) await cluster.settle();
}

function afterPaint(): Promise<void> {
	return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export interface BootOptions {
	/** Where the shell's history is loaded from and saved to (the page: localStorage). */
	readonly history?: HistoryOptions;
	/** Wraps the session the terminal drives (the lesson engine records commands this way). */
	readonly wrapSession?: (session: PtySession) => PtySession;
	/** `workers` (the default) or `inprocess`, which step mode needs. */
	readonly runtime?: RuntimeKind;
	/** Which start of the page's cluster this is (0 first): restarts get new trace ids. */
	readonly generation?: number;
	/** A lesson is open and will set the cluster up: the banner does not say Istio is absent. */
	readonly lesson?: boolean;
	/** Worker nodes to start with (`?workers=`); default 2. */
	readonly workers?: number;
	/** Kind clusters to start with (`?clusters=2`: cluster1 and cluster2, both empty); default 1. */
	readonly clusters?: number;
	/** A line the terminal shows under the banner (e.g. why `?workers=` was not used). */
	readonly notice?: string;
	/** Which pods share a worker (worker-packing.ts); `?packing=` when absent, else `agent`. */
	readonly packing?: Packing;
	/** The page's Editor pane, where `vi FILE` and `kubectl edit` edit (shell/visual-editor.ts). */
	readonly visualEditor?: VisualEditor;
}

/** `?packing=node` (or `per-pod`, `agent`); another value leaves the default, and the terminal says why. */
function packingParam(): { packing?: Packing; notice?: string } {
	const value = new URLSearchParams(globalThis.location?.search ?? '').get('packing');
	if (value === null) return {};
	if (isPacking(value)) return { packing: value };
	// Printable ASCII only: the value comes from any link and lands in the terminal.
	const shown = value.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
	return {
		notice: `?packing=: unknown packing "${shown}": must be ${PACKINGS.join(', ')}; starting with ${DEFAULT_PACKING}.`
	};
}

/** The in-process runtime and the app programs load only when asked for (`?runtime=inprocess`). */
async function createRuntime(
	kind: RuntimeKind,
	packing?: Packing,
	/** A second cluster's in-process runtime shares the first's event loop (kind's docker network). */
	joins?: Runtime
): Promise<Runtime> {
	if (kind === 'workers') return createBrowserWorkerRuntime(packing ? { packing } : undefined);
	const [{ createInProcessRuntime }, { programFor }, { KIND_CNI_CHAIN }] = await Promise.all([
		import('../mesh/runtime/in-process.ts'),
		import('../mesh/apps/registry.ts'),
		import('../mesh/cni/kind-node.ts')
	]);
	return createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor,
		cniChain: KIND_CNI_CHAIN,
		yieldToHost: browserYield,
		...(joins?.kind === 'inprocess' ? { joins: joins as InProcessRuntime } : {})
	});
}

export async function bootPlayground(options: BootOptions = {}): Promise<BootedPlayground> {
	const runtimeKind = options.runtime ?? 'workers';
	const param = options.packing || runtimeKind !== 'workers' ? {} : packingParam();
	const packing = options.packing ?? param.packing;
	const multicluster = (options.clusters ?? 1) > 1;
	const runtime = await createRuntime(runtimeKind, packing);
	const playground = await createPlayground({
		runtime,
		...(multicluster ? { secondRuntime: await createRuntime(runtimeKind, packing, runtime) } : {}),
		seed: 1,
		generation: options.generation ?? 0,
		scenario: 'empty',
		settle: false,
		...(options.workers !== undefined ? { workers: options.workers } : {}),
		history: createHistory(options.history),
		...(options.visualEditor ? { visualEditor: options.visualEditor } : {})
	});
	let failure: string | undefined;
	// Deploy after the terminal has painted its prompt: applying manifests keeps the main thread
	// busy for a moment, and the learner should see a live terminal first.
	const deployed = afterPaint()
		.then(() => (multicluster ? settleAll(playground) : deployScenario(playground, 'bookinfo')))
		.catch((e: unknown) => {
			failure = e instanceof Error ? e.message : String(e);
		});
	const shell = playground.shell;
	const base: PtySession = {
		async execute(source, io, options) {
			await deployed;
			if (failure) io.stderr(`warning: the Bookinfo sample did not deploy: ${failure}\n`);
			return shell.execute(source, io, options);
		},
		complete: (line, cursor) => shell.complete(line, cursor),
		history: shell.history,
		// Background jobs (`kubectl port-forward … &`) write to the terminal whenever they print.
		onJobOutput: (listener) => shell.onJobOutput(listener),
		jobNotices: () => shell.jobNotices()
	};
	const session = options.wrapSession?.(base) ?? base;
	const notice = [options.notice, param.notice]
		.filter((n) => n !== undefined)
		.map((n) => `\x1b[33m${n}\x1b[0m\r\n`)
		.join('');
	const pty = createPty(session, {
		banner: banner(runtimeKind, options.lesson, options.clusters) + notice
	});
	const run = async (source: string, stdin = ''): Promise<CommandRun> => {
		let output = '';
		const write = (t: string): void => void (output += t);
		const exitCode = await session.execute(source, { stdin, stdout: write, stderr: write });
		return { output, exitCode };
	};
	return {
		cluster: playground.cluster,
		...(playground.clusters ? { clusters: playground.clusters } : {}),
		pty,
		runtimeKind,
		deployed,
		run,
		portForwards: portForwardsOf(playground.cluster),
		hangup: () => shell.hangup()
	};
}
