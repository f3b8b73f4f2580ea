/**
 * Boots the page's playground: the worker runtime (one Web Worker per pod), the cluster with
 * Bookinfo and curl deployed into `default`, and the shell's pty for the terminal.
 */
import { createPlayground } from '../shell/playground.ts';
import { createPty, type ShellPty } from '../shell/pty.ts';
import type { Cluster } from '../mesh/cluster.ts';
import type { RuntimeKind } from '../mesh/runtime/runtime.ts';
import { createBrowserWorkerRuntime } from './browser-workers.ts';

export interface BootedPlayground {
	readonly cluster: Cluster;
	readonly pty: ShellPty;
	readonly runtimeKind: RuntimeKind;
}

// Short lines: the terminal is about 50 columns wide in an 800x600 embed.
const BANNER = [
	'\x1b[1mMesh Playground\x1b[0m: a simulated Kubernetes cluster',
	'running in this tab. Bookinfo and a curl pod run in',
	'"default"; each pod is a Web Worker, and traffic',
	'between them is real HTTP on a simulated network.',
	'Istio is not installed yet.',
	'',
	'Try:  kubectl get pods -o wide',
	"Type 'help' for the available commands.",
	''
].join('\r\n');

export async function bootPlayground(): Promise<BootedPlayground> {
	const playground = await createPlayground({ runtime: createBrowserWorkerRuntime(), seed: 1 });
	const pty = createPty(playground.shell, { banner: BANNER });
	return { cluster: playground.cluster, pty, runtimeKind: 'workers' };
}
