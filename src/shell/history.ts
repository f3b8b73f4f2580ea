/**
 * Command history as bash keeps it with `HISTCONTROL=ignoredups`: one entry per command line (a
 * multi-line `for` is one entry), consecutive duplicates and blank lines skipped. Persistence is
 * the caller's: `load` seeds it, `save` is called after every change.
 */
import { isParseError } from './parser/ast.ts';
import { parse } from './parser/parse.ts';

export interface HistoryOptions {
	load?(): readonly string[];
	save?(entries: readonly string[]): void;
	/** Like HISTSIZE; default 1000. */
	max?: number;
}

export interface History {
	readonly entries: readonly string[];
	add(line: string): void;
	clear(): void;
}

export function createHistory(options: HistoryOptions = {}): History {
	const max = options.max ?? 1000;
	let entries: string[] = [];
	try {
		entries = [...(options.load?.() ?? [])].slice(-max);
	} catch {
		// A broken store must not keep the terminal from starting.
		entries = [];
	}
	const save = (): void => {
		try {
			options.save?.(entries);
		} catch {
			// Storage full or blocked: history still works for this session.
		}
	};
	return {
		get entries() {
			return entries;
		},
		add(line: string): void {
			if (line.trim() === '' || entries.at(-1) === line) return;
			entries.push(line);
			if (entries.length > max) entries = entries.slice(-max);
			save();
		},
		clear(): void {
			entries = [];
			save();
		}
	};
}

/**
 * History keeps a multi-line command on one line, joined as bash's `cmdhist` does, unless it has
 * a heredoc or continuation lines, which only make sense with their newlines.
 */
export function historyEntry(lines: readonly string[]): string {
	const literal = lines.join('\n');
	if (lines.length === 1 || lines.some((l) => /<<|\\$/.test(l))) return literal;
	let out = '';
	for (const raw of lines) {
		const line = raw.trim();
		if (!line) continue;
		if (!out) out = line;
		else if (/(\bdo|\bthen|\belse|[{(|;]|&&)$/.test(out)) out += ' ' + line;
		else out += '; ' + line;
	}
	return isParseError(parse(out)) ? literal : out;
}
