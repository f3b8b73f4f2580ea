/**
 * The page's language and `t()`, the one way UI text reaches the screen. `t` reads the language
 * from `$state`, so every template that calls it re-renders when the learner picks another one.
 * A message a catalog lacks (only possible for a catalog built at run time) falls back to
 * English; a key is never shown.
 */
import type { Storage } from '../../platform/storage.ts';
import { de } from './de.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { format, type Params } from './format.ts';
import { LANGS, resolveLang, type Lang } from './languages.ts';

/** Every language's catalog: add a language here (and in languages.ts). */
export const CATALOGS: Readonly<Record<Lang, Messages>> = { en, de };
const STORAGE_KEY = 'lang';

class Locale {
	#lang = $state<Lang>('en');
	#storage: Storage | undefined;

	get lang(): Lang {
		return this.#lang;
	}

	/** Chooses the start language from the address, the stored choice and the browser. */
	init(storage: Storage, search: string, browser: readonly string[]): void {
		this.#storage = storage;
		this.#set(
			resolveLang({
				param: new URLSearchParams(search).get('lang'),
				stored: storage.readText(STORAGE_KEY),
				browser
			})
		);
	}

	/** The learner's choice: kept for the next visit. */
	choose(lang: Lang): void {
		this.#set(lang);
		this.#storage?.write(STORAGE_KEY, lang);
	}

	/** Sets the language without remembering it (tests; a language the embed was given). */
	set(lang: Lang): void {
		this.#set(lang);
	}

	/** `<html lang>` follows, for screen readers, hyphenation and the browser's translator. */
	#set(lang: Lang): void {
		this.#lang = lang;
		if (typeof document !== 'undefined') document.documentElement.lang = lang;
	}
}

export const locale = new Locale();

/** `key`'s message in the page's language, with `params` filled in. */
export function t(key: MessageKey, params?: Params): string {
	return translate(locale.lang, key, params);
}

/**
 * `key`'s message in `lang` (non-reactive). `catalog` is for tests: a catalog built at run time
 * may lack a key, and then the English message shows.
 */
export function translate(
	lang: Lang,
	key: MessageKey,
	params?: Params,
	catalog: Partial<Messages> = CATALOGS[lang]
): string {
	return format(catalog[key] ?? en[key], params, lang);
}

export { LANGS, type Lang };

/**
 * `key`'s message split around the placeholder `{name}`, for markup in the middle of a
 * sentence (`run <code>…</code> to find out`): each language puts the markup where it belongs.
 */
export function tAround(key: MessageKey, name: string, params?: Params): [string, string] {
	const text = t(key, params);
	const at = text.indexOf(`{${name}}`);
	return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + name.length + 2)];
}

/** One piece of a message: text, or (`slot`, with empty text) where markup goes. */
export interface MessagePart {
	readonly text: string;
	readonly slot?: string;
}

/**
 * `key`'s message as text and slots, for a sentence with several pieces of markup: every
 * `{name}` not in `params` becomes `{ slot: name }`.
 */
export function tParts(key: MessageKey, params?: Params): MessagePart[] {
	const parts: MessagePart[] = [];
	let last = 0;
	const text = t(key, params);
	for (const m of text.matchAll(/\{(\w+)\}/g)) {
		if (m.index > last) parts.push({ text: text.slice(last, m.index) });
		parts.push({ text: '', slot: m[1]! });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last) });
	return parts;
}
