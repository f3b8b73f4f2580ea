/**
 * Reads one lesson: lesson.md (see markdown.ts for the convention) plus the manifest files it
 * names, into a validated `Lesson`, or the list of problems with file and line. Manifests are
 * turned into the `kubectl apply -f - <<EOF` commands a learner could type, so setup and
 * solutions replay the same way headless and in the page's terminal.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { endsHeredoc, pendingInput } from '../shell/parser/parse.ts';
import { firstDuplicateKey } from '../shell/yaml-keys.ts';
import type { Scenario } from '../shell/playground.ts';
import { markdownLimitProblem } from './markdown-limits.ts';
import { splitLesson, type LessonBlock, type RawSection, type RawStep } from './markdown.ts';
import { validatePart, type SchemaPart } from './schema.ts';
import type {
	Condition,
	Hint,
	Lesson,
	LessonProblem,
	LessonSetup,
	Level,
	Prediction,
	QuizQuestion,
	Recap,
	Step
} from './types.ts';

export interface LoadOptions {
	/** How problems name the file: `lessons/03-join-the-mesh/lesson.md`. */
	readonly file: string;
	/** Reads a file beside lesson.md (`manifests/deny.yaml`); undefined when missing. */
	readonly readFile?: (path: string) => string | undefined;
	/** The folder name, kept on the lesson. */
	readonly path?: string;
}

export type LoadResult =
	| { readonly lesson: Lesson; readonly problems?: undefined }
	| { readonly lesson?: undefined; readonly problems: readonly LessonProblem[] };

interface FrontMatter {
	id: string;
	title: string;
	summary: string;
	level: Level;
	minutes: number;
	prerequisites?: string[];
	setup?: { scenario?: Scenario; commands?: string[]; manifests?: string[] };
	seed?: number;
	lang?: string;
}

/** `kubectl apply -f - <<EOF`, as Istio's docs write it. */
export function applyManifest(yaml: string): string {
	const body = yaml.replace(/\s+$/, '');
	const marker = body.split('\n').some((l) => l === 'EOF') ? 'END_OF_MANIFEST' : 'EOF';
	return `kubectl apply -f - <<${marker}\n${body}\n${marker}`;
}

/** Splits a block of shell into commands the way the terminal reads lines (heredocs stay whole). */
export function splitCommandLines(text: string): string[] {
	const out: string[] = [];
	let pending: string[] = [];
	let heredoc: string | undefined;
	for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
		if (pending.length === 0 && (line.trim() === '' || line.trim().startsWith('#'))) continue;
		pending.push(line);
		// Inside a heredoc only its delimiter can end the command: don't re-parse every line.
		if (heredoc !== undefined && !endsHeredoc(line, heredoc)) continue;
		const joined = pending.join('\n');
		const more = pendingInput(joined);
		heredoc = more.heredoc;
		if (more.incomplete) continue;
		out.push(joined);
		pending = [];
	}
	if (pending.length > 0) out.push(pending.join('\n'));
	return out;
}

/** Reads a lesson; never throws: anything unexpected becomes a problem on line 0. */
export function loadLesson(source: string, options: LoadOptions): LoadResult {
	try {
		return load(source, options);
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		return { problems: [{ file: options.file, line: 0, message: `cannot read lesson: ${why}` }] };
	}
}

function load(source: string, options: LoadOptions): LoadResult {
	const tooComplex = markdownLimitProblem(source);
	if (tooComplex) return { problems: [{ file: options.file, ...tooComplex }] };
	const problems: LessonProblem[] = [];
	const report = (line: number, message: string): void => {
		problems.push({ file: options.file, line, message });
	};
	const raw = splitLesson(source);
	if ('message' in raw) return { problems: [{ file: options.file, ...raw }] };

	const front = readYaml<FrontMatter>(raw.frontMatter, raw.frontMatterLine, 'frontMatter', report);
	if (raw.steps.length === 0) report(0, 'a lesson needs at least one "## Step: Title" section');

	const readFile = (path: string, line: number): string | undefined => {
		const text = options.readFile?.(path);
		if (text === undefined) report(line, `file not found beside lesson.md: ${path}`);
		return text;
	};
	const setupLine = lineOfKey(raw.frontMatter, 'setup') + raw.frontMatterLine;
	const setup: LessonSetup = {
		scenario: front?.setup?.scenario ?? 'bookinfo',
		commands: [
			...(front?.setup?.commands ?? []),
			...(front?.setup?.manifests ?? []).flatMap((m) => {
				const text = readFile(m, setupLine);
				return text === undefined ? [] : [applyManifest(text)];
			})
		]
	};
	const notes = readIntroNotes(raw.introBlocks, report);
	const steps = raw.steps.map((s) => readStep(s, setup, report));
	const recap = raw.recap ? readRecap(raw.recap, report) : undefined;
	if (problems.length > 0 || !front) return { problems };
	return {
		lesson: {
			id: front.id,
			title: front.title,
			summary: front.summary,
			level: front.level,
			minutes: front.minutes,
			prerequisites: front.prerequisites ?? [],
			setup,
			seed: front.seed ?? 1,
			lang: front.lang ?? 'en',
			intro: raw.intro,
			...(notes ? { notes } : {}),
			steps,
			...(recap ? { recap } : {}),
			...(options.path === undefined ? {} : { path: options.path })
		}
	};
}

