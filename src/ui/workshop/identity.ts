/**
 * Who this tab is in a workshop: a display name the learner typed and a random id, kept per
 * workshop in localStorage so a reload is the same learner (no account). Also the instructor's
 * secret, read once from the URL fragment and kept in sessionStorage for reloads.
 */
import { t } from '../i18n/i18n.svelte.ts';
import { LIMITS } from '../../workshop/protocol.ts';

export interface LearnerIdentity {
	readonly name: string;
	readonly learnerId: string;
}

/** The subset of `Storage` used here; a blocked storage throws, and is treated as empty. */
export interface KeyValue {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

/**
 * The browser's `localStorage` or `sessionStorage`: reading the global itself throws where storage
 * is blocked, so it is read on each call and the helpers above treat a throw as empty.
 */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): KeyValue {
	const store = (): Storage => globalThis[kind];
	return {
		getItem: (k) => store().getItem(k),
		setItem: (k, v) => store().setItem(k, v),
		removeItem: (k) => store().removeItem(k)
	};
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The name as the hub will keep it (trimmed, inner spaces collapsed), or why it is refused. */
export function displayName(raw: string): { name: string } | { error: string } {
	const name = raw.trim().replace(/\s+/g, ' ');
	if (name.length === 0) return { error: t('join.error.empty') };
	if (name.length > LIMITS.nameChars)
		return { error: t('join.error.long', { max: LIMITS.nameChars }) };
	if (CONTROL.test(name)) return { error: t('join.error.control') };
	return { name };
}

const learnerKey = (code: string) => `mesh-playground:workshop:${code}`;

export function loadIdentity(storage: KeyValue, code: string): LearnerIdentity | undefined {
	try {
		const v: unknown = JSON.parse(storage.getItem(learnerKey(code)) ?? 'null');
		if (typeof v !== 'object' || v === null) return undefined;
		const { name, learnerId } = v as Record<string, unknown>;
		if (typeof name !== 'string' || typeof learnerId !== 'string') return undefined;
		const checked = displayName(name);
		if ('error' in checked || !/^[A-Za-z0-9_-]{1,64}$/.test(learnerId)) return undefined;
		return { name: checked.name, learnerId };
	} catch {
		return undefined;
	}
}

/** Keeps the name with the tab's learner id (made once per workshop). */
export function saveIdentity(
	storage: KeyValue,
	code: string,
	name: string,
	newId: () => string
): LearnerIdentity {
	const identity = { name, learnerId: loadIdentity(storage, code)?.learnerId ?? newId() };
	try {
		storage.setItem(learnerKey(code), JSON.stringify(identity));
	} catch {
		// Blocked storage: this tab still joins; a reload asks for the name again.
	}
	return identity;
}

export function forgetIdentity(storage: KeyValue, code: string): void {
	try {
		storage.removeItem(learnerKey(code));
	} catch {
		// Nothing was kept.
	}
}

const secretKey = (code: string) => `mesh-playground:workshop-secret:${code}`;

/**
 * The instructor's secret: from the fragment (`#secret=…`), kept in `session` so a reload works
 * once the fragment is gone, or the kept one. The secret never travels in a URL to the server.
 */
export function instructorSecret(
	hash: string,
	session: KeyValue,
	code: string
): string | undefined {
	const fromHash = new URLSearchParams(hash.replace(/^#/, '')).get('secret') ?? undefined;
	try {
		if (fromHash) session.setItem(secretKey(code), fromHash);
		return fromHash ?? session.getItem(secretKey(code)) ?? undefined;
	} catch {
		return fromHash;
	}
}

/** `?workshop=CODE&view=…` as the page reads it. */
export interface WorkshopParams {
	readonly code: string | undefined;
	readonly view: 'learner' | 'instructor' | 'presenter';
}

export function workshopParams(search: string): WorkshopParams {
	const p = new URLSearchParams(search);
	const code = p.get('workshop')?.trim() || undefined;
	const v = p.get('view');
	return { code, view: v === 'instructor' || v === 'presenter' ? v : 'learner' };
}
