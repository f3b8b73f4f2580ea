/**
 * Runs the syntax tree. Pipelines run stage by stage with buffered stdin (each stage's output is
 * the next one's input), which is enough for the commands we have. Lookup order: shell builtins,
 * then the registry (kubectl …), then `external` (inside a pod), else `command not found` (127).
 * Control flow (`exit`, `break`, `continue`) unwinds with private signals caught here.
 */
import { hostToolNote } from './host-tools.ts';
import { GEN_EASTWEST_GATEWAY_PATH, genEastwestGateway } from './samples/gen-eastwest-gateway.ts';
import { GEN_EASTWEST_GATEWAY_SH } from './samples/multicluster.ts';
import type { Cluster } from '../mesh/cluster.ts';
import type { Builtin, ShellContext } from './builtins/types.ts';
import type { CommandIO, ExternalRunner } from './command.ts';
import { ExpansionError, expandString, expandWords } from './expand.ts';
import type { History } from './history.ts';
import { JobTable, SHELL_PID } from './jobs.ts';
import type {
	AndOr,
	CommandNode,
	ListItem,
	Pipeline,
	Script,
	SimpleCommand
} from './parser/ast.ts';
import { isParseError } from './parser/ast.ts';
import { parse } from './parser/parse.ts';
import { applyRedirects } from './redirect.ts';
import type { Registry } from './registry.ts';
import { Stdin, type Sink, type Streams } from './streams.ts';
import { HOME, normalizePath, withCwd } from './vfs-impl.ts';
import type { VisualEditor } from './visual-editor.ts';
import type { Vfs } from './vfs.ts';

export interface ShellOptions {
	readonly cluster: Cluster;
	/** Every API server the kubeconfig may name (CommandContext.clusters). */
	readonly clusters?: ReadonlyMap<string, Cluster>;
	/** The file tree, addressed with absolute paths; the shell applies its own cwd. */
	readonly vfs: Vfs;
	readonly vars: Map<string, string>;
	readonly exported: Set<string>;
	readonly builtins: ReadonlyMap<string, Builtin>;
	readonly registry: Registry;
	readonly external?: ExternalRunner;
	readonly history?: History;
	readonly cwd?: string;
	/** `$0`: `bash` at the prompt, `sh` in `sh -c`. */
	readonly name?: string;
	readonly args?: readonly string[];
	/** Lets the host process input (Ctrl-C) during long loops of fast builtins. */
	readonly yieldToHost?: () => Promise<void>;
	/** The interactive shell's job table; a child shell (subshell, `sh -c`) gets its own. */
	readonly jobs?: JobTable;
	/** Where an interactive shell's background jobs write: the terminal, whatever runs now. */
	readonly terminal?: Sink;
	/** Process ids for background jobs, shared by a session's shells. */
	readonly pids?: () => number;
	/** Where `vi FILE` edits (CommandContext.visualEditor); child shells share it. */
	readonly visualEditor?: VisualEditor;
}

class ExitSignal {
	constructor(readonly code: number) {}
}
class LoopSignal {
	constructor(
		readonly kind: 'break' | 'continue',
		public levels: number
	) {}
}

const YIELD_EVERY = 200;

export class Shell {
	lastStatus = 0;
	cwd: string;
	readonly vars: Map<string, string>;
	readonly exported: Set<string>;
	readonly name: string;
	readonly args: readonly string[];
	readonly vfs: Vfs;
	signal: AbortSignal = new AbortController().signal;
	readonly jobs: JobTable;
	/** Runs as a background job: waits for sim time instead of pushing it (`sleep`). */
	background = false;
	/** The source the running script was parsed from: a job's command text comes from it. */
	#source = '';
	#loopDepth = 0;
	#steps = 0;

	constructor(readonly options: ShellOptions) {
		this.cwd = options.cwd ?? HOME;
		this.vars = options.vars;
		this.exported = options.exported;
		this.name = options.name ?? 'bash';
		this.args = options.args ?? [];
		this.vfs = withCwd(options.vfs, () => this.cwd);
		this.jobs = options.jobs ?? new JobTable(false, options.pids ?? counter(SHELL_PID + 1));
	}

