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

export const joinLines = (lines: readonly string[]): string => lines.map((l) => l + '\n').join('');
