/**
 * Byte-level damage shared by the command and manifest fuzzers: the typos, stray shell
 * metacharacters, control bytes and odd Unicode a terminal or a paste can deliver.
 */
import type { Prng } from './prng.ts';

/** Characters that mean something to the shell, the YAML scanner or a terminal. */
export const SPECIAL = [
	"'",
	'"',
	'`',
	'$',
	'|',
	'&',
	';',
	'<',
	'>',
	'(',
	')',
	'{',
	'}',
	'[',
	']',
	'*',
	'?',
	'~',
	'!',
	'#',
	'\\',
	'=',
	',',
	':',
	'-',
	'--',
	'%',
	'@',
	' ',
	'\t',
	'\n',
	'\r',
	'\0',
	'\x01',
	'\x07',
	'\x1b[31m',
	'\x7f',
	'é',
	'Ω',
	'💥',
	'\u202e',
	'\ufeff',
	'\u00a0',
	'\ud800',
	'\u0300'
] as const;

/** A run of characters from `alphabet`, `length` long. */
export function junk(rng: Prng, length: number, alphabet: readonly string[] = SPECIAL): string {
	let s = '';
	for (let i = 0; i < length; i++) s += rng.pick(alphabet);
	return s;
}

/** One to `maxOps` random edits: insert, delete, duplicate, replace, swap, truncate. */
export function mutateText(rng: Prng, text: string, maxOps = 3): string {
	let s = text;
	const ops = rng.range(1, maxOps);
	for (let k = 0; k < ops; k++) {
		const at = rng.int(s.length + 1);
		const len = rng.range(1, Math.max(1, Math.min(12, s.length - at)));
		switch (rng.int(7)) {
			case 0:
				s = s.slice(0, at) + rng.pick(SPECIAL) + s.slice(at);
				break;
			case 1:
				s = s.slice(0, at) + s.slice(at + len);
				break;
			case 2:
				s = s.slice(0, at) + s.slice(at, at + len).repeat(rng.range(2, 4)) + s.slice(at);
				break;
			case 3:
				s = s.slice(0, at) + junk(rng, rng.range(1, 3)) + s.slice(at + 1);
				break;
			case 4: {
				const other = rng.int(s.length + 1);
				const [x, y] = at < other ? [at, other] : [other, at];
				s =
					s.slice(0, x) +
					s.slice(y, y + len) +
					s.slice(x + len, y) +
					s.slice(x, x + len) +
					s.slice(y + len);
				break;
			}
			case 5:
				s = s.slice(0, at);
				break;
			default:
				s = s.slice(0, at) + String.fromCharCode(rng.int(0x80)) + s.slice(at);
		}
	}
	return s;
}