	/** Runs a parsed script; `afterItem` runs after each top-level command (the session settles). */
	async run(
		script: Script,
		io: CommandIO,
		signal: AbortSignal,
		afterItem?: () => Promise<void>,
		source?: string
	): Promise<number> {
		this.signal = signal;
		if (source !== undefined) this.#source = source;
		const streams: Streams = {
			stdin: new Stdin(io.stdin),
			stdout: (t) => io.stdout(t),
			stderr: (t) => io.stderr(t),
			stdoutIsTerminal: true
		};
		try {
			for (const item of script.items) {
				if (signal.aborted) return (this.lastStatus = 130);
				this.lastStatus = await this.#item(item, streams);
				await afterItem?.();
			}
		} catch (e) {
			if (e instanceof ExitSignal) return (this.lastStatus = e.code);
			if (e instanceof LoopSignal) return this.lastStatus;
			throw e;
		}
		return this.lastStatus;
	}

	/** Parses and runs a child script; a syntax error prints as `sh: -c: line 1: …` (status 2). */
	async runSource(
		source: string,
		io: CommandIO,
		signal: AbortSignal,
		prefix: string
	): Promise<number> {
		const script = parse(source);
		if (isParseError(script)) {
			io.stderr(`${prefix}line ${script.line}: ${script.message}\n`);
			return (this.lastStatus = 2);
		}
		return this.run(script, io, signal, undefined, source);
	}

