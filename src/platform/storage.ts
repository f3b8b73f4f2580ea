/**
 * Small typed wrapper over `localStorage`. Reading it throws in sandboxed iframes and with
 * storage disabled, and docs sites embed us in iframes (DESIGN.md), so every access is guarded:
 * storage is a nice-to-have, never a reason for the page to fail.
 */

/** The subset of the Web Storage API we use; Node tests pass a Map-backed fake. */
export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

const PREFIX = 'mesh-playground:';

export interface Storage {
	/** The stored value, or `fallback` when absent, unreadable or not one of `allowed`. */
	read<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
	/** The stored text, or undefined when absent or unreadable (the caller validates it). */
	readText(key: string): string | undefined;
	/** Returns false when the browser refused the write (quota, privacy mode). */
	write(key: string, value: string): boolean;
	remove(key: string): void;
}

export function createStorage(backend: () => KeyValueStore | undefined): Storage {
	const store = (): KeyValueStore | undefined => {
		try {
			return backend();
		} catch {
			return undefined;
		}
	};
	return {
		read(key, allowed, fallback) {
			try {
				const v = store()?.getItem(PREFIX + key);
				return allowed.find((a) => a === v) ?? fallback;
			} catch {
				return fallback;
			}
		},
		readText(key) {
			try {
				return store()?.getItem(PREFIX + key) ?? undefined;
			} catch {
				return undefined;
			}
		},
		write(key, value) {
			try {
				const s = store();
				if (!s) return false;
				s.setItem(PREFIX + key, value);
				return true;
			} catch {
				return false;
			}
		},
		remove(key) {
			try {
				store()?.removeItem(PREFIX + key);
			} catch {
				// Nothing to do: the value was never readable either.
			}
		}
	};
}

/** The page's storage; `globalThis.localStorage` itself may throw on access, hence the getter. */
export const browserStorage: Storage = createStorage(() =>
	typeof localStorage === 'undefined' ? undefined : localStorage
);
