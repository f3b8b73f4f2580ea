/**
 * `window.__meshPlayground`: read-only probes for the e2e tests and the browser benchmarks, so
 * they need not scrape xterm's DOM (which only renders the visible rows). Always installed: it
 * exposes nothing a learner could not see on screen.
 */
import type { PodView } from './state/cluster-snapshot.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { WorkerRuntime } from '../platform/worker-runtime.ts';

export interface MeshPlaygroundHooks {
	/** True once the shell's pty is attached to the terminal. */
	ready(): boolean;
	/** True while a command runs. */
	busy(): boolean;
	/** Commands finished so far, each counted once its output is on the screen. */
	commandsDone?(): number;
	/**
	 * On the worker runtime, how many times capture or traffic was gathered from the pod workers
	 * (a call to every worker each): the Topology, Traces and Capture views ask only on screen.
	 */
	journalGathers?(): number | undefined;
	/** Terminal text including scrollback, soft-wrapped rows rejoined, trailing blank lines dropped. */
	terminalText(): string;
	/**
	 * The terminal's grid and its rows as xterm holds them (scrollback included, not rejoined;
	 * the page only): `wrapped` marks a row continuing the one before, a line too long for `cols`.
	 */
	terminalRows?(): TerminalRows;
	/** `workers` or `inprocess` once booted. */
	runtimeKind(): string | undefined;
	/** Wall ms from the start of boot to a ready cluster. */
	bootMillis(): number | undefined;
	/** What the Nodes view shows. */
	pods(): PodView[];
	/** Set when boot failed. */
	bootError(): string | undefined;
	/** Only on /embed.html: the embed's protocol state (src/ui/embed). */
	readonly embed?: EmbedHooks;
}

export interface TerminalRows {
	readonly cols: number;
	readonly rows: number;
	readonly lines: readonly { readonly text: string; readonly wrapped: boolean }[];
}

/** Read as properties (getters): the values now. */
export interface EmbedHooks {
	/** Started (left the poster). */
	readonly started: boolean;
	/** In-messages not acted on (wrong origin, malformed, oversized), and why. */
	readonly ignored: number;
	readonly ignoredReasons: Readonly<Record<string, number>>;
	/** The origins messages go to and are accepted from. */
	readonly origins: readonly string[];
	/** Problems shown in the embed. */
	readonly errors: readonly string[];
	/** The in-process mesh is paused because the embed was out of view. */
	readonly paused: boolean;
}

declare global {
	interface Window {
		__meshPlayground?: MeshPlaygroundHooks;
	}
}

/** `journalGathers` of a worker runtime; undefined on the in-process one (or none yet). */
export function journalGathers(runtime: Runtime | undefined): number | undefined {
	return runtime?.kind === 'workers' ? (runtime as WorkerRuntime).journalGathers() : undefined;
}

/** Installs the hooks; returns the function that removes them. */
export function installTestHooks(hooks: MeshPlaygroundHooks): () => void {
	window.__meshPlayground = hooks;
	return () => {
		if (window.__meshPlayground === hooks) delete window.__meshPlayground;
	};
}
