/**
 * How coreutils read their inputs: file operands in order (`-` is stdin), stdin when there are
 * none, and `cmd: NAME: No such file or directory` for a missing one without stopping the rest.
 */
import type { CommandIO } from '../command.ts';
import type { Vfs } from '../vfs.ts';

export interface Input {
	/** The operand as given (`-` for stdin), used for headers and prefixes. */
	readonly name: string;
	readonly text: string;
}

/** Reads each operand; reports unreadable ones on stderr. `ok` is false if any failed. */
export function readInputs(
	cmd: string,
	operands: readonly string[],
	io: CommandIO,
	vfs: Vfs
): { inputs: Input[]; ok: boolean } {
	const names = operands.length ? operands : ['-'];
	const inputs: Input[] = [];
	let ok = true;
	for (const name of names) {
		if (name === '-') {
			inputs.push({ name, text: io.stdin });
			continue;
		}
		if (vfs.isDirectory(name)) {
			io.stderr(`${cmd}: ${name}: Is a directory\n`);
			ok = false;
			continue;
		}
		const text = vfs.read(name);
		if (text === undefined) {
			io.stderr(`${cmd}: ${name}: No such file or directory\n`);
			ok = false;
			continue;
		}
		inputs.push({ name, text });
	}
	return { inputs, ok };
}

/** Lines without their newlines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/**
 * Where the last `n` lines of `text` start (a final newline ends the last line rather than
 * starting one): `tail -n N` without splitting a million-line input into a million strings.
 */
export function lastLinesStart(text: string, n: number): number {
	let pos = text.endsWith('\n') ? text.length - 1 : text.length;
	for (let k = 0; k < n; k++) {
		if (pos <= 0) return 0;
		pos = text.lastIndexOf('\n', pos - 1);
		if (pos < 0) return 0;
	}
	return pos + 1;
}

export const joinLines = (lines: readonly string[]): string => lines.map((l) => l + '\n').join('');