function readStep(
	raw: RawStep,
	lessonSetup: LessonSetup,
	report: (line: number, message: string) => void
): Step {
	const of = (kind: LessonBlock['kind']): LessonBlock[] =>
		raw.blocks.filter((b) => b.kind === kind);
	const commands = (blocks: LessonBlock[]): string[] =>
		blocks.flatMap((b) =>
			b.lang === 'yaml' ? [applyManifest(b.body)] : splitCommandLines(b.body)
		);
	if (raw.title === '') report(raw.line, 'a step needs a title: "## Step: Title"');
	const checks = of('check');
	if (checks.length !== 1)
		report(
			raw.line,
			`step "${raw.title}" needs exactly one \`\`\`check block (found ${checks.length})`
		);
	const solution = commands(of('solution'));
	if (solution.length === 0) report(raw.line, `step "${raw.title}" needs a \`\`\`solution block`);
	const check = checks[0]
		? (readYaml<Condition[]>(checks[0].body, checks[0].line, 'check', report) ?? [])
		: [];
	const predicts = of('predict');
	if (predicts.length > 1) report(raw.line, `step "${raw.title}" has more than one predict block`);
	const predictBlock = predicts[0];
	const predict = predictBlock
		? readYaml<Prediction>(predictBlock.body, predictBlock.line, 'predict', report)
		: undefined;
	if (predict && predict.answer >= predict.choices.length)
		report(predictBlock!.line, `predict.answer ${predict.answer} is not an index of choices`);
	for (const block of of('quiz'))
		report(block.line, 'a ```quiz block belongs in the "## Recap" section after the last step');
	const hints = of('hint').flatMap((b) => readHint(b, report));
	if (raw.kind === 'challenge' && hints.length === 0)
		report(
			raw.line,
			`challenge "${raw.title}" needs a \`\`\`hint block: a challenge shows hints, never its solution`
		);
	const setupBlocks = of('setup');
	const instructor = readInstructor(of('instructor'), `step "${raw.title}"`, raw.line, report);
	return {
		kind: raw.kind,
		title: raw.title,
		text: raw.text,
		hints,
		solution,
		check,
		wrong: of('wrong').map((b) => commands([b])),
		valid: of('valid').map((b) => commands([b])),
		...(setupBlocks.length > 0
			? {
					setup: {
						scenario: lessonSetup.scenario,
						commands: [...lessonSetup.commands, ...commands(setupBlocks)]
					}
				}
			: {}),
		...(predict ? { predict } : {}),
		...(instructor?.minutes ? { minutes: instructor.minutes } : {}),
		...(instructor?.notes ? { notes: instructor.notes.trim() } : {}),
		line: raw.line
	};
}

interface InstructorBlock {
	minutes?: number;
	notes?: string;
}

/** At most one ```instructor block per section. */
function readInstructor(
	blocks: readonly LessonBlock[],
	where: string,
	line: number,
	report: (line: number, message: string) => void
): InstructorBlock | undefined {
	if (blocks.length > 1) report(line, `${where} has more than one \`\`\`instructor block`);
	const block = blocks[0];
	return block
		? readYaml<InstructorBlock>(block.body, block.line, 'instructor', report)
		: undefined;
}

