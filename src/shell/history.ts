/**
 * Command history as bash keeps it with `HISTCONTROL=ignoredups`: one entry per command line (a
 * multi-line `for` is one entry), consecutive duplicates and blank lines skipped. Persistence is
 * the caller's: `load` seeds it, `save` is called after every change. A save that fails (storage
 * full) never throws out; `notice()` then says so once, for the terminal to show.
 */
import { isParseError } from './parser/ast.ts';
import { parse } from './parser/parse.ts';

export interface HistoryOptions {
	load?(): readonly string[];
	/** Returns false (or throws) when the entries could not be kept; any other result is success. */
	save?(entries: readonly string[]): unknown;
	/** Like HISTSIZE; default 1000. */
	max?: number;
}

export interface History {
	readonly entries: readonly string[];
	add(line: string): void;
	clear(): void;
	/**
	 * Once after a save failed: the message to show the learner (then undefined until a save
	 * succeeds and a later one fails again).
	 */
	notice?(): string | undefined;
}

/** What the terminal shows when history could not be saved (bash's `history:` prefix). */
export const HISTORY_NOT_SAVED =
	'bash: history: cannot save to browser storage (full or blocked): history is kept until this page closes';

export function createHistory(options: HistoryOptions = {}): History {
	const max = options.max ?? 1000;
	let entries: string[] = [];
	try {
		entries = [...(options.load?.() ?? [])].slice(-max);
	} catch {
		// A broken store must not keep the terminal from starting.
		entries = [];
	}
	/** 'told': the learner saw the notice for the current failure streak. */
	let failure: 'none' | 'pending' | 'told' = 'none';
	const save = (): void => {
		let saved: boolean;
		try {
			saved = options.save?.(entries) !== false;
		} catch {
			saved = false;
		}
		// Storage full or blocked: history still works for this session; say so once.
		if (saved) failure = 'none';
		else if (failure === 'none') failure = 'pending';
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
		},
		notice(): string | undefined {
			if (failure !== 'pending') return undefined;
			failure = 'told';
			return HISTORY_NOT_SAVED;
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
