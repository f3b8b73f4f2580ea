/**
 * Bash's history expansion (`!!`, `!$`, `!^`, `!*`, `!N`, `!-N`, `!string`) on a line as it is
 * entered, before it is parsed. Pure: the pty prints the expanded line, as bash does, and runs it.
 * Mirrors bash's lib/readline/histexpand.c (history_expand) for the designators a learner uses;
 * word designators after `:` and `^old^new` are not supported.
 */

export type HistoryExpansion =
	| { readonly type: 'unchanged' }
	| { readonly type: 'expanded'; readonly line: string }
	| { readonly type: 'error'; readonly message: string };

/** Characters after `!` that leave it literal (bash's history_no_expand_chars plus `=` and `(`). */
const NO_EXPAND = /[\s=(]/;

/** Expands every history reference in `line` against `entries` (oldest first). */
export function expandHistory(line: string, entries: readonly string[]): HistoryExpansion {
	if (!line.includes('!')) return { type: 'unchanged' };
	let out = '';
	let changed = false;
	let single = false;
	let double = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i] as string;
		if (c === '\\' && !single && i + 1 < line.length) {
			out += c + line[i + 1];
			i++;
			continue;
		}
		if (c === "'" && !double) single = !single;
		else if (c === '"' && !single) double = !double;
		if (c !== '!' || single) {
			out += c;
			continue;
		}
		const next = line[i + 1];
		// `!` at the end, before a blank/`=`/`(`, or closing a double-quoted string stays literal.
		if (next === undefined || NO_EXPAND.test(next) || (double && next === '"')) {
			out += c;
			continue;
		}
		const ref = /^!(!|\$|\^|\*|-?\d+|[^\s!$^*:'"`;&|<>()]+)/.exec(line.slice(i));
		if (!ref) {
			out += c;
			continue;
		}
		const [all, spec] = ref as unknown as [string, string];
		const event = findEvent(spec, entries);
		if (event === undefined) return { type: 'error', message: `${all}: event not found` };
		const words = historyWords(event);
		let text: string;
		if (spec === '$') text = words.at(-1) ?? '';
		else if (spec === '^') {
			if (words.length < 2) return { type: 'error', message: `${all}: bad word specifier` };
			text = words[1] as string;
		} else if (spec === '*') text = words.slice(1).join(' ');
		else text = event;
		out += text;
		changed = true;
		i += all.length - 1;
	}
	return changed ? { type: 'expanded', line: out } : { type: 'unchanged' };
}

/** The history line a reference names: `!!`/`!$`/`!^`/`!*` the last, `!N` the Nth, `!str` by prefix. */
function findEvent(spec: string, entries: readonly string[]): string | undefined {
	if (spec === '!' || spec === '$' || spec === '^' || spec === '*') return entries.at(-1);
	if (/^-\d+$/.test(spec)) {
		const back = Number(spec.slice(1));
		return back > 0 ? entries[entries.length - back] : undefined;
	}
	// Numbered from 1, as `history` prints them.
	if (/^\d+$/.test(spec)) return entries[Number(spec) - 1];
	for (let i = entries.length - 1; i >= 0; i--) {
		if ((entries[i] as string).startsWith(spec)) return entries[i];
	}
	return undefined;
}

/**
 * A history line's words as bash's history_tokenize splits them: blanks separate words, quotes
 * keep theirs together, and the shell's operators (`|`, `&&`, `;`, `>` …) are words of their own.
 */
export function historyWords(line: string): string[] {
	const words: string[] = [];
	let i = 0;
	while (i < line.length) {
		while (i < line.length && /\s/.test(line[i] as string)) i++;
		if (i >= line.length) break;
		const op = /^(\|\||&&|;;|>>|<<|[|&;<>()])/.exec(line.slice(i));
		if (op) {
			words.push(op[0]);
			i += op[0].length;
			continue;
		}
		let word = '';
		while (i < line.length && !/[\s|&;<>()]/.test(line[i] as string)) {
			const c = line[i] as string;
			if (c === '\\' && i + 1 < line.length) {
				word += c + line[i + 1];
				i += 2;
				continue;
			}
			if (c === '"' || c === "'") {
				const close = line.indexOf(c, i + 1);
				const end = close < 0 ? line.length : close + 1;
				word += line.slice(i, end);
				i = end;
				continue;
			}
			word += c;
			i++;
		}
		words.push(word);
	}
	return words;
}
