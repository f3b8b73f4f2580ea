/**
 * The shell's history kept in localStorage, so it survives a reload as ~/.bash_history does.
 * Bounded (bash's HISTFILESIZE-like cap) so a long session never fills the quota; anything
 * unreadable is treated as no history at all.
 */
import type { Storage } from '../../platform/storage.ts';

const KEY = 'shell-history';
/** Entries kept across reloads; the shell keeps its own (larger) HISTSIZE in memory. */
export const SAVED_HISTORY = 500;

export interface HistoryStore {
	load(): readonly string[];
	/** False when the browser refused the write (quota, privacy mode). */
	save(entries: readonly string[]): boolean;
}

export function historyStore(storage: Storage, max = SAVED_HISTORY): HistoryStore {
	/** What this tab last read or wrote, to notice another tab's writes. */
	let known: string | undefined;
	let loaded = false;
	const read = (): readonly string[] => {
		const text = storage.readText(KEY);
		if (!text) return [];
		try {
			const parsed: unknown = JSON.parse(text);
			if (!Array.isArray(parsed)) return [];
			return parsed.filter((e): e is string => typeof e === 'string').slice(-max);
		} catch {
			return [];
		}
	};
	const write = (entries: readonly string[]): boolean => {
		const text = JSON.stringify(entries.slice(-max));
		if (!storage.write(KEY, text)) return false;
		known = text;
		return true;
	};
	return {
		load() {
			known = storage.readText(KEY);
			loaded = true;
			return read();
		},
		save(entries) {
			// The shell saves after each command. If another tab saved since, add this tab's
			// newest command to that history instead of overwriting it with this tab's copy.
			const latest = entries.at(-1);
			if (!loaded || latest === undefined || storage.readText(KEY) === known) return write(entries);
			return write([...read(), latest]);
		}
	};
}
