/**
 * Runs a command script and returns its transcript: each top-level command as `$ COMMAND`, then
 * exactly what the terminal would show (stdout and stderr interleaved). `npm run sim`, the
 * transcript tests and lesson replays share it. Output that does not end in a newline gets one,
 * so the next `$ ` starts a line (the terminal would print its prompt after it instead).
 */
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

export async function runTranscript(script: string, shell: ShellSession): Promise<string> {
	const parts: string[] = [];
	for (const source of commandChunks(script)) {
		parts.push(`$ ${source}\n`);
		let out = '';
		await shell.execute(source, {
			stdin: '',
			stdout: (t) => (out += t),
			stderr: (t) => (out += t)
		});
		if (out !== '' && !out.endsWith('\n')) out += '\n';
		parts.push(out);
	}
	return parts.join('');
}
