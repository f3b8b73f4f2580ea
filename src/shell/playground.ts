/**
 * One playground: a cluster on a given runtime, the shell that drives it, and the scenario it
 * boots with. The page, the headless CLI and the tests all start here, so they behave alike.
 */
import { createCluster, type SimCluster } from '../mesh/cluster/create.ts';
import { connectKindNetwork } from '../mesh/cluster/kind-network.ts';
import { WORKER_COUNT, workerNames } from '../mesh/cluster/nodes.ts';
import type { Cluster } from '../mesh/cluster.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { Command, CommandIO } from './command.ts';
import type { History } from './history.ts';
import type { VisualEditor } from './visual-editor.ts';
import { helmCommand } from './helm/index.ts';
import { opensslCommand } from './openssl/index.ts';
import { curlCommand } from './curl/index.ts';
import { istioctlCommand } from './istioctl/index.ts';
import { kubectlCommand } from './kubectl/index.ts';
import { SAMPLE_FILES } from './samples/index.ts';
import { createShellSession, type ShellSession } from './session.ts';
import { createVfs } from './vfs-impl.ts';
import { saveKubeconfig } from './kubectl/kubeconfig.ts';
import { kindClusters, kindKubeconfig, linkClocks } from './multicluster.ts';

/** What the cluster holds before the first command. */
export type Scenario = 'empty' | 'bookinfo';

export const SCENARIOS: readonly Scenario[] = ['empty', 'bookinfo'];

/** `bookinfo`: what the page boots with — Istio's Bookinfo and the curl client in `default`. */
const SCENARIO_SETUP: Record<Scenario, readonly string[]> = {
	empty: [],
	bookinfo: [
		'kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml',
		'kubectl apply -f samples/curl/curl.yaml'
	]
};

export interface PlaygroundOptions {
	readonly runtime: Runtime;
	readonly seed?: number;
	/** Which restart of the page's cluster this is: salts trace ids (ClusterOptions.generation). */
	readonly generation?: number;
	readonly scenario?: Scenario;
	/** Worker nodes, named as kind names them (default 2; callers bound it: WORKER_COUNT). */
	readonly workers?: number;
	/**
	 * A second kind cluster's runtime: the playground then boots `cluster1` (on `runtime`) and
	 * `cluster2` (on this one), each with `workers` workers, for Istio's multicluster pages
	 * (multicluster.ts). Its scenario must be `empty`.
	 */
	readonly secondRuntime?: Runtime;
	/** More commands (kubectl is always there); istioctl joins with the ambient issue. */
	readonly commands?: readonly Command[];
	/** The shell's history (the page passes one kept in localStorage). */
	readonly history?: History;
	/** The page's Editor pane, where `vi FILE` (and `kubectl edit`) edits. */
	readonly visualEditor?: VisualEditor;
	/**
	 * Wait until the scenario's pods (and kube-system's) have settled before returning (default).
	 * The page passes false: it paints its prompt while kind's own pods start, and its first
	 * command waits for the deploy that follows, which settles.
	 */
	readonly settle?: boolean;
}

export interface Playground {
	/** The first cluster; with two, disposing it disposes both. */
	readonly cluster: Cluster;
	readonly shell: ShellSession;
	/** With two clusters: each by its kubeconfig context (`kind-cluster1`), in creation order. */
	readonly clusters?: ReadonlyMap<string, Cluster>;
}

const silent: CommandIO = { stdin: '', stdout: () => {}, stderr: () => {} };

export async function createPlayground(options: PlaygroundOptions): Promise<Playground> {
	if (options.secondRuntime) return createMulticlusterPlayground(options, options.secondRuntime);
	const cluster = await createCluster({
		seed: options.seed ?? 1,
		runtime: options.runtime,
		crypto: globalThis.crypto,
		...(options.workers !== undefined ? { nodes: workerNames(options.workers) } : {}),
		...(options.generation ? { generation: options.generation } : {})
	});
	const shell = createShellSession({
		cluster,
		vfs: createVfs(SAMPLE_FILES),
		commands: shellCommands(options),
		...(options.history ? { history: options.history } : {}),
		...(options.visualEditor ? { visualEditor: options.visualEditor } : {})
	});
	await deployScenario({ cluster, shell }, options.scenario ?? 'bookinfo', options.settle ?? true);
	return { cluster, shell };
}

function shellCommands(options: PlaygroundOptions): Command[] {
	return [
		kubectlCommand,
		istioctlCommand,
		helmCommand,
		opensslCommand,
		curlCommand,
		...(options.commands ?? [])
	];
}

/**
 * `kind create cluster --name cluster1`, then `--name cluster2`: two clusters on their own
 * runtimes, one clock, and a kubeconfig naming both (multicluster.ts).
 */
async function createMulticlusterPlayground(
	options: PlaygroundOptions,
	secondRuntime: Runtime
): Promise<Playground> {
	if ((options.scenario ?? 'bookinfo') !== 'empty')
		throw new Error('two clusters start with the empty scenario');
	const kind = kindClusters(2);
	const workers = options.workers ?? WORKER_COUNT.default;
	const created: SimCluster[] = [];
	let firstNodeHost = 2;
	for (const [i, k] of kind.entries()) {
		created.push(
			await createCluster({
				// Independent clusters draw independent names: cluster2 has a seed of its own.
				seed: (options.seed ?? 1) + i,
				runtime: i === 0 ? options.runtime : secondRuntime,
				crypto: globalThis.crypto,
				name: k.name,
				nodes: workerNames(workers, k.name),
				firstNodeHost,
				...(options.generation ? { generation: options.generation } : {})
			})
		);
		firstNodeHost += workers + 1;
	}
	// One docker network: each istiod can read the other cluster through a remote secret.
	connectKindNetwork(created);
	const linked = linkClocks(created);
	const first = linked[0] as Cluster;
	const vfs = createVfs(SAMPLE_FILES);
	saveKubeconfig(vfs, kindKubeconfig(kind));
	const shell = createShellSession({
		cluster: first,
		clusters: new Map(kind.map((k, i) => [k.server, linked[i] as Cluster])),
		vfs,
		commands: shellCommands(options),
		...(options.history ? { history: options.history } : {}),
		...(options.visualEditor ? { visualEditor: options.visualEditor } : {})
	});
	if (options.settle ?? true) for (const c of linked) await c.settle();
	return {
		cluster: first,
		shell,
		clusters: new Map(kind.map((k, i) => [k.context, linked[i] as Cluster]))
	};
}

/** Runs a scenario's setup commands silently; rejects with the failing command's errors. */
export async function deployScenario(
	playground: Playground,
	scenario: Scenario,
	settle = true
): Promise<void> {
	for (const line of SCENARIO_SETUP[scenario]) {
		const errors: string[] = [];
		const code = await playground.shell.execute(line, { ...silent, stderr: (t) => errors.push(t) });
		if (code !== 0) throw new Error(`scenario setup failed: ${line}\n${errors.join('')}`);
	}
	if (settle) await playground.cluster.settle();
}
