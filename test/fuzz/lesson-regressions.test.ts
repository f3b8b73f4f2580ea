/** Lesson files the lesson fuzzer once broke the loader with, and the problem it reports now. */
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/loader.ts';

const lesson = (block: string): string =>
	[
		'---',
		'id: x',
		'title: T',
		'summary: S',
		'level: beginner',
		'minutes: 5',
		'---',
		'',
		'## Step: One',
		'',
		block,
		'',
		'```solution',
		'kubectl get pods',
		'```',
		''
	].join('\n');

describe('lesson fuzz regressions', () => {
	it.each([
		{
			// yaml parses `*a` before any `&a` without an error; only toJS refuses it, and the
			// loader said "cannot read lesson" on line 0.
			name: 'an alias with no anchor (a merge key in a predict block)',
			markdown: lesson(
				'```predict\nquestion: q\n<<: *a\nchoices: [a, b]\nanswer: 1\nexplain: e\n```\n\n```check\n- name: n\n  ran: {command: kubectl}\n```'
			),
			problems: [
				{
					file: 'f.md',
					line: 13,
					message: 'invalid YAML: Unresolved alias (the anchor must be set before the alias): a'
				}
			]
		},
		{
			name: 'an alias bomb in a check block',
			markdown: lesson(
				'```check\n- &a {name: n, ran: {command: kubectl}}\n' +
					Array.from(
						{ length: 12 },
						(_, i) => `- &b${i} [${Array(11).fill('*a').join(', ')}]`
					).join('\n') +
					'\n```'
			),
			problems: [
				{
					file: 'f.md',
					line: 13,
					message: 'invalid YAML: Excessive alias count indicates a resource exhaustion attack'
				}
			]
		}
	])('$name', ({ markdown, problems }) => {
		expect(loadLesson(markdown, { file: 'f.md' })).toEqual({ problems });
	});
});
