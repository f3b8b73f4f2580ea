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
	save(entries: readonly string[]): void;
}

export function historyStore(storage: Storage, max = SAVED_HISTORY): HistoryStore {
	return {
		load() {
			const text = storage.readText(KEY);
			if (!text) return [];
			try {
				const parsed: unknown = JSON.parse(text);
				if (!Array.isArray(parsed)) return [];
				return parsed.filter((e): e is string => typeof e === 'string').slice(-max);
			} catch {
				return [];
			}
		},
		save(entries) {
			storage.write(KEY, JSON.stringify(entries.slice(-max)));
		}
	};
}