	async #list(script: Script, s: Streams): Promise<number> {
		let status = 0;
		for (const item of script.items) {
			if (this.signal.aborted) return 130;
			status = this.lastStatus = await this.#item(item, s);
		}
		return status;
	}

	#item(item: ListItem, s: Streams): Promise<number> | number {
		return item.background ? this.#background(item, s) : this.#andOr(item.command, s);
	}

	/**
	 * `cmd &`: runs in a subshell as a job (jobs.ts) and returns 0 at once; an interactive
	 * shell says `[1] PID` on stderr (jobs.c describe_pid). The job writes to the terminal,
	 * reads nothing, and has its own signal: Ctrl-C stops the foreground, not the job.
	 */
	#background(item: ListItem, s: Streams): number {
		const child = this.#child({ vars: new Map(this.vars), external: this.options.external });
		child.cwd = this.cwd;
		child.background = true;
		child.#source = this.#source;
		const terminal = this.jobs.interactive ? this.options.terminal : undefined;
		const text = this.#source.slice(item.start, item.end).trim() || '…';
		const job = this.jobs.start(text, this.cwd, (signal, live) => {
			child.signal = signal;
			const out = terminal ?? s.stdout;
			const err = terminal ?? s.stderr;
			const streams: Streams = {
				stdin: new Stdin(''),
				stdout: (t) => {
					if (live()) out(t);
				},
				stderr: (t) => {
					if (live()) err(t);
				},
				stdoutIsTerminal: terminal !== undefined || s.stdoutIsTerminal
			};
			return child.#guarded(() => child.#andOr(item.command, streams));
		});
		if (!job) {
			// make_child's error once fork keeps failing with EAGAIN (jobs.ts MAX_RUNNING_JOBS).
			s.stderr(`${this.name}: fork: Resource temporarily unavailable\n`);
			return 1;
		}
		if (this.jobs.interactive) s.stderr(`[${job.id}] ${job.pid}\n`);
		return 0;
	}

	async #andOr(node: AndOr, s: Streams): Promise<number> {
		let status = await this.#pipeline(node.first, s);
		for (const { op, pipeline } of node.rest) {
			if (this.signal.aborted) return 130;
			this.lastStatus = status;
			if ((op === '&&') === (status === 0)) status = await this.#pipeline(pipeline, s);
		}
		return status;
	}

	async #pipeline(p: Pipeline, s: Streams): Promise<number> {
		let stdin = s.stdin;
		let status = 0;
		for (let i = 0; i < p.commands.length; i++) {
			const last = i === p.commands.length - 1;
			let buffer = '';
			const stage: Streams = last
				? { ...s, stdin }
				: { stdin, stdout: (t) => (buffer += t), stderr: s.stderr, stdoutIsTerminal: false };
			status = await this.#command(p.commands[i] as CommandNode, stage);
			if (!last) stdin = new Stdin(buffer);
		}
		return p.negated ? (status === 0 ? 1 : 0) : status;
	}

	async #command(node: CommandNode, outer: Streams): Promise<number> {
		if (this.signal.aborted) return 130;
		if (++this.#steps % YIELD_EVERY === 0) await this.options.yieldToHost?.();
		if (node.type === 'simple') return this.#simple(node, outer);
		const s = await this.#redirect(node.redirects, outer);
		if (typeof s === 'number') return s;
		switch (node.type) {
			case 'group':
				return this.#list(node.body, s);
			case 'subshell': {
				const child = this.#child({ vars: new Map(this.vars), external: this.options.external });
				child.cwd = this.cwd;
				child.signal = this.signal;
				return child.#guarded(() => child.#list(node.body, s));
			}
			case 'if': {
				for (const b of node.branches) {
					if ((await this.#list(b.condition, s)) === 0) return this.#list(b.body, s);
				}
				return node.elseBody ? this.#list(node.elseBody, s) : 0;
			}
			case 'for': {
				const words = node.words ? await this.#expandWords(node.words, s) : [...this.args];
				if (typeof words === 'number') return words;
				return this.#loop(
					s,
					async (body) => {
						for (const w of words) {
							this.vars.set(node.name, w);
							if (await body()) break;
						}
					},
					node.body
				);
			}
			case 'while':
				return this.#loop(
					s,
					async (body) => {
						while (!this.signal.aborted) {
							const c = await this.#list(node.condition, s);
							if ((c === 0) === node.until) break;
							if (await body()) break;
						}
					},
					node.body
				);
		}
	}

	/** Runs a loop; `body()` returns true when the loop must stop (`break` or Ctrl-C). */
	async #loop(
		s: Streams,
		drive: (body: () => Promise<boolean>) => Promise<void>,
		bodyScript: Script
	): Promise<number> {
		let status = 0;
		this.#loopDepth++;
		try {
			await drive(async () => {
				if (this.signal.aborted) return true;
				if (++this.#steps % YIELD_EVERY === 0) await this.options.yieldToHost?.();
				try {
					status = await this.#list(bodyScript, s);
					return false;
				} catch (e) {
					if (!(e instanceof LoopSignal)) throw e;
					if (e.levels > 1) {
						e.levels--;
						throw e;
					}
					return e.kind === 'break';
				}
			});
		} finally {
			this.#loopDepth--;
		}
		return this.signal.aborted ? 130 : status;
	}

	async #guarded(run: () => Promise<number>): Promise<number> {
		try {
			return await run();
		} catch (e) {
			if (e instanceof ExitSignal) return e.code;
			if (e instanceof LoopSignal) return this.lastStatus;
			throw e;
		}
	}

	async #redirect(redirects: SimpleCommand['redirects'], s: Streams): Promise<Streams | number> {
		try {
			const r = await applyRedirects(redirects, s, {
				vfs: this.vfs,
				expand: (w) => expandString(w, this.#expandHost(s))
			});
			if (typeof r !== 'string') return r;
			s.stderr(`${this.name}: ${r}\n`);
		} catch (e) {
			if (!(e instanceof ExpansionError)) throw e;
			s.stderr(`${this.name}: ${e.message}\n`);
		}
		return 1;
	}

	async #expandWords(words: SimpleCommand['words'], s: Streams): Promise<string[] | number> {
		try {
			return await expandWords(words, this.#expandHost(s));
		} catch (e) {
			if (!(e instanceof ExpansionError)) throw e;
			s.stderr(`${this.name}: ${e.message}\n`);
			return 1;
		}
	}

	#substStatus: number | undefined;

	/** Runs `script` in a subshell (a copy of the variables, this cwd), its stdout captured. */
	async #captured(script: Script, s: Streams): Promise<{ out: string; status: number }> {
		let out = '';
		const sub: Streams = {
			stdin: new Stdin(''),
			stdout: (t) => (out += t),
			stderr: s.stderr,
			stdoutIsTerminal: false
		};
		const child = this.#child({ vars: new Map(this.vars), external: this.options.external });
		child.cwd = this.cwd;
		child.signal = this.signal;
		const status = await child.#guarded(() => child.#list(script, sub));
		return { out, status };
	}

	#expandHost(s: Streams) {
		return {
			home: HOME,
			getVar: (name: string) => this.getVar(name),
			setVar: (name: string, value: string) => void this.vars.set(name, value),
			positional: () => this.args,
			substitute: async (script: Script) => {
				const { out, status } = await this.#captured(script, s);
				this.#substStatus = status;
				this.lastStatus = status;
				return out;
			},
			processSubstitute: async (script: Script) => {
				// bash hands the command a pipe's /dev/fd path, 63 down; the list runs to the end
				// first here (commands do not stream), and its status does not touch `$?`.
				const { out } = await this.#captured(script, s);
				const path = `/dev/fd/${63 - this.#procFiles.length}`;
				this.#procFiles.push(path);
				this.vfs.write(path, out);
				return path;
			}
		};
	}

	getVar(name: string): string | undefined {
		if (name === '?') return String(this.lastStatus);
		if (name === '$') return String(SHELL_PID);
		if (name === '#') return String(this.args.length);
		if (name === '0') return this.name;
		if (name === '*' || name === '@') return this.args.join(' ');
		if (name === '!') return this.jobs.lastPid === undefined ? '' : String(this.jobs.lastPid);
		if (name === '-') return '';
		if (name === 'PWD') return this.cwd;
		if (/^\d+$/.test(name)) return this.args[Number(name) - 1];
		return this.vars.get(name);
	}

	/** The `/dev/fd/N` files of this command's `<(…)`, removed once it finished. */
	#procFiles: string[] = [];

	async #simple(node: SimpleCommand, outer: Streams): Promise<number> {
		const before = this.#procFiles.length;
		try {
			return await this.#simpleCommand(node, outer);
		} finally {
			for (const f of this.#procFiles.splice(before)) this.vfs.remove(f);
		}
	}

	async #simpleCommand(node: SimpleCommand, outer: Streams): Promise<number> {
		this.#substStatus = undefined;
		const argv = await this.#expandWords(node.words, outer);
		if (typeof argv === 'number') return argv;
		const values: [string, string][] = [];
		for (const a of node.assignments) {
			try {
				values.push([a.name, await expandString(a.value, this.#expandHost(outer))]);
			} catch (e) {
				if (!(e instanceof ExpansionError)) throw e;
				outer.stderr(`${this.name}: ${e.message}\n`);
				return 1;
			}
		}
		const s = await this.#redirect(node.redirects, outer);
		if (typeof s === 'number') return s;
		const [name, ...args] = argv;
		if (name === undefined) {
			for (const [k, v] of values) this.vars.set(k, v);
			return this.#substStatus ?? 0;
		}
		// `A=1 cmd`: the assignment holds for this command only.
		const saved = values.map(([k]) => [k, this.vars.get(k), this.exported.has(k)] as const);
		for (const [k, v] of values) {
			this.vars.set(k, v);
			this.exported.add(k);
		}
		try {
			return await this.#invoke(name, args, s);
		} finally {
			for (const [k, v, wasExported] of saved) {
				if (v === undefined) this.vars.delete(k);
				else this.vars.set(k, v);
				if (!wasExported) this.exported.delete(k);
			}
		}
	}

	async #invoke(name: string, args: string[], s: Streams): Promise<number> {
		const control = this.#control(name, args, s);
		if (control !== undefined) return control;
		const io: CommandIO = {
			get stdin() {
				return s.stdin.readAll();
			},
			stdout: s.stdout,
			stderr: s.stderr
		};
		const external = this.options.external;
		if (name.includes('/') && !external) return this.#runFile(name, args, io, s);
		const builtin = this.options.builtins.get(name);
		try {
			if (builtin && (builtin.kind === 'shell' || !external))
				return await builtin.run(args, io, this.#context(s));
			if (external) return await external([name, ...args], io);
			const command = this.options.registry.get(name);
			if (command) return await command.run(args, io, this.#context(s));
		} catch (e) {
			// A bug in a command must not take the terminal down.
			s.stderr(
				`${this.name}: ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`
			);
			return 1;
		}
		const note = hostToolNote(name);
		s.stderr(`${this.name}: ${name}: command not found${note ? ` (${note})` : ''}\n`);
		return 127;
	}

	/**
	 * A command with a slash is a file, not a name to look up (bash's execute_disk_command): a
	 * script whose first line is a `#!` line runs in a child shell with its arguments (the file
	 * tree has no modes: a `#!` line stands for the execute bit the release's samples carry). The
	 * shipped gen-eastwest-gateway.sh, which needs bash syntax this shell lacks, runs as its
	 * equivalent (samples/gen-eastwest-gateway.ts).
	 */
	async #runFile(path: string, args: string[], io: CommandIO, s: Streams): Promise<number> {
		const vfs = this.#context(s).vfs;
		if (vfs.isDirectory(path)) {
			s.stderr(`${this.name}: ${path}: Is a directory\n`);
			return 126;
		}
		const text = vfs.read(path);
		if (text === undefined) {
			s.stderr(`${this.name}: ${path}: No such file or directory\n`);
			return 127;
		}
		if (!text.startsWith('#!')) {
			s.stderr(`${this.name}: ${path}: Permission denied\n`);
			return 126;
		}
		if (
			vfs.resolve(path) === vfs.resolve(GEN_EASTWEST_GATEWAY_PATH) &&
			text === GEN_EASTWEST_GATEWAY_SH
		)
			return genEastwestGateway(path, args, io);
		return this.#context(s).runChild(text, io, path, args);
	}

	/** `exit`, `break`, `continue`: they unwind the interpreter, so they live here. */
	#control(name: string, args: string[], s: Streams): number | undefined {
		if (name === 'exit') {
			const code = args[0] === undefined ? this.lastStatus : Number(args[0]);
			if (!Number.isInteger(code)) {
				s.stderr(`${this.name}: exit: ${args[0]}: numeric argument required\n`);
				throw new ExitSignal(2);
			}
			throw new ExitSignal(((code % 256) + 256) % 256);
		}
		if (name !== 'break' && name !== 'continue') return undefined;
		const levels = args[0] === undefined ? 1 : Number(args[0]);
		if (!Number.isInteger(levels) || levels < 1) {
			s.stderr(`${this.name}: ${name}: ${args[0]}: loop count out of range\n`);
			return 1;
		}
		if (this.#loopDepth === 0) {
			s.stderr(`${this.name}: ${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
			return 0;
		}
		throw new LoopSignal(name, Math.min(levels, this.#loopDepth));
	}

	#child(over: {
		vars: Map<string, string>;
		external: ExternalRunner | undefined;
		name?: string;
		args?: readonly string[];
		exported?: Set<string>;
	}): Shell {
		return new Shell({
			...this.options,
			jobs: undefined,
			vars: over.vars,
			exported: over.exported ?? new Set(this.exported),
			external: over.external,
			cwd: this.cwd,
			name: over.name ?? this.name,
			args: over.args ?? this.args
		});
	}

	/**
	 * A child shell (`sh -c`, `kubectl exec -- sh -c`): exported variables only, same cwd. In a
	 * pod (`env` given) its environment is the container's, not this shell's.
	 */
	childShell(
		name: string,
		args: readonly string[],
		external: ExternalRunner | undefined,
		env?: Readonly<Record<string, string>>
	): Shell {
		const vars = env
			? new Map(Object.entries(env))
			: new Map([...this.vars].filter(([k]) => this.exported.has(k)));
		const exported = env ? new Set(Object.keys(env)) : undefined;
		const child = this.#child({ vars, external, name, args, ...(exported ? { exported } : {}) });
		child.cwd = this.cwd;
		return child;
	}

	#context(s: Streams): ShellContext {
		const shell = this.options;
		return {
			cluster: shell.cluster,
			...(shell.clusters ? { clusters: shell.clusters } : {}),
			...(shell.visualEditor ? { visualEditor: shell.visualEditor } : {}),
			vfs: this.vfs,
			env: this.vars,
			signal: this.signal,
			cwd: this.cwd,
			stdoutIsTerminal: s.stdoutIsTerminal,
			jobs: this.jobs,
			background: this.background,
			chdir: (path) => {
				this.cwd = normalizePath(path, this.cwd);
			},
			exported: this.exported,
			history: shell.history,
			commandList: () => [
				...[...shell.builtins.values()].map((b) => ({
					name: b.name,
					summary: b.summary,
					builtin: true
				})),
				...shell.registry.commands.map((c) => ({
					name: c.name,
					summary: c.summary,
					builtin: false
				}))
			],
			readLine: () => s.stdin.readLine(),
			runScript: (script, io, options) =>
				this.childShell(
					'sh',
					[],
					options?.external ?? this.options.external,
					options?.env
				).runSource(script, io, this.signal, 'sh: -c: '),
			runChild: (script, io, name, args) =>
				this.childShell(name, args, this.options.external).runSource(
					script,
					io,
					this.signal,
					`${name}: -c: `
				)
		};
	}
}

/** 4243, 4244, …: the pids of a session's jobs. */
export function counter(first: number): () => number {
	let next = first;
	return () => next++;
}
