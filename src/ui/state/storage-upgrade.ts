/**
 * What this page keeps in localStorage, checked and brought to the current schema before anything
 * reads it. Each key's value is checked against what its owner accepts; one that is corrupted or
 * of the wrong type is set aside (progress) or reset (settings) and the page says so, instead of
 * failing or silently forgetting. A schema written by a newer page is left untouched.
 *
 * Versions: 1 is every key as pages before the version existed wrote them (no version key);
 * 2 adds the version key and moves the animation speed under the shared `mesh-playground:` prefix.
 */
import { isJsonObject } from '../../mesh/json.ts';
import { parseProgress } from '../../lessons/progress.ts';
import type { KeyValueStore } from '../../platform/storage.ts';
import { parseSizes } from './layout.svelte.ts';
import { supportedLang } from '../i18n/languages.ts';

export const STORAGE_VERSION = 2;
export const STORAGE_VERSION_KEY = 'mesh-playground:storage-version';

/** The keys, as stored (the Storage wrapper adds `mesh-playground:` to its own). */
export const KEYS = {
	progress: 'mesh-playground:lesson-progress',
	history: 'mesh-playground:shell-history',
	theme: 'mesh-playground:theme',
	layout: 'mesh-playground:layout',
	animationSpeed: 'mesh-playground:animation-speed',
	language: 'mesh-playground:lang'
} as const;
/** Version 1's animation speed key, the one key outside the shared prefix. */
const V1_ANIMATION_SPEED = 'mesh-playground.animation-speed';
/** Where unreadable progress is kept, so nothing a learner earned is destroyed. */
export const PROGRESS_SET_ASIDE = 'mesh-playground:lesson-progress.unreadable';

/** One thing the page tells the learner about their saved data. */
export interface StorageNotice {
	readonly key: string;
	readonly message: string;
}

type Check = (text: string) => string | undefined;

function json(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

/** Layout fields whose stored type is wrong (a clamped size is fine: limits may change). */
function badLayoutFields(raw: Record<string, unknown>): string[] {
	const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
	const read = parseSizes(JSON.stringify(raw));
	return Object.keys(raw).filter((k) => {
		if (k === 'editorOpen') return typeof raw[k] !== 'boolean';
		if (k === 'narrowPane') return read.narrowPane !== raw[k];
		return k in read && !finite(raw[k]);
	});
}

const checkHistory: Check = (text) => {
	const parsed = json(text);
	if (!parsed || !Array.isArray(parsed.value)) return 'not a JSON list';
	return parsed.value.every((e) => typeof e === 'string') ? undefined : 'entries that are not text';
};

const checkTheme: Check = (text) =>
	text === 'dark' || text === 'light' ? undefined : `unknown theme ${JSON.stringify(text)}`;

const checkSpeed: Check = (text) => {
	const n = Number(text);
	return Number.isFinite(n) && n > 0 ? undefined : `not a speed: ${JSON.stringify(text)}`;
};

/** Settings: reset to their defaults when unreadable, and the learner is told. */
const SETTINGS: readonly { key: string; what: string; check: Check }[] = [
	{
		key: KEYS.layout,
		what: 'pane layout',
		check: (text) => {
			const parsed = json(text);
			return parsed && isJsonObject(parsed.value) ? undefined : 'not a JSON object';
		}
	},
	{ key: KEYS.history, what: 'shell history', check: checkHistory },
	{ key: KEYS.theme, what: 'theme', check: checkTheme },
	{ key: KEYS.animationSpeed, what: 'animation speed', check: checkSpeed },
	{
		key: KEYS.language,
		what: 'language',
		check: (text) =>
			supportedLang(text) === text
				? undefined
				: `not a language of this page: ${JSON.stringify(text)}`
	}
];

/** Version 1 → 2: the version key, and the animation speed under the shared prefix. */
function migrateV1(store: KeyValueStore): void {
	const speed = store.getItem(V1_ANIMATION_SPEED);
	if (speed !== null) {
		if (store.getItem(KEYS.animationSpeed) === null) store.setItem(KEYS.animationSpeed, speed);
		store.removeItem(V1_ANIMATION_SPEED);
	}
}

/** A layout with some wrong-typed fields keeps the others; only those go back to defaults. */
function repairLayout(store: KeyValueStore, notices: StorageNotice[]): void {
	const text = store.getItem(KEYS.layout);
	const parsed = text === null ? undefined : json(text);
	if (!parsed || !isJsonObject(parsed.value)) return;
	const raw = parsed.value;
	const bad = badLayoutFields(raw);
	if (bad.length === 0) return;
	for (const k of bad) delete raw[k];
	store.setItem(KEYS.layout, JSON.stringify(raw));
	notices.push({
		key: KEYS.layout,
		message: `Saved pane layout had unreadable ${bad.join(', ')}; ${bad.length === 1 ? 'it was' : 'they were'} reset.`
	});
}

function checkProgress(store: KeyValueStore, notices: StorageNotice[]): void {
	const text = store.getItem(KEYS.progress);
	if (text === null) return;
	const parsed = parseProgress(text);
	// A newer page's progress is kept for it; the lesson pane says it was ignored.
	if (!('error' in parsed) || /newer than this page/.test(parsed.error)) return;
	let kept = true;
	try {
		store.setItem(PROGRESS_SET_ASIDE, text);
	} catch {
		kept = false; // storage full: the original stays, and the lesson pane warns
	}
	if (kept) store.removeItem(KEYS.progress);
	notices.push({
		key: KEYS.progress,
		message: kept
			? `Saved lesson progress could not be read (${parsed.error}); it was set aside under "${PROGRESS_SET_ASIDE}" and lessons start afresh.`
			: `Saved lesson progress could not be read (${parsed.error}); lessons start afresh.`
	});
}

/**
 * Brings `store` to STORAGE_VERSION and repairs what cannot be read. Never throws: storage that
 * is blocked or full gives fewer repairs, not a failed page.
 */
export function upgradeStorage(store: KeyValueStore | undefined): StorageNotice[] {
	const notices: StorageNotice[] = [];
	if (!store) return notices;
	try {
		const stored = store.getItem(STORAGE_VERSION_KEY);
		const version = stored === null ? 1 : Number(stored);
		if (Number.isInteger(version) && version > STORAGE_VERSION) {
			notices.push({
				key: STORAGE_VERSION_KEY,
				message: `Saved settings come from a newer version of the playground (storage version ${version}); this page uses what it understands and changes nothing it does not.`
			});
			return notices;
		}
		if (!(Number.isInteger(version) && version >= 1)) {
			notices.push({
				key: STORAGE_VERSION_KEY,
				message: `The saved storage version was unreadable (${JSON.stringify(stored)}); saved data was checked as version 1.`
			});
		}
		if (!(version >= 2)) migrateV1(store);
		for (const { key, what, check } of SETTINGS) {
			const text = store.getItem(key);
			const problem = text === null ? undefined : check(text);
			if (problem === undefined) continue;
			store.removeItem(key);
			notices.push({ key, message: `Saved ${what} could not be read (${problem}); it was reset.` });
		}
		repairLayout(store, notices);
		checkProgress(store, notices);
		store.setItem(STORAGE_VERSION_KEY, String(STORAGE_VERSION));
	} catch {
		// Blocked or full: whatever was repaired stays repaired; the rest is read defensively anyway.
	}
	return notices;
}
