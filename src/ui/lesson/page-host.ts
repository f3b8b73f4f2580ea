/**
 * The LessonHost in the page. Replays (setup, earlier solutions) run on a second, unseen shell
 * over the same cluster; Solve and "run" buttons type into the terminal's pty, so the learner sees
 * every command, and wait for the command log to record it. A restart needs the page's restart
 * hook; without one the engine reloads the page at the step instead (a deep link).
 */
import type { Cluster } from '../../mesh/cluster.ts';
import { CommandLog, type CommandRecord } from '../../lessons/command-log.ts';
import type { LessonHost, RunOptions } from '../../lessons/host.ts';
import type { LookView } from '../../lessons/types.ts';
import type { Pty } from '../../shell/pty-types.ts';
import type { ShellSession } from '../../shell/session.ts';

export interface PageHostParts {
	readonly cluster: () => Cluster | undefined;
	readonly pty: () => Pty | undefined;
	/** The log the terminal's session records into (App wires it with recordCommands). */
	readonly log: CommandLog | undefined;
	readonly restart: (() => Promise<void>) | undefined;
	/** Puts a cluster view on show (Solve on a look step); App switches its tab. */
	readonly look?: ((view: LookView) => void) | undefined;
}

/** Waits (up to a minute) until the pods the page boots with run, so replays find them. */
async function scenarioReady(cluster: Cluster, signal: AbortSignal | undefined): Promise<void> {
	const type = cluster.api.resolve('deployments');
	for (let i = 0; i < 600 && type && !signal?.aborted; i++) {
		const list = cluster.api.list(type, { namespace: 'default' });
		const ready =
			Array.isArray(list) &&
			list.length > 0 &&
			list.every((d) => (d.status as { readyReplicas?: number } | undefined)?.readyReplicas);
		if (ready) return;
		await new Promise((r) => setTimeout(r, 100));
	}
}

export function createPageHost(parts: PageHostParts): LessonHost {
	const log = parts.log ?? new CommandLog();
	let shell: { cluster: Cluster; session: ShellSession } | undefined;
	const cluster = (): Cluster => {
		const c = parts.cluster();
		if (!c) throw new Error('the cluster is not running');
		return c;
	};
	// The shell loads late, like the page's own (src/platform/boot.ts): the lesson pane is on
	// screen before it.
	const unseen = async (): Promise<ShellSession> => {
		const c = cluster();
		if (shell?.cluster !== c) {
			const [{ createShellSession }, { createVfs }, { SAMPLE_FILES }, kubectl, istioctl, helm] =
				await Promise.all([
					import('../../shell/session.ts'),
					import('../../shell/vfs-impl.ts'),
					import('../../shell/samples/index.ts'),
					import('../../shell/kubectl/index.ts'),
					import('../../shell/istioctl/index.ts'),
					import('../../shell/helm/index.ts')
				]);
			const session = createShellSession({
				cluster: c,
				vfs: createVfs(SAMPLE_FILES),
				commands: [kubectl.kubectlCommand, istioctl.istioctlCommand, helm.helmCommand]
			});
			shell = { cluster: c, session };
		}
		return shell.session;
	};
	const run = async (command: string, options: RunOptions = {}): Promise<CommandRecord> => {
		await scenarioReady(cluster(), options.signal);
		let output = '';
		const sink = (t: string): void => void (output += t);
		const exitCode = await (
			await unseen()
		).execute(
			command,
			{ stdin: '', stdout: sink, stderr: sink },
			options.signal ? { signal: options.signal } : {}
		);
		return log.record({ command, exitCode, output, by: 'engine' });
	};
	return {
		get cluster() {
			return cluster();
		},
		log,
		run,
		async show(command) {
			const pty = parts.pty();
			if (!pty || !parts.log) return run(command);
			const done = log.next(command);
			log.expectEngine(command);
			pty.write(command.replace(/\n/g, '\r') + '\r');
			return done;
		},
		async restart() {
			if (!parts.restart) return false;
			const before = parts.cluster();
			await parts.restart();
			// The new cluster reaches us through props on the next render; wait for it.
			for (let i = 0; i < 600 && (parts.cluster() === before || !parts.cluster()); i++)
				await new Promise((r) => setTimeout(r, 50));
			return parts.cluster() !== before;
		},
		look: (view) => parts.look?.(view)
	};
}
