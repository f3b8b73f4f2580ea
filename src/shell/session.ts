/**
 * One interactive shell: variables, cwd and history that persist from one command line to the
 * next. `execute` runs one complete command line (possibly several lines, e.g. a heredoc) and,
 * after each top-level command, lets the cluster settle so the pods it created start before the
 * next command, as they would in the time a user takes to type.
 */
import type { Cluster } from '../mesh/cluster.ts';
import { BUILTIN_MAP } from './builtins/index.ts';
import type { Command, CommandIO } from './command.ts';
import { complete as completeLine, type Completion } from './completion.ts';
import { createHistory, type History } from './history.ts';
import { counter, Shell } from './interpreter.ts';
import { JobTable, SHELL_PID } from './jobs.ts';
import { isParseError } from './parser/ast.ts';
import { parse } from './parser/parse.ts';
import { createRegistry } from './registry.ts';
import { HOME } from './vfs-impl.ts';
import type { VisualEditor } from './visual-editor.ts';
import type { Vfs } from './vfs.ts';
import { loadValidationEngine } from '../mesh/api/validation-engine.ts';

export interface ShellSessionOptions {
	/** The first cluster: the terminal's host network and completion read it. */
	readonly cluster: Cluster;
	/** With more than one cluster: every API server by its kubeconfig URL (CommandContext.clusters). */
	readonly clusters?: ReadonlyMap<string, Cluster>;
	readonly vfs: Vfs;
	/** Programs besides the builtins: kubectl, istioctl … */
	readonly commands: readonly Command[];
	/** Extra exported variables, on top of HOME, PATH, USER, SHELL, TERM. */
	readonly env?: Readonly<Record<string, string>>;
	readonly history?: History;
	/** Lets Ctrl-C through during long loops; default a zero-delay timer. */
	readonly yieldToHost?: () => Promise<void>;
	/** The page's Editor pane, where `vi FILE` edits (visual-editor.ts). */
	readonly visualEditor?: VisualEditor;
}

export type { Completion } from './completion.ts';

export interface ShellSession {
	/** Runs one complete command line; resolves to its exit status. Never rejects. */
	execute(source: string, io: CommandIO, options?: { signal?: AbortSignal }): Promise<number>;
	complete(line: string, cursor: number): Completion;
	readonly history: History;
	/** Shell variables (exported or not), like CommandContext.env. */
	readonly env: Map<string, string>;
	readonly cwd: string;
	/** `$?` after the last command. */
	readonly lastStatus: number;
	/**
	 * Where background jobs write while the terminal shows them (the pty); the listener then
	 * gets all their output. Without one it goes to the running command's io, or waits for
	 * the next one. Returns the unsubscribe.
	 */
	onJobOutput(listener: (text: string) => void): () => void;
	/** bash's notifications before a prompt: `[1]+  Done …` for jobs that ended since. */
	jobNotices(): string;
	/** The terminal closed: every job gets SIGHUP, silently (`npm run sim` at its end). */
	hangup(): void;
}

const DEFAULT_ENV: Readonly<Record<string, string>> = {
	HOME,
	USER: 'root',
	PATH: '/usr/local/bin:/usr/bin:/bin',
	SHELL: '/bin/bash',
	TERM: 'xterm-256color',
	LANG: 'C.UTF-8'
};

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function createShellSession(options: ShellSessionOptions): ShellSession {
	// Fetch the validation engine (CEL, schemas' validator) now, in the background, so the
	// first kubectl command does not wait for it; kubectl still awaits it before it runs.
	void loadValidationEngine();
	const initial = { ...DEFAULT_ENV, ...options.env };
	const vars = new Map(Object.entries(initial));
	const exported = new Set(Object.keys(initial));
	const history = options.history ?? createHistory();
	const registry = createRegistry(options.commands);
	let jobListener: ((text: string) => void) | undefined;
	let foreground: CommandIO | undefined;
	let held = '';
	const terminal = (text: string): void => {
		if (jobListener) jobListener(text);
		else if (foreground) foreground.stdout(text);
		else held += text;
	};
	const pids = counter(SHELL_PID + 1);
	const shell = new Shell({
		jobs: new JobTable(true, pids),
		terminal,
		pids,
		cluster: options.cluster,
		...(options.clusters ? { clusters: options.clusters } : {}),
		vfs: options.vfs,
		vars,
		exported,
		builtins: BUILTIN_MAP,
		registry,
		history,
		yieldToHost: options.yieldToHost ?? defaultYield,
		...(options.visualEditor ? { visualEditor: options.visualEditor } : {})
	});

	// Every cluster settles after a command: one command may write to both (a pipe with --context).
	const settleAll = async (): Promise<void> => {
		if (!options.clusters) return options.cluster.settle();
		for (const cluster of new Set(options.clusters.values())) await cluster.settle();
	};

	const complete = (line: string, cursor: number): Completion =>
		completeLine(line, cursor, {
			commands: () => [...BUILTIN_MAP.keys(), ...registry.commands.map((c) => c.name)],
			vfs: shell.vfs,
			// Read on use: completing a file name must not need the API server.
			get api() {
				return options.cluster.api;
			}
		});

	return {
		async execute(source, io, runOptions = {}) {
			const signal = runOptions.signal ?? new AbortController().signal;
			const script = parse(source);
			if (isParseError(script)) {
				io.stderr(`bash: ${script.message}\n`);
				shell.lastStatus = 2;
				return 2;
			}
			foreground = io;
			if (held) io.stdout(held);
			held = '';
			try {
				return await shell.run(script, io, signal, settleAll, source);
			} catch (e) {
				// Nothing the user types may take the terminal down; this is a bug report instead.
				io.stderr(`bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
				shell.lastStatus = 1;
				return 1;
			} finally {
				foreground = undefined;
			}
		},
		onJobOutput(listener) {
			jobListener = listener;
			if (held) listener(held);
			held = '';
			return () => {
				if (jobListener === listener) jobListener = undefined;
			};
		},
		jobNotices: () => shell.jobs.notices(shell.cwd),
		hangup: () => shell.jobs.hangup(),
		complete,
		history,
		env: vars,
		get cwd() {
			return shell.cwd;
		},
		get lastStatus() {
			return shell.lastStatus;
		}
	};
}
