/**
 * Message formatting, ICU-like and small: `{name}` placeholders, and plurals as an object of
 * `Intl.PluralRules` categories chosen by the `count` parameter (`{ one: '{count} pod', other:
 * '{count} pods' }`). No dependency: the page needs nothing more (no selects, no dates).
 */

/** A plural message: `other` is required, as in ICU; the rest are the language's categories. */
export interface PluralMessage {
	readonly zero?: string;
	readonly one?: string;
	readonly two?: string;
	readonly few?: string;
	readonly many?: string;
	readonly other: string;
}

export type Message = string | PluralMessage;

export type Params = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{(\w+)\}/g;

const rules = new Map<string, Intl.PluralRules>();
function pluralRules(lang: string): Intl.PluralRules {
	let r = rules.get(lang);
	if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
	return r;
}

/** The message's text for `params` in `lang`; an unknown placeholder stays as written. */
export function format(message: Message, params: Params = {}, lang = 'en'): string {
	const text =
		typeof message === 'string'
			? message
			: (message[pluralRules(lang).select(Number(params.count ?? 0))] ?? message.other);
	return text.replace(PLACEHOLDER, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** The placeholder names a message uses, in every plural form, sorted. */
export function placeholders(message: Message): string[] {
	const texts = typeof message === 'string' ? [message] : Object.values(message);
	const names = new Set<string>();
	for (const t of texts) for (const m of t.matchAll(PLACEHOLDER)) names.add(m[1]!);
	return [...names].sort();
}
