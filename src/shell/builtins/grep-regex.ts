/**
 * POSIX regular expressions (GNU flavour) to JavaScript ones. BRE (`grep`) treats `( ) { } | + ?`
 * as literals and `\( \) \{ \} \| \+ \?` as operators; ERE (`grep -E`) the reverse. Bracket
 * expressions take `[:alpha:]`-style classes and a literal backslash. Errors are GNU's messages.
 */

const CLASSES: Record<string, string> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: 'a-zA-Z0-9',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
	word: '\\w',
	cntrl: '\\x00-\\x1f\\x7f',
	print: ' -~',
	graph: '!-~'
};

const JS_SPECIAL = /[.*+?^${}()|[\]\\/]/;
const escapeJs = (c: string): string => (JS_SPECIAL.test(c) ? '\\' + c : c);

function bracket(src: string, start: number): { js: string; end: number } | { error: string } {
	let i = start + 1;
	let out = '[';
	if (src[i] === '^') {
		out += '^';
		i++;
	}
	if (src[i] === ']') {
		out += '\\]';
		i++;
	}
	for (; i < src.length; i++) {
		const c = src[i] as string;
		if (c === ']') return { js: out + ']', end: i };
		if (c === '[' && src[i + 1] === ':') {
			const close = src.indexOf(':]', i + 2);
			if (close < 0) break;
			const name = src.slice(i + 2, close);
			const cls = CLASSES[name];
			if (cls === undefined) return { error: 'Invalid character class name' };
			out += cls;
			i = close + 1;
			continue;
		}
		out += c === '\\' || c === '[' || c === ']' || c === '^' ? '\\' + c : c;
	}
	return { error: 'Unmatched [, [^, [:, [., or [=' };
}

/** Translates a GNU BRE or ERE to a JavaScript RegExp source. */
export function translateRegex(src: string, extended: boolean): string | { error: string } {
	let out = '';
	let depth = 0;
	/** True where `*` is literal and `^` is an anchor in a BRE: at the start of an expression. */
	let atStart = true;
	for (let i = 0; i < src.length; i++) {
		const c = src[i] as string;
		const wasStart = atStart;
		atStart = false;
		if (c === '\\') {
			const n = src[++i];
			if (n === undefined) return { error: 'Trailing backslash' };
			const op = !extended && '(){}|+?'.includes(n);
			if (op) {
				if (n === '(') {
					depth++;
					atStart = true;
				} else if (n === ')') {
					if (depth === 0) return { error: 'Unmatched ) or \\)' };
					depth--;
				} else if (n === '|') atStart = true;
				else if (n === '{') {
					const close = src.indexOf('\\}', i);
					if (close < 0) return { error: 'Unmatched \\{' };
					const body = src.slice(i + 1, close);
					if (!/^\d*(,\d*)?$/.test(body)) return { error: 'Invalid content of \\{\\}' };
					out += `{${body.startsWith(',') ? '0' + body : body}}`;
					i = close + 1;
					continue;
				}
				out += n;
				continue;
			}
			if (n === '<') out += '\\b(?=\\w)';
			else if (n === '>') out += '\\b(?<=\\w)';
			else if ('bBwWsS'.includes(n) || /[1-9]/.test(n)) out += '\\' + n;
			else out += escapeJs(n);
			continue;
		}
		if (c === '[') {
			const b = bracket(src, i);
			if ('error' in b) return b;
			out += b.js;
			i = b.end;
			continue;
		}
		if (c === '*') {
			out += wasStart ? '\\*' : '*';
			continue;
		}
		if (c === '^') {
			if (extended || wasStart) {
				out += '^';
				atStart = true;
			} else out += '\\^';
			continue;
		}
		if (c === '$') {
			const rest = src.slice(i + 1);
			const atEnd = rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|');
			out += extended || atEnd ? '$' : '\\$';
			continue;
		}
		if (!extended) {
			// Literal in a BRE, operators in JavaScript.
			out += '(){}|+?/'.includes(c) ? '\\' + c : c;
			continue;
		}
		if (c === '(') {
			depth++;
			atStart = true;
			out += '(';
		} else if (c === ')') {
			if (depth === 0) out += '\\)';
			else {
				depth--;
				out += ')';
			}
		} else if (c === '|') {
			atStart = true;
			out += '|';
		} else if (c === '{') {
			const m = /^\{(\d*)(,(\d*))?\}/.exec(src.slice(i));
			if (m && (m[1] || m[3])) {
				out += `{${m[1] || '0'}${m[2] ?? ''}}`;
				i += m[0].length - 1;
			} else out += '\\{';
		} else if (c === '+' || c === '?') out += wasStart ? '\\' + c : c;
		else out += c === '}' || c === ']' || c === '/' ? '\\' + c : c;
	}
	if (depth > 0) return { error: 'Unmatched ( or \\(' };
	return out;
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
