import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	lessonFromFile,
	lessonFromText,
	lessonFromUrl
} from '../../../src/ui/lesson/lesson-source.ts';

const LESSONS = resolve(import.meta.dirname, '../../../lessons');
const lesson3 = readFileSync(resolve(LESSONS, '03-join-the-mesh/lesson.md'), 'utf8');
const lesson8 = readFileSync(resolve(LESSONS, '08-l7-authorization/lesson.md'), 'utf8');

const TINY = `---
id: tiny
title: Tiny
summary: One step.
level: beginner
minutes: 1
---

Intro.

## Step: Look

\`\`\`solution
kubectl get pods
\`\`\`

\`\`\`check
- name: ran get pods
  commandRan:
    matches: 'kubectl get pods'
\`\`\`
`;

describe('lessonFromText', () => {
	it('loads a self-contained lesson', () => {
		const r = lessonFromText(lesson3, 'lesson.md');
		expect(r.error).toBeUndefined();
		expect(r.lesson?.id).toBe('join-the-mesh');
		expect(r.lesson?.steps.length).toBe(4);
	});

	it.each([
		['no front matter', 'just text', /^bad\.md is not a valid lesson:\nbad\.md:\d+: /],
		[
			'a step without a check',
			TINY.replace(/```check[\s\S]*?```\n/, ''),
			/bad\.md:11: step "Look" needs exactly one ```check block \(found 0\)/
		],
		[
			'bad YAML in front matter',
			TINY.replace('minutes: 1', 'minutes: [1'),
			/bad\.md:\d+: invalid YAML/
		]
	])('reports %s with file and line', (_name, text, error) => {
		const r = lessonFromText(text, 'bad.md');
		expect(r.lesson).toBeUndefined();
		expect(r.error).toMatch(error);
	});

	it('says why a lesson naming sibling manifests cannot load from a file', () => {
		const r = lessonFromText(lesson8, 'lesson.md');
		expect(r.error).toMatch(/file not found beside lesson\.md: productpage-ztunnel\.yaml/);
		expect(r.error).toMatch(/cannot read the files beside it/);
	});
});

describe('lessonFromUrl', () => {
	const respond =
		(body: string, status = 200) =>
		() =>
			Promise.resolve(
				new Response(body, { status, statusText: status === 200 ? 'OK' : 'Not Found' })
			);

	it('fetches and loads a lesson', async () => {
		const r = await lessonFromUrl('https://example.com/tiny.md', respond(TINY));
		expect(r.lesson?.title).toBe('Tiny');
	});

	it.each([
		['HTTP 404', respond('', 404), /HTTP 404 Not Found/],
		[
			'a network or CORS failure',
			() => Promise.reject(new TypeError('Failed to fetch')),
			/Failed to fetch \(the server must be this page's origin or allow CORS\)/
		],
		['a bad lesson', respond('nope'), /^https:\/\/example\.com\/x\.md is not a valid lesson:/],
		[
			'an HTML page (a server falling back to its index)',
			() =>
				Promise.resolve(
					new Response('<!doctype html>', {
						headers: { 'content-type': 'text/html; charset=utf-8' }
					})
				),
			/the server sent a web page, not markdown/
		],
		[
			'bytes that are not UTF-8',
			() => Promise.resolve(new Response(new Uint8Array([...Buffer.from(TINY), 0xff, 0xfe]))),
			/^could not fetch the lesson at https:\/\/example\.com\/x\.md: it is not UTF-8 text$/
		]
	])('reports %s', async (_name, fetcher, error) => {
		const r = await lessonFromUrl('https://example.com/x.md', fetcher);
		expect(r.error).toMatch(error);
	});
});

describe('lessonFromFile', () => {
	it('loads a picked file as a URL is loaded', async () => {
		const r = await lessonFromFile(new File([TINY], 'tiny.md'));
		expect(r.lesson?.title).toBe('Tiny');
	});

	it.each([
		[
			'10 MB',
			new File(['x'.repeat(10 * 1024 * 1024)], 'big.md'),
			'big.md is not a lesson: it is larger than 1 MiB'
		],
		[
			'invalid UTF-8',
			new File([new Uint8Array([0x2d, 0xc3, 0x28])], 'bad.md'),
			'bad.md is not a lesson: it is not UTF-8 text'
		]
	])('refuses %s with a message', async (_name, file, error) => {
		expect((await lessonFromFile(file)).error).toBe(error);
	});
});
