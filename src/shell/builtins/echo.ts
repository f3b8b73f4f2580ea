/** bash's builtin `echo`: `-n`, `-e`, `-E` (only whole words of those letters are options). */
import type { Builtin } from './types.ts';

const ESCAPES: Record<string, string> = {
	n: '\n',
	t: '\t',
	r: '\r',
	a: '\x07',
	b: '\b',
	e: '\x1b',
	E: '\x1b',
	f: '\f',
	v: '\v',
	'\\': '\\'
};

/** Interprets backslash escapes; `stop` is set at `\c`, which ends all output. */
export function interpretEscapes(s: string): { text: string; stop: boolean } {
	let text = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i] as string;
		if (c !== '\\' || i + 1 >= s.length) {
			text += c;
			continue;
		}
		const n = s[++i] as string;
		if (n === 'c') return { text, stop: true };
		if (ESCAPES[n] !== undefined) text += ESCAPES[n];
		else if (n === '0' || n === 'x') {
			const m = (n === '0' ? /^[0-7]{0,3}/ : /^[0-9a-fA-F]{1,2}/).exec(s.slice(i + 1))?.[0] ?? '';
			if (n === 'x' && m === '') text += '\\x';
			else text += String.fromCharCode(parseInt(m || '0', n === '0' ? 8 : 16));
			i += m.length;
		} else text += '\\' + n;
	}
	return { text, stop: false };
}

export const echo: Builtin = {
	name: 'echo',
	summary: 'Write arguments to standard output',
	kind: 'shell',
	async run(argv, io) {
		let newline = true;
		let escapes = false;
		let i = 0;
		for (; i < argv.length && /^-[neE]+$/.test(argv[i] as string); i++) {
			for (const c of (argv[i] as string).slice(1)) {
				if (c === 'n') newline = false;
				else escapes = c === 'e';
			}
		}
		let text = argv.slice(i).join(' ');
		if (escapes) {
			const r = interpretEscapes(text);
			text = r.text;
			if (r.stop) newline = false;
		}
		io.stdout(newline ? text + '\n' : text);
		return 0;
	}
};
