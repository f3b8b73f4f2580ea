/**
 * Issue 18 (red team), High and Medium: lessons that overflowed the markdown renderer's stack
 * (6,000 `>`; 20,000 `*` + `x` + 20,000 `*`), froze it (lists 1,000 deep), made the loader
 * throw (a solution nested 2,000 `$(…)` deep) or froze it (a 15,000-line heredoc). Each now
 * loads to a lesson or to a message with a line number; none throws. Low: `?lessonUrl=http://[`
 * threw, and the 1 MiB cap was checked only after an endless body was all in memory.
 */
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/loader.ts';
import { readDeepLink } from '../../src/ui/lesson/browser-progress.ts';
import { lessonFromUrl } from '../../src/ui/lesson/lesson-source.ts';

const lesson = (step: string, solution = 'kubectl get pods'): string => `---
id: red-team
title: Red team
summary: One step.
level: beginner
minutes: 1
---

Intro.

## Step: Look

${step}

\`\`\`solution
${solution}
\`\`\`

\`\`\`check
- name: ran get pods
  commandRan:
    matches: 'kubectl get pods'
\`\`\`
`;

const load = (source: string) => loadLesson(source, { file: 'lesson.md' });

describe('lessons the renderer cannot take', () => {
	it.each([
		['6,000 ">"', '>'.repeat(6000) + ' x', 'blockquotes nested more than 20 deep (">" 6000 times)'],
		[
			'20,000 "*" around x',
			'*'.repeat(20_000) + 'x' + '*'.repeat(20_000),
			'more than 100 "*" in a row'
		],
		[
			'20,000 "_" around x',
			'_'.repeat(20_000) + 'x' + '_'.repeat(20_000),
			'more than 100 "_" in a row'
		],
		[
			'a list nested 1,000 deep',
			Array.from({ length: 1000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
			'text indented more than 100 columns (lists nested too deep)'
		]
	])('refuses %s with a line number', (_name, step, message) => {
		const r = load(lesson(step));
		expect(r.problems?.[0]).toMatchObject({ file: 'lesson.md', message });
		// The step's text starts on line 13; a list passes 100 columns at its 52nd level (102 spaces).
		expect(r.problems?.[0]?.line).toBe(message.startsWith('text indented') ? 13 + 51 : 13);
	});

	it('keeps fenced code, horizontal rules and ordinary nesting', () => {
		const step =
			'***\n\n> > quoted twice\n\n- a\n  - b\n\n```yaml\n' + ' '.repeat(120) + 'deep: yaml\n```';
		expect(load(lesson(step)).problems).toBeUndefined();
	});
});

describe('solutions the shell cannot parse', () => {
	it('gives a lesson whose solution nests $(…) 2,000 deep a problem instead of throwing', () => {
		const deep = 'echo $('.repeat(2000) + 'x' + ')'.repeat(2000);
		const r = load(lesson('Text.', deep));
		expect(r.lesson?.steps[0]?.solution).toEqual([deep]);
	});

	it('splits a 15,000-line heredoc solution into one command', () => {
		const body = Array.from({ length: 15_000 }, (_, i) => `  k${i}: v`).join('\n');
		const solution = `kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${body}\nEOF\nkubectl get pods`;
		const r = load(lesson('Text.', solution));
		expect(r.lesson?.steps[0]?.solution.length).toBe(2);
		expect(r.lesson?.steps[0]?.solution[1]).toBe('kubectl get pods');
	});
});

describe('?lessonUrl=', () => {
	it('turns http://[ into a message, not an uncaught error', async () => {
		const link = readDeepLink('?lessonUrl=http://[', 'http://localhost/');
		expect(link.lessonUrl).toBe('http://[');
		expect(await lessonFromUrl(link.lessonUrl!)).toEqual({
			error: 'could not fetch the lesson at http://[: not a valid URL'
		});
	});

	it('stops reading an endless response at 1 MiB', async () => {
		let sent = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				sent += 64 * 1024;
				controller.enqueue(new Uint8Array(64 * 1024).fill(120));
			}
		});
		const r = await lessonFromUrl(
			'http://localhost/endless.md',
			async () => new Response(endless, { headers: { 'content-type': 'text/markdown' } })
		);
		expect(r).toEqual({
			error: 'could not fetch the lesson at http://localhost/endless.md: it is larger than 1 MiB'
		});
		expect(sent).toBeLessThan(2 * 1024 * 1024);
	});
});
