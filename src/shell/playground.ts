/**
 * One playground: a cluster on a given runtime, the shell that drives it, and the scenario it
 * boots with. The page, the headless CLI and the tests all start here, so they behave alike.
 */
import { createCluster } from '../mesh/cluster/create.ts';
import { workerNames } from '../mesh/cluster/nodes.ts';
import type { Cluster } from '../mesh/cluster.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { Command, CommandIO } from './command.ts';
import type { History } from './history.ts';
import { helmCommand } from './helm/index.ts';
import { opensslCommand } from './openssl/index.ts';
import { curlCommand } from './curl/index.ts';
import { istioctlCommand } from './istioctl/index.ts';
import { kubectlCommand } from './kubectl/index.ts';
import { SAMPLE_FILES } from './samples/index.ts';
import { createShellSession, type ShellSession } from './session.ts';
import { createVfs } from './vfs-impl.ts';

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
	/** More commands (kubectl is always there); istioctl joins with the ambient issue. */
	readonly commands?: readonly Command[];
	/** The shell's history (the page passes one kept in localStorage). */
	readonly history?: History;
	/**
	 * Wait until the scenario's pods (and kube-system's) have settled before returning (default).
	 * The page passes false: it paints its prompt while kind's own pods start, and its first
	 * command waits for the deploy that follows, which settles.
	 */
	readonly settle?: boolean;
}

export interface Playground {
	readonly cluster: Cluster;
	readonly shell: ShellSession;
}

const silent: CommandIO = { stdin: '', stdout: () => {}, stderr: () => {} };

export async function createPlayground(options: PlaygroundOptions): Promise<Playground> {
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
		commands: [
			kubectlCommand,
			istioctlCommand,
			helmCommand,
			opensslCommand,
			curlCommand,
			...(options.commands ?? [])
		],
		...(options.history ? { history: options.history } : {})
	});
	await deployScenario({ cluster, shell }, options.scenario ?? 'bookinfo', options.settle ?? true);
	return { cluster, shell };
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
