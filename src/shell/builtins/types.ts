/**
 * What a shell builtin sees: the command context plus the shell's own state (cwd, exported
 * names, history), which `cd`, `export` and `history` change or read.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import type { History } from '../history.ts';
import type { JobTable } from '../jobs.ts';

export interface ShellContext extends CommandContext {
	readonly cwd: string;
	/** The shell's background jobs (`jobs`, `kill %1`, `wait`, `fg`). */
	readonly jobs?: JobTable;
	/** This command runs in a background job: it waits for sim time rather than pushing it. */
	readonly background?: boolean;
	/** stdout is the terminal, not a pipe or file (`ls` prints columns only then). */
	readonly stdoutIsTerminal: boolean;
	/** Changes the working directory; the caller checked that it exists. */
	chdir(path: string): void;
	/** Variable names visible to child shells (`export`). */
	readonly exported: Set<string>;
	readonly history: History | undefined;
	/** Every command name with its summary: builtins, then the registry's. */
	commandList(): readonly { name: string; summary: string; builtin: boolean }[];
	/** Runs a script in a child shell with `$0` and positional parameters (`sh -c 'script' a b`). */
	runChild(script: string, io: CommandIO, name: string, args: readonly string[]): Promise<number>;
	/** Reads one line of stdin for `read`, leaving the rest for the next command. */
	readLine(): string | undefined;
}

export interface Builtin {
	readonly name: string;
	readonly summary: string;
	/**
	 * `file` builtins (cat, ls) touch the file system, so inside a pod (`kubectl exec … sh -c`)
	 * the pod runs them; `shell` builtins always run in the shell.
	 */
	readonly kind: 'shell' | 'file';
	/** argv excludes the command name, as in the `Command` contract. */
	run(argv: readonly string[], io: CommandIO, ctx: ShellContext): Promise<number>;
}
