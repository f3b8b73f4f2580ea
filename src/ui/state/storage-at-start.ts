/**
 * Runs the storage upgrade once, before any module reads localStorage: main.ts imports this
 * first, so it evaluates before App's modules (the animation speed reads storage as it loads).
 */
import type { KeyValueStore } from '../../platform/storage.ts';
import { upgradeStorage, type StorageNotice } from './storage-upgrade.ts';

/** `localStorage` itself throws on access where storage is blocked (sandboxed iframes). */
function localStore(): KeyValueStore | undefined {
	try {
		return globalThis.localStorage ?? undefined;
	} catch {
		return undefined;
	}
}

/** What the page tells the learner about their saved data, this visit. */
export const storageNotices: readonly StorageNotice[] = upgradeStorage(localStore());
