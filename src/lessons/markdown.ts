/**
 * Splits lesson.md into front matter, intro and steps, and pulls the lesson's own fenced blocks
 * (check, hint, solution, wrong, valid, setup, predict) out of each step's text. Pure text work: YAML
 * parsing and validation happen in the loader, which gets the line numbers from here.
 *
 * The convention (lessons/README.md):
 *   ---            front matter (YAML)
 *   ---
 *   intro markdown
 *   ## Step: Title        (or ## Challenge: Title: the symptom and goal, hints, no solution shown)
 *   markdown, with ```check```, ```hint```, ```solution``` (or ```solution yaml```), ```wrong```, ```valid```,
 *   ```setup``` (or ```setup yaml```) and ```predict``` blocks anywhere in the step.
 *   ## Recap              (optional, last) markdown and ```quiz``` blocks
 * An ```instructor``` block (YAML: `minutes`, `notes`) may sit in the intro or in a step.
 */

/** The info-string words that make a fenced block part of the lesson rather than its text. */
export const LESSON_BLOCKS = [
	'check',
	'hint',
	'solution',
	'wrong',
	'valid',
	'setup',
	'predict',
	'quiz',
	'instructor'
] as const;
export type LessonBlockKind = (typeof LESSON_BLOCKS)[number];

export interface LessonBlock {
	readonly kind: LessonBlockKind;
	/** The rest of the info string: `yaml` in ```solution yaml```. */
	readonly lang: string;
	readonly body: string;
	/** 1-based line of the block's first body line. */
	readonly line: number;
}

export interface RawStep {
	/** `## Step:` or `## Challenge:` (a challenge shows no solution, only hints). */
	readonly kind: 'step' | 'challenge';
	readonly title: string;
	readonly text: string;
	readonly blocks: readonly LessonBlock[];
	/** 1-based line of the heading. */
	readonly line: number;
}

export interface RawLesson {
	readonly frontMatter: string;
	/** 1-based line of the front matter's first line (after `---`). */
	readonly frontMatterLine: number;
	readonly intro: string;
	/** Lesson blocks found in the intro (only ```instructor belongs there). */
	readonly introBlocks: readonly LessonBlock[];
	readonly steps: readonly RawStep[];
	/** The `## Recap` section after the last step, if any. */
	readonly recap?: RawSection;
}

/** A section's text with its lesson blocks taken out. */
export interface RawSection {
	readonly text: string;
	readonly blocks: readonly LessonBlock[];
	/** 1-based line of the heading. */
	readonly line: number;
}

export interface MarkdownProblem {
	readonly line: number;
	readonly message: string;
}

const STEP_HEADING = /^##\s+(Step|Challenge):\s*(.*?)\s*#*\s*$/;
const RECAP_HEADING = /^##\s+Recap\s*#*\s*$/;
const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([^`]*)$/;

export function splitLesson(source: string): RawLesson | MarkdownProblem {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	if (lines[0]?.trim() !== '---') {
		return { line: 1, message: 'lesson.md must start with front matter between "---" lines' };
	}
	const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
	if (close < 0) return { line: 1, message: 'front matter is not closed by a "---" line' };
	const frontMatter = lines.slice(1, close).join('\n');

	const intro: { text: string; line: number }[] = [];
	type Section = {
		kind: 'step' | 'challenge' | 'recap';
		title: string;
		line: number;
		body: { text: string; line: number }[];
	};
	const steps: Section[] = [];
	let fence: string | undefined;
	for (let i = close + 1; i < lines.length; i++) {
		const text = lines[i] as string;
		const wasInFence = fence !== undefined;
		if (fence === undefined) fence = FENCE.exec(text)?.[2];
		else if (isClose(text, fence)) fence = undefined;
		const heading = wasInFence ? null : STEP_HEADING.exec(text);
		const recap = wasInFence ? false : RECAP_HEADING.test(text);
		if (heading || recap) {
			if (steps.at(-1)?.kind === 'recap')
				return { line: i + 1, message: 'the "## Recap" section comes after the last step' };
			const kind = recap ? 'recap' : heading?.[1] === 'Challenge' ? 'challenge' : 'step';
			steps.push({ kind, title: heading?.[2] ?? '', line: i + 1, body: [] });
			continue;
		}
		const current = steps.at(-1);
		if (current) current.body.push({ text, line: i + 1 });
		else intro.push({ text, line: i + 1 });
	}
	if (fence !== undefined) return { line: lines.length, message: 'a fenced block is not closed' };

	const introSplit = extractBlocks(intro);
	if ('message' in introSplit) return introSplit;
	const out: RawStep[] = [];
	let recap: RawSection | undefined;
	for (const step of steps) {
		const split = extractBlocks(step.body);
		if ('message' in split) return split;
		if (step.kind === 'recap') recap = { line: step.line, ...split };
		else out.push({ kind: step.kind, title: step.title, line: step.line, ...split });
	}
	return {
		frontMatter,
		frontMatterLine: 2,
		intro: introSplit.text,
		introBlocks: introSplit.blocks,
		steps: out,
		...(recap ? { recap } : {})
	};
}

/** Removes the lesson blocks from a step's lines; what is left is the step's text. */
function extractBlocks(
	lines: readonly { text: string; line: number }[]
): { text: string; blocks: LessonBlock[] } | MarkdownProblem {
	const text: string[] = [];
	const blocks: LessonBlock[] = [];
	for (let i = 0; i < lines.length; i++) {
		const { text: line, line: lineNo } = lines[i] as { text: string; line: number };
		const open = FENCE.exec(line);
		if (!open) {
			text.push(line);
			continue;
		}
		const marker = open[2] as string;
		const [word = '', ...rest] = (open[3] ?? '').trim().split(/\s+/);
		let end = i + 1;
		while (end < lines.length && !isClose(lines[end]!.text, marker)) end++;
		if (end >= lines.length) return { line: lineNo, message: 'a fenced block is not closed' };
		const body = lines.slice(i + 1, end).map((l) => l.text);
		if ((LESSON_BLOCKS as readonly string[]).includes(word)) {
			blocks.push({
				kind: word as LessonBlockKind,
				lang: rest.join(' '),
				body: body.join('\n'),
				line: lineNo + 1
			});
		} else {
			text.push(line, ...body, lines[end]!.text);
		}
		i = end;
	}
	return { text: text.join('\n').trim(), blocks };
}

function isClose(line: string, marker: string): boolean {
	const t = line.trim();
	return t.length >= marker.length && t[0] === marker[0] && /^(`+|~+)$/.test(t);
}
