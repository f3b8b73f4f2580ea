/**
 * A recorded session as a lesson draft (lessons/README.md's format): one step per command that
 * changed the cluster or sent a request, the read-only commands before it in its text and
 * solution, its proposed check, a placeholder hint, an ```instructor block and a `## Recap` with a
 * TODO quiz. A command that failed stays in the solution as a comment saying so. The author
 * rewrites the text; the checks and solutions replay as recorded.
 */
import { stringify } from 'yaml';
import type { Condition } from '../types.ts';
import type { RecordedCommand } from './session.ts';

export interface DraftOptions {
	/** Front matter `id` (kebab-case). */
	readonly id: string;
	readonly title: string;
	/** Where the session came from, named in the intro: `tour.sh`, `standard input`. */
	readonly source: string;
	readonly scenario: string;
	readonly seed: number;
}

export interface DraftStep {
	readonly title: string;
	/** What the learner types, in order (reads first, then the step's command). */
	readonly commands: readonly string[];
	/** Solution lines: the commands, and failed ones as comments. */
	readonly solution: readonly string[];
	readonly check: readonly Condition[];
}

const firstLine = (command: string): string => command.split('\n')[0] ?? command;

/** Comment lines that keep a failed command in the draft without replaying it. */
function failedComment(r: RecordedCommand): string {
	const why = r.why ?? '';
	return [
		`# lessons:record: this command failed (exit ${r.exitCode})${why ? `: ${why}` : ''}`,
		...r.command.split('\n').map((l) => `# ${l}`)
	].join('\n');
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function titleOf(r: RecordedCommand): string {
	if (r.kind.type === 'traffic') return `Send a request from ${r.kind.from} to ${r.kind.to}`;
	if (r.kind.type === 'read') return `Look: ${firstLine(r.command)}`;
	const words = firstLine(r.command).trim().split(/\s+/);
	const [program, verb] = words;
	if (program === 'istioctl' && verb === 'install') return 'Install Istio';
	if (program === 'istioctl' && words.includes('waypoint'))
		return words.includes('delete') ? 'Remove a waypoint' : 'Deploy a waypoint';
	const object = r.conditions[0] && 'resource' in r.conditions[0] ? r.conditions[0].resource : null;
	const args = words
		.slice(2)
		.filter((w) => !w.startsWith('-') && !w.includes('=') && w !== '<<EOF');
	const what = object ? `${object.kind} ${object.name ?? ''}`.trim() : args.slice(0, 2).join(' ');
	return `${capital(verb ?? program ?? 'run')} ${what}`.trim();
}

/** A `ran` check on the command as typed; a heredoc's body is the step's own business. */
function ranCondition(command: string): Condition {
	const line = firstLine(command).replace(/\s*<<-?\s*['"]?\w+['"]?\s*$/, '');
	return { name: `You ran \`${line}\``, ran: { command: line, exitCode: 0 } };
}

/** Groups the session into steps: each change or request closes a step. */
export function draftSteps(recorded: readonly RecordedCommand[]): DraftStep[] {
	const steps: DraftStep[] = [];
	let reads: RecordedCommand[] = [];
	let solution: string[] = [];
	for (const r of recorded) {
		if (r.failed) {
			solution.push(failedComment(r));
			continue;
		}
		solution.push(r.command);
		if (r.kind.type === 'read') {
			reads.push(r);
			continue;
		}
		steps.push({
			title: titleOf(r),
			commands: [...reads.map((x) => x.command), r.command],
			solution,
			check: r.conditions.length > 0 ? r.conditions : [ranCondition(r.command)]
		});
		reads = [];
		solution = [];
	}
	if (reads.length > 0) {
		// Reads with nothing after them: running them is the step's point.
		steps.push({
			title: titleOf(reads[0] as RecordedCommand),
			commands: reads.map((x) => x.command),
			solution,
			check: reads.slice(0, 3).map((x) => ranCondition(x.command))
		});
	} else if (solution.length > 0 && steps.length > 0) {
		// Failed commands after the last step: keep them with it.
		const last = steps.pop() as DraftStep;
		steps.push({ ...last, solution: [...last.solution, ...solution] });
	}
	return steps;
}

const fence = (info: string, body: string): string => `\`\`\`${info}\n${body.trimEnd()}\n\`\`\``;

function renderStep(step: DraftStep): string {
	return [
		`## Step: ${step.title}`,
		fence(
			'instructor',
			'minutes: 2\nnotes: >-\n  TODO: what confuses people, what to show on the projector.'
		),
		'TODO: say what this step is for, and what the learner should see.',
		fence('sh', step.commands.join('\n')),
		fence('hint', 'TODO: a hint that points to the goal without giving the command away.'),
		fence('solution', step.solution.join('\n')),
		fence('check', stringify(step.check, { lineWidth: 0 }))
	].join('\n\n');
}

const RECAP = [
	'## Recap',
	'- TODO: what the lesson taught, in a few lines.',
	fence(
		'quiz',
		stringify(
			{
				question: 'TODO: a question about what the lesson taught',
				choices: ['TODO: the right answer', 'TODO: a wrong answer', 'TODO: another wrong answer'],
				answer: 0,
				explain: 'TODO: why the right answer is right (vary where it sits).'
			},
			{ lineWidth: 0 }
		)
	)
].join('\n\n');

export function renderDraft(steps: readonly DraftStep[], options: DraftOptions): string {
	const front = stringify(
		{
			id: options.id,
			title: options.title,
			summary: 'TODO: one line on what the learner does and learns.',
			level: 'beginner',
			minutes: Math.max(1, steps.length * 2),
			prerequisites: [],
			seed: options.seed,
			setup: { scenario: options.scenario }
		},
		{ lineWidth: 0 }
	);
	const intro = [
		`TODO: where the learner starts and what they will do. (Drafted by \`npm run lessons:record\` from ${options.source}.)`,
		fence('instructor', 'notes: >-\n  TODO: what this lesson is about for an instructor.')
	].join('\n\n');
	return `---\n${front}---\n\n${[intro, ...steps.map(renderStep), RECAP].join('\n\n')}\n`;
}
