/**
 * Translated lessons: lesson.de.md of lesson 01 matches its original; a translation that drifts
 * (a step more, another solution, a changed check, a moved quiz answer, a wrong `lang`) is
 * rejected by lessons:check and left out of the page's catalog, which then falls back to English.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTranslations, loadLessonDir } from '../../scripts/lessons-check.ts';
import { translationDrift, translationLang, inLanguage } from '../../src/lessons/translation.ts';
import { loadLesson } from '../../src/lessons/loader.ts';
import { loadCatalog } from '../../src/ui/lesson/catalog.ts';

const DIR = resolve(import.meta.dirname, '../../lessons/01-meet-the-cluster');
const EN = readFileSync(join(DIR, 'lesson.md'), 'utf8');
const DE = readFileSync(join(DIR, 'lesson.de.md'), 'utf8');

const load = (text: string) => {
	const r = loadLesson(text, { file: 'lesson.de.md' });
	if (!r.lesson) throw new Error(r.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
	return r.lesson;
};

/** Drifted copies of the German lesson, each with the message lessons:check must give. */
const DRIFTS: { name: string; edit: (s: string) => string; expected: RegExp }[] = [
	{
		name: 'a changed solution',
		edit: (s) =>
			s.replace('```solution\nkubectl get pods -o wide', '```solution\nkubectl get pods'),
		expected: /step 1 "Die Pods auflisten": the solution differs/
	},
	{
		name: 'a changed check',
		edit: (s) => s.replace("prints: 'productpage\\s+ClusterIP", "prints: 'productpage\\s+NodePort"),
		expected: /step 2 .*: the check differs/
	},
	{
		name: 'a step removed',
		edit: (s) => s.replace(/## Step: Den Service[\s\S]*?(?=## Step: Einen Request)/, ''),
		expected: /2 step\(s\), the original has 3/
	},
	{
		name: 'a moved quiz answer',
		edit: (s) =>
			s.replace('answer: 0\nexplain: Standardmäßig', 'answer: 1\nexplain: Standardmäßig'),
		expected: /quiz question 2: choices or answer differ/
	},
	{
		name: 'a prediction settled by something else',
		edit: (s) =>
			s.replace(
				'settledBy: kubectl exec deploy/curl -- curl http://productpage:9080/productpage',
				'settledBy: kubectl get pods'
			),
		expected: /step 3 .*: the prediction’s choices, answer or settledBy differ/
	},
	{
		name: 'a hint more',
		edit: (s) =>
			s.replace(
				'```solution\nkubectl get service',
				'```hint\nNoch ein Tipp.\n```\n\n```solution\nkubectl get service'
			),
		expected: /step 2 .*: 2 hint\(s\), the original has 1/
	},
	{
		name: 'another id',
		edit: (s) => s.replace('id: meet-the-cluster', 'id: triff-den-cluster'),
		expected: /id "triff-den-cluster" differs/
	},
	{
		name: 'lang missing',
		edit: (s) => s.replace('lang: de\n', ''),
		expected: /front matter lang is "en", the file name says "de"/
	}
];

describe('lesson translations', () => {
	it('names translation files by language', () => {
		expect(translationLang('lesson.md')).toBe('en');
		expect(translationLang('lesson.de.md')).toBe('de');
		expect(translationLang('lesson.pt-br.md')).toBe('pt-br');
		expect(translationLang('notes.md')).toBeUndefined();
	});

	it('lesson 01 in German matches its original, with German prose', () => {
		const en = load(EN);
		const de = load(DE);
		expect(translationDrift(en, de, 'de')).toEqual([]);
		expect(de.lang).toBe('de');
		expect(en.lang).toBe('en');
		expect(de.steps[0]!.title).toBe('Die Pods auflisten');
		expect(de.steps[2]!.check[0]!.name).toBe('curl hat productpage erreicht (HTTP 200)');
		expect(de.recap!.quiz[0]!.question).toMatch(/Wofür steht der Name/);
		expect(de.notes).toMatch(/Beamer/);
		expect(checkTranslations(DIR, en)).toEqual([]);
	});

	it.each(DRIFTS)('rejects a translation with $name', ({ edit, expected }) => {
		const drifted = edit(DE);
		expect(drifted).not.toBe(DE);
		expect(translationDrift(load(EN), load(drifted), 'de').join('\n')).toMatch(expected);
	});

	it('lessons:check reports a drifted lesson.de.md with its file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'lesson-translation-'));
		writeFileSync(join(dir, 'lesson.md'), EN);
		writeFileSync(join(dir, 'lesson.de.md'), DRIFTS[0]!.edit(DE));
		writeFileSync(join(dir, 'lesson.fr.md'), '---\nid: x\n---\nno steps');
		const { lesson } = loadLessonDir(dir);
		const problems = checkTranslations(dir, lesson!);
		expect(problems.some((p) => /lesson\.de\.md: step 1 .*solution differs/.test(p))).toBe(true);
		expect(problems.some((p) => p.includes('lesson.fr.md:'))).toBe(true);
	});
});

describe('the page picks the learner’s language', () => {
	const files = (de: string) => ({
		'/lessons/01-meet-the-cluster/lesson.md': EN,
		'/lessons/01-meet-the-cluster/lesson.de.md': de
	});

	it('offers the German lesson in German, the original otherwise', () => {
		const [entry] = loadCatalog(files(DE));
		expect(entry!.translationProblems).toEqual([]);
		expect(inLanguage(entry!, 'de')?.title).toBe('Der Cluster stellt sich vor');
		expect(inLanguage(entry!, 'en')?.title).toBe('Meet the cluster');
		expect(inLanguage(entry!, 'fr')?.title).toBe('Meet the cluster');
	});

	it('falls back to English when the translation has drifted or does not load', () => {
		for (const broken of [DRIFTS[2]!.edit(DE), DE.replace('level: beginner', 'level: expert')]) {
			const [entry] = loadCatalog(files(broken));
			expect(inLanguage(entry!, 'de')?.title).toBe('Meet the cluster');
			expect(entry!.translationProblems.length).toBeGreaterThan(0);
		}
	});
});
