/**
 * The UI message catalogs: every language has every English key and no other, each message
 * uses the same placeholders as the English one (in every plural form), plurals follow the
 * language's rules, and a message missing at run time shows English, never its key.
 */
import { describe, expect, it } from 'vitest';
import { de } from '../../../src/ui/i18n/de.ts';
import { en, type MessageKey } from '../../../src/ui/i18n/en.ts';
import { format, placeholders, type Message } from '../../../src/ui/i18n/format.ts';
import { loadLanguage, locale, t, tAround, translate } from '../../../src/ui/i18n/i18n.svelte.ts';
import { LANGS } from '../../../src/ui/i18n/languages.ts';
import { resolveLang, supportedLang } from '../../../src/ui/i18n/languages.ts';

type Catalog = Readonly<Record<string, Message>>;
/** Every language the page offers, loaded as the page loads it. */
const ALL: Record<string, Catalog> = Object.fromEntries(
	await Promise.all(LANGS.map(async (lang) => [lang, await loadLanguage(lang)] as const))
);
const CATALOGS = Object.fromEntries(Object.entries(ALL).filter(([lang]) => lang !== 'en'));
const keys = Object.keys(en).sort();

describe('message catalogs', () => {
	it('English has messages', () => {
		expect(keys.length).toBeGreaterThan(300);
	});

	it.each(Object.entries(CATALOGS))('%s has exactly the English keys', (_, catalog) => {
		expect(Object.keys(catalog).sort()).toEqual(keys);
	});

	it.each(Object.entries(CATALOGS))('%s uses the English placeholders', (_, catalog) => {
		const differ = keys.filter(
			(k) =>
				JSON.stringify(placeholders(catalog[k]!)) !==
				JSON.stringify(placeholders(en[k as MessageKey]))
		);
		expect(differ).toEqual([]);
	});

	it.each(Object.entries(ALL))('%s has no empty message', (_, catalog) => {
		const empty = keys.filter((k) => {
			const m = catalog[k]!;
			return (typeof m === 'string' ? [m] : (Object.values(m) as string[])).some(
				(x) => x.trim() === ''
			);
		});
		expect(empty).toEqual([]);
	});

	it('German is translated, not copied: most messages differ from English', () => {
		const same = keys.filter(
			(k) => JSON.stringify(de[k as MessageKey]) === JSON.stringify(en[k as MessageKey])
		);
		expect(same.length / keys.length).toBeLessThan(0.2);
	});
});

describe('format', () => {
	it('fills placeholders and leaves unknown ones as written', () => {
		expect(format('Step {n}: {title}', { n: 2, title: 'Join' })).toBe('Step 2: Join');
		expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
	});

	it('picks plural forms by the language’s rules', () => {
		const pods = { one: '{count} pod', other: '{count} pods' };
		expect(format(pods, { count: 1 }, 'en')).toBe('1 pod');
		expect(format(pods, { count: 0 }, 'en')).toBe('0 pods');
		expect(format(pods, { count: 3 }, 'de')).toBe('3 pods');
		// Polish has "few": a language with more forms than English gets them.
		const pl = {
			one: '{count} pod',
			few: '{count} pody',
			many: '{count} podów',
			other: '{count} poda'
		};
		expect(format(pl, { count: 3 }, 'pl')).toBe('3 pody');
		expect(format(pl, { count: 5 }, 'pl')).toBe('5 podów');
	});
});

describe('t', () => {
	it('follows the page’s language', async () => {
		await locale.set('de');
		expect(t('lesson.check')).toBe('Prüfen');
		expect(t('picker.progress', { done: 1, count: 3 })).toBe('1 von 3 Schritten erledigt');
		await locale.set('en');
		expect(t('lesson.check')).toBe('Check');
		expect(t('picker.progress', { done: 1, count: 1 })).toBe('1 of 1 step done');
	});

	it('falls back to English for a message a catalog lacks, never to the key', () => {
		const partial = { ...de } as Record<string, Message>;
		delete partial['lesson.check'];
		expect(translate('de', 'lesson.check', {}, partial)).toBe('Check');
	});

	it('splits a message around markup', async () => {
		await locale.set('de');
		expect(tAround('predict.pending', 'command')).toEqual([
			'Deine Vorhersage steht. Führe jetzt ',
			' aus, um es herauszufinden.'
		]);
		await locale.set('en');
	});
});

describe('choosing the language', () => {
	it('reads ?lang=, then the stored choice, then the browser, then English', () => {
		expect(resolveLang({ param: 'de', stored: 'en', browser: ['en-US'] })).toBe('de');
		expect(resolveLang({ param: 'xx', stored: 'de', browser: ['en-US'] })).toBe('de');
		expect(resolveLang({ param: null, stored: null, browser: ['fr-FR', 'de-AT'] })).toBe('de');
		expect(resolveLang({ param: 'klingon', stored: 'x', browser: ['fr'] })).toBe('en');
		expect(supportedLang('DE_ch')).toBe('de');
	});
});
