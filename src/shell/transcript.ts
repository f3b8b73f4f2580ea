/**
 * Runs a command script and returns its transcript: each top-level command as `$ COMMAND`, then
 * exactly what the terminal would show (stdout and stderr interleaved). `npm run sim`, the
 * transcript tests and lesson replays share it. Output that does not end in a newline gets one,
 * so the next `$ ` starts a line (the terminal would print its prompt after it instead).
 * A line `^C` after a command that blocks (`kubectl port-forward`, `istioctl dashboard`) presses
 * Ctrl-C once that command has printed something (and, for `kubectl get -w`, once sim time has
 * carried the watched objects to rest: `ctrl-c-hold.ts`): the transcript shows `^C` after its output.
 * Background jobs (`cmd &`) write under the command running when their output came (the one
 * that ran last, between commands); bash's `[1]+  Done …` notifications follow each command.
 * The script's end is the terminal closing: jobs still running get SIGHUP, silently, as bash
 * passes the terminal's hangup to its jobs.
 */
import { ctrlCHeld } from './ctrl-c-hold.ts';
import { isParseError } from './parser/ast.ts';
import { isIncomplete } from './parser/parse.ts';
import { splitCommands } from './parser/split.ts';
import type { ShellSession } from './session.ts';

/**
 * Groups lines the way the terminal reads them: a line that leaves a quote, heredoc or loop open
 * takes the next lines with it. A syntax error then stays with its own command, and the commands
 * before and after it still run. An unfinished group at the end is run as is (bash's EOF error).
 */
export function commandChunks(script: string): string[] {
	const chunks: string[] = [];
	let pending: string[] = [];
	for (const line of script.replace(/\r\n/g, '\n').split('\n')) {
		pending.push(line);
		const text = pending.join('\n');
		if (isIncomplete(text)) continue;
		const split = splitCommands(text);
		if (isParseError(split)) chunks.push(text);
		else chunks.push(...split.map((c) => c.source));
		pending = [];
	}
	const rest = pending.join('\n');
	if (rest.trim() !== '') chunks.push(rest);
	return chunks;
}

export const CTRL_C = '^C';

/** The most macrotask turns a blocking command gets to print before `^C` is pressed anyway. */
const MAX_TURNS_BEFORE_CTRL_C = 5000;

export async function runTranscript(script: string, shell: ShellSession): Promise<string> {
	const parts: string[] = [];
	const chunks = commandChunks(script);
	// What background jobs write shows under the command that ran, or last ran, when it came.
	let out = '';
	const stopJobOutput = shell.onJobOutput((t) => (out += t));
	const finish = (): void => {
		if (out !== '' && !out.endsWith('\n')) out += '\n';
		parts.push(out);
		out = '';
	};
	try {
		for (let i = 0; i < chunks.length; i++) {
			const source = chunks[i] as string;
			if (i > 0) finish();
			parts.push(`$ ${source}\n`);
			const io = {
				stdin: '',
				stdout: (t: string) => (out += t),
				stderr: (t: string) => (out += t)
			};
			if (chunks[i + 1]?.trim() === CTRL_C) {
				i++;
				const controller = new AbortController();
				let finished = false;
				const done = shell.execute(source, io, { signal: controller.signal }).finally(() => {
					finished = true;
				});
				const pressable = (): boolean => out !== '' && !ctrlCHeld(controller.signal);
				// A held Ctrl-C is released by the command itself (the watch caps its sim time).
				for (
					let turn = 0;
					!finished &&
					!pressable() &&
					(turn < MAX_TURNS_BEFORE_CTRL_C || ctrlCHeld(controller.signal));
					turn++
				)
					await new Promise((resolve) => setTimeout(resolve, 0));
				controller.abort();
				await done;
				if (out !== '' && !out.endsWith('\n')) out += '\n';
				out += `${CTRL_C}\n`;
			} else await shell.execute(source, io);
			// bash's notifications before the next prompt (`[1]+  Done …`).
			if (out !== '' && !out.endsWith('\n')) out += '\n';
			out += shell.jobNotices();
		}
		finish();
	} finally {
		stopJobOutput();
		// The script's end closes the terminal: jobs still running get SIGHUP and say nothing.
		shell.hangup();
	}
	return parts.join('');
}
