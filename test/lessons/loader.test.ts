import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/loader.ts';

const FRONT = `---
id: demo
title: Demo
summary: A demo.
level: beginner
minutes: 5
---
`;

const STEP = `## Step: Label it

Run this:

\`\`\`sh
kubectl label namespace default istio.io/dataplane-mode=ambient
\`\`\`

\`\`\`hint
first hint
\`\`\`

\`\`\`hint
second hint
\`\`\`

\`\`\`solution
kubectl label namespace default istio.io/dataplane-mode=ambient
\`\`\`

\`\`\`check
- name: labelled
  resource:
    kind: namespace
    name: default
    labels:
      istio.io/dataplane-mode: ambient
\`\`\`
`;

describe('loadLesson', () => {
	it('reads front matter, steps, hints, solution and check; lesson blocks leave the text', () => {
		const { lesson, problems } = loadLesson(`${FRONT}\nIntro.\n\n${STEP}`, { file: 'x.md' });
		expect(problems).toBeUndefined();
		expect(lesson?.id).toBe('demo');
		expect(lesson?.intro).toBe('Intro.');
		expect(lesson?.setup).toEqual({ scenario: 'bookinfo', commands: [] });
		const step = lesson!.steps[0]!;
		expect(step.title).toBe('Label it');
		expect(step.hints).toEqual([{ text: 'first hint' }, { text: 'second hint' }]);
		expect(step.kind).toBe('step');
		expect(step.solution).toEqual([
			'kubectl label namespace default istio.io/dataplane-mode=ambient'
		]);
		expect(step.check[0]).toMatchObject({ name: 'labelled', resource: { kind: 'namespace' } });
		expect(step.text).toContain('```sh');
		expect(step.text).not.toContain('```hint');
		expect(step.line).toBe(11);
	});

	it('reads instructor notes for the lesson and each step, and a step’s estimated minutes', () => {
		const intro = 'Intro.\n\n```instructor\nnotes: |\n  Show the topology first.\n```\n';
		const step = STEP.replace(
			'Run this:',
			'Run this:\n\n```instructor\nminutes: 3\nnotes: People forget the namespace.\n```'
		);
		const { lesson, problems } = loadLesson(`${FRONT}\n${intro}\n${step}`, { file: 'x.md' });
		expect(problems).toBeUndefined();
		expect(lesson?.intro).toBe('Intro.');
		expect(lesson?.notes).toBe('Show the topology first.');
		expect(lesson?.steps[0]).toMatchObject({ minutes: 3, notes: 'People forget the namespace.' });
		expect(lesson?.steps[0]?.text).not.toContain('instructor');
	});

	it.each([
		['minutes: 0', /instructor\.minutes: must be >= 1/],
		['minutes: three', /instructor\.minutes: must be integer/],
		['notez: hi', /instructor: unknown key "notez"|must NOT have additional properties|notez/]
	])('rejects an instructor block with %s', (body, message) => {
		const step = STEP.replace('Run this:', `Run this:\n\n\`\`\`instructor\n${body}\n\`\`\``);
		const { problems } = loadLesson(`${FRONT}\n${step}`, { file: 'x.md' });
		expect(problems?.map((p) => p.message).join('\n')).toMatch(message);
	});

	it('says which blocks do not belong in the intro, with their line', () => {
		const intro = 'Intro.\n\n```check\n- name: x\n  ran: { command: ls }\n```\n';
		const { problems } = loadLesson(`${FRONT}\n${intro}\n${STEP}`, { file: 'x.md' });
		expect(problems).toEqual([
			{ file: 'x.md', line: 11, message: 'a ```check block belongs in a step, not in the intro' }
		]);
	});

	it('turns a yaml solution and setup manifests into kubectl apply heredocs', () => {
		const src = FRONT.replace('---\n', '---\nsetup:\n  manifests: [m.yaml]\n').replace(
			/^---\nsetup/,
			'---\nsetup'
		);
		const withYaml = STEP.replace(
			'```solution\nkubectl label namespace default istio.io/dataplane-mode=ambient\n```',
			'```solution yaml\nkind: Namespace\n```'
		);
		const { lesson } = loadLesson(src + withYaml, {
			file: 'x.md',
			readFile: (p) => (p === 'm.yaml' ? 'kind: ConfigMap\n' : undefined)
		});
		expect(lesson?.setup.commands).toEqual(['kubectl apply -f - <<EOF\nkind: ConfigMap\nEOF']);
		expect(lesson?.steps[0]?.solution).toEqual(['kubectl apply -f - <<EOF\nkind: Namespace\nEOF']);
	});

	it('keeps a heredoc with its body as one solution command', () => {
		const src =
			FRONT +
			STEP.replace(
				'```solution\nkubectl label namespace default istio.io/dataplane-mode=ambient\n```',
				'```solution\nkubectl apply -f - <<EOF\nkind: X\nEOF\nkubectl get x\n```'
			);
		expect(loadLesson(src, { file: 'x.md' }).lesson?.steps[0]?.solution).toEqual([
			'kubectl apply -f - <<EOF\nkind: X\nEOF',
			'kubectl get x'
		]);
	});

	const bad: { name: string; source: string; line: number; message: RegExp }[] = [
		{ name: 'no front matter', source: STEP, line: 1, message: /must start with front matter/ },
		{
			name: 'missing title',
			source: FRONT.replace('title: Demo\n', '') + STEP,
			line: 2,
			message: /front matter: missing required field "title"/
		},
		{
			name: 'bad level',
			source: FRONT.replace('beginner', 'expert') + STEP,
			line: 5,
			message: /front matter\.level: must be one of: beginner, intermediate, advanced/
		},
		{
			name: 'unknown field in a check, at its own line',
			source: FRONT + STEP.replace('    name: default\n', '    name: default\n    nmespace: x\n'),
			line: 33,
			message: /check\[0\]\.resource: unknown field "nmespace"/
		},
		{
			name: 'two predicates in one condition',
			source: FRONT + STEP.replace('  resource:', '  commandRan: {matches: x}\n  resource:'),
			line: 29,
			message: /check\[0\]: has resource and commandRan/
		},
		{
			name: 'invalid YAML in a check',
			source: FRONT + STEP.replace('- name: labelled', '- name: [labelled'),
			line: 30,
			message: /invalid YAML/
		},
		{
			name: 'a step without a check',
			source: FRONT + STEP.replace(/```check[\s\S]*$/, ''),
			line: 8,
			message: /needs exactly one ```check block \(found 0\)/
		},
		{
			name: 'a missing manifest file',
			source:
				FRONT.replace('minutes: 5\n', 'minutes: 5\nsetup:\n  manifests: [gone.yaml]\n') + STEP,
			line: 7,
			message: /file not found beside lesson.md: gone.yaml/
		},
		{
			name: 'a prediction answer out of range',
			source:
				FRONT +
				STEP.replace(
					'Run this:',
					'```predict\nquestion: Q?\nchoices: [a, b]\nanswer: 2\nexplain: E\n```'
				),
			line: 11,
			message: /predict.answer 2 is not an index of choices/
		}
	];

	it.each(bad)('reports $name with its line', ({ source, line, message }) => {
		const { problems } = loadLesson(source, { file: 'lessons/x/lesson.md' });
		expect(problems).toBeDefined();
		const hit = problems!.find((p) => message.test(p.message));
		expect(hit, problems!.map((p) => `${p.line}: ${p.message}`).join('\n')).toBeDefined();
		expect(hit!.line).toBe(line);
		expect(hit!.file).toBe('lessons/x/lesson.md');
	});
});
