/**
 * The contract between the interpreter and every command (builtins, kubectl, istioctl):
 * argv in, text out through an injected writer, an exit code back. Commands never throw to the
 * shell: errors are written to stderr with the wording the real tool uses.
 */
import type { Cluster } from '../mesh/cluster.ts';
import type { VisualEditor } from './visual-editor.ts';
import type { Vfs } from './vfs.ts';

export interface CommandIO {
	/** Everything piped or redirected into the command (pipelines run stage by stage). */
	readonly stdin: string;
	stdout(text: string): void;
	stderr(text: string): void;
}

export interface CommandContext {
	/** The cluster of the kubeconfig's current context (kube-context.ts resolves `--context`). */
	readonly cluster: Cluster;
	/**
	 * Every API server the shell reaches, by the `server` URL a kubeconfig cluster names; absent,
	 * `cluster` alone at kind's URL (kube-context.ts directoryOf).
	 */
	readonly clusters?: ReadonlyMap<string, Cluster>;
	readonly vfs: Vfs;
	/** Shell variables; exported ones are visible to child shells. */
	readonly env: Map<string, string>;
	/** Aborted by Ctrl-C: long commands (`sleep`, `kubectl wait`) stop and return 130. */
	readonly signal: AbortSignal;
	/** The page's Editor pane, where `vi FILE` edits; absent headless (visual-editor.ts). */
	readonly visualEditor?: VisualEditor;
	/**
	 * Runs a script in a child shell. `external` resolves commands that are not shell builtins:
	 * inside `kubectl exec … -- sh -c "…"` it runs them in the pod's container.
	 */
	runScript(
		script: string,
		io: CommandIO,
		/** `env`: the child's whole environment (a container's), instead of this shell's exports. */
		options?: { external?: ExternalRunner; env?: Readonly<Record<string, string>> }
	): Promise<number>;
}

/** Runs a non-builtin command, e.g. `curl` inside a pod. */
export type ExternalRunner = (argv: readonly string[], io: CommandIO) => Promise<number>;

export interface Command {
	readonly name: string;
	/** One-line summary for `help` and tab completion. */
	readonly summary: string;
	run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number>;
}
