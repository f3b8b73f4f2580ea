/**
 * The languages the page speaks and how one is chosen: `?lang=` (or an embed's `lang`
 * attribute, passed on as `?lang=`), then the learner's choice in the header, then the
 * browser's languages, then English.
 */

export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language's name in itself, for the header's selector. */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { en: 'English', de: 'Deutsch' };

/** `de`, `de-AT`, `DE_ch` → `de`; undefined for a language the page does not speak. */
export function supportedLang(tag: string | null | undefined): Lang | undefined {
	const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
	return LANGS.find((l) => l === base);
}

export interface LangSources {
	/** `?lang=` of the page's address. */
	readonly param?: string | null | undefined;
	/** The learner's choice, as stored. */
	readonly stored?: string | null | undefined;
	/** `navigator.languages` (or `[navigator.language]`). */
	readonly browser?: readonly string[] | undefined;
}

export function resolveLang(sources: LangSources): Lang {
	return (
		supportedLang(sources.param) ??
		supportedLang(sources.stored) ??
		(sources.browser ?? []).map(supportedLang).find((l) => l !== undefined) ??
		'en'
	);
}