/** The intro holds text and, at most, the lesson's ```instructor notes. */
function readIntroNotes(
	blocks: readonly LessonBlock[],
	report: (line: number, message: string) => void
): string | undefined {
	for (const block of blocks)
		if (block.kind !== 'instructor')
			report(block.line - 1, `a \`\`\`${block.kind} block belongs in a step, not in the intro`);
	const found = blocks.filter((b) => b.kind === 'instructor');
	const instructor = readInstructor(found, 'the intro', found[1]?.line ?? 0, report);
	if (instructor?.minutes !== undefined)
		report(
			found[0]!.line,
			"the intro's instructor block takes notes only: minutes are in the front matter"
		);
	return instructor?.notes?.trim();
}

/** A plain hint is markdown; ```hint when``` is YAML: `when` (a condition) and `text`. */
function readHint(block: LessonBlock, report: (line: number, message: string) => void): Hint[] {
	if (block.body.trim() === '') {
		report(block.line, 'an empty hint block');
		return [];
	}
	if (block.lang === '') return [{ text: block.body.trim() }];
	if (block.lang !== 'when') {
		report(
			block.line - 1,
			`unknown hint kind "${block.lang}": write \`\`\`hint or \`\`\`hint when`
		);
		return [];
	}
	const hint = readYaml<Hint>(block.body, block.line, 'hint', report);
	return hint ? [{ text: hint.text.trim(), when: hint.when }] : [];
}

/** `## Recap`: markdown and ```quiz blocks, nothing that belongs to a step. */
function readRecap(raw: RawSection, report: (line: number, message: string) => void): Recap {
	const quiz: QuizQuestion[] = [];
	for (const block of raw.blocks) {
		if (block.kind !== 'quiz') {
			report(block.line - 1, `a \`\`\`${block.kind} block belongs in a step, not in the recap`);
			continue;
		}
		const q = readYaml<QuizQuestion>(block.body, block.line, 'quiz', report);
		if (!q) continue;
		if (q.answer >= q.choices.length)
			report(block.line, `quiz.answer ${q.answer} is not an index of choices`);
		else if (new Set(q.choices).size !== q.choices.length)
			report(block.line, 'quiz.choices: each choice must differ from the others');
		else quiz.push(q);
	}
	if (raw.text.trim() === '') report(raw.line, 'the recap needs text: what the lesson taught');
	return { text: raw.text, quiz, line: raw.line };
}

/** Parses YAML and validates it; problems get the line of the offending node. */
function readYaml<T>(
	text: string,
	firstLine: number,
	part: SchemaPart,
	report: (line: number, message: string) => void
): T | undefined {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
	if (doc.errors.length > 0) {
		// The first error is the useful one; the rest usually follow from it.
		const e = doc.errors[0]!;
		const at = lineCounter.linePos(e.pos[0]).line;
		report(firstLine + at - 1, `invalid YAML: ${e.message.split('\n')[0]}`);
		return undefined;
	}
	const duplicate = firstDuplicateKey(doc);
	if (duplicate) {
		const at = lineCounter.linePos(duplicate.offset).line;
		report(firstLine + at - 1, 'invalid YAML: Map keys must be unique');
		return undefined;
	}
	let value: unknown;
	try {
		value = doc.toJS();
	} catch (e) {
		// An alias with no anchor before it, or an alias bomb: the parser accepts the text, the
		// conversion to values refuses it. Point at the first alias, where the problem starts.
		const alias = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
		const at = alias ? lineCounter.linePos(alias.index + alias[1]!.length).line : 1;
		report(firstLine + at - 1, `invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
		return undefined;
	}
	const found = validatePart(part, value);
	for (const p of found) {
		const line = firstLine + lineOf(doc, p.at ?? p.path, lineCounter) - 1;
		report(line, `${formatPath(part, p.path)}${p.message}`);
	}
	return found.length === 0 ? (value as T) : undefined;
}

function formatPath(part: SchemaPart, path: readonly (string | number)[]): string {
	const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
	const root = part === 'frontMatter' ? 'front matter' : part;
	return `${root}${where}: `;
}

/** The line (1-based within the YAML) of the deepest node on `path` that exists. */
function lineOf(doc: Document, path: readonly (string | number)[], lc: LineCounter): number {
	for (let n = path.length; n >= 0; n--) {
		const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
		const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
		if (range) return lc.linePos(range[0]).line;
	}
	return 1;
}

function lineOfKey(yaml: string, key: string): number {
	const i = yaml.split('\n').findIndex((l) => l.startsWith(`${key}:`));
	return Math.max(0, i);
}
