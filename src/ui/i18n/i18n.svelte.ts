/**
 * The page's language and `t()`, the one way UI text reaches the screen. `t` reads the language
 * from `$state`, so every template that calls it re-renders when the learner picks another one.
 * English is in the bundle; another language's catalog loads on demand (a few KB), before the
 * page switches to it. A message a catalog lacks (only possible for a catalog built at run time)
 * falls back to English; a key is never shown.
 */
import type { Storage } from '../../platform/storage.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { format, type Params } from './format.ts';
import { LANGS, resolveLang, type Lang } from './languages.ts';

/** Where each language's catalog comes from: add a language here (and in languages.ts). */
const LOADERS: Readonly<Record<Lang, () => Promise<Messages>>> = {
	en: () => Promise.resolve(en),
	de: () => import('./de.ts').then((m) => m.de)
};
const loaded: Partial<Record<Lang, Messages>> = { en };

/** `lang`'s catalog, loaded once. */
export async function loadLanguage(lang: Lang): Promise<Messages> {
	const catalog = loaded[lang] ?? (await LOADERS[lang]());
	loaded[lang] = catalog;
	return catalog;
}

const STORAGE_KEY = 'lang';

class Locale {
	#lang = $state<Lang>('en');
	#storage: Storage | undefined;

	get lang(): Lang {
		return this.#lang;
	}

	/** Chooses the start language from the address, the stored choice and the browser. */
	init(storage: Storage, search: string, browser: readonly string[]): Promise<void> {
		this.#storage = storage;
		return this.#set(
			resolveLang({
				param: new URLSearchParams(search).get('lang'),
				stored: storage.readText(STORAGE_KEY),
				browser
			})
		);
	}

	/** The learner's choice: kept for the next visit. */
	async choose(lang: Lang): Promise<void> {
		this.#storage?.write(STORAGE_KEY, lang);
		await this.#set(lang);
	}

	/** Sets the language without remembering it (tests). */
	set(lang: Lang): Promise<void> {
		return this.#set(lang);
	}

	/** The catalog first, then the switch; `<html lang>` follows (screen readers, hyphenation). */
	async #set(lang: Lang): Promise<void> {
		try {
			await loadLanguage(lang);
		} catch {
			// A chunk that failed to load (offline, a new deploy): the page stays as it is.
			return;
		}
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
	catalog: Partial<Messages> = loaded[lang] ?? en
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
