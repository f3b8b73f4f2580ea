/**
 * `npm run lessons:record -- SCRIPT [--out lessons/NN-slug] [--title T] [--scenario S] [--seed N]`:
 * replays a command script (as `npm run sim` takes it) on a fresh playground and proposes a lesson
 * draft: a step per command that changed the cluster or sent a request, with a check on what it
 * did. Without --out the draft goes to stdout. Exit 1 on bad input or when a command failed (the
 * draft still keeps it, as a comment).
 */
import { KIND_CNI_CHAIN } from '../src/mesh/cni/kind-node.ts';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { programFor } from '../src/mesh/apps/registry.ts';
import { createInProcessRuntime } from '../src/mesh/runtime/in-process.ts';
import { createPlayground, SCENARIOS, type Scenario } from '../src/shell/playground.ts';
import { draftSteps, renderDraft } from '../src/lessons/record/draft.ts';
import { recordSession } from '../src/lessons/record/session.ts';

const USAGE = `usage: npm run lessons:record -- SCRIPT [--out lessons/NN-slug] [--title T] [--scenario ${SCENARIOS.join('|')}] [--seed N]`;

export interface RecordOptions {
	readonly script: string;
	readonly out?: string;
	readonly title?: string;
	readonly scenario?: Scenario;
	readonly seed?: number;
	/** Wall time a command may run before it is stopped (default 30 s). */
	readonly budgetMs?: number;
}

export interface RecordResult {
	readonly exitCode: 0 | 1;
	/** The draft (also written to `out/lesson.md` when `out` is set). */
	readonly draft?: string;
	/** What to tell the author, one line each. */
	readonly messages: readonly string[];
}

/** A path as the author typed it when it is under the working directory, else absolute. */
const shown = (path: string): string => {
	const rel = relative('.', path);
	return rel.startsWith('..') ? path : rel;
};

/** `lessons/07-my-thing` → `my-thing`. */
function idFor(out: string | undefined, script: string): string {
	const name = out ? basename(resolve(out)) : basename(script).replace(/\.[^.]*$/, '');
	const id = name
		.replace(/^\d+-/, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return id || 'recorded-session';
}

export async function recordLesson(options: RecordOptions): Promise<RecordResult> {
	let script: string;
	try {
		script = readFileSync(options.script === '-' ? 0 : options.script, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code ?? String(e);
		return { exitCode: 1, messages: [`cannot read ${options.script}: ${code}`] };
	}
	const target = options.out ? join(resolve(options.out), 'lesson.md') : undefined;
	if (options.out && existsSync(options.out) && !statSync(options.out).isDirectory())
		return { exitCode: 1, messages: [`--out ${options.out} is a file, not a folder`] };
	if (target && existsSync(target))
		return { exitCode: 1, messages: [`${shown(target)} already exists: not overwriting it`] };
	const scenario = options.scenario ?? 'bookinfo';
	const seed = options.seed ?? 1;
	const playground = await createPlayground({
		runtime: createInProcessRuntime({
			crypto: globalThis.crypto,
			programFor,
			cniChain: KIND_CNI_CHAIN,
			yieldToHost: () => new Promise((r) => setImmediate(r))
		}),
		seed,
		scenario
	});
	let recorded;
	try {
		recorded = await recordSession(
			script,
			playground,
			options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}
		);
	} finally {
		await playground.cluster.dispose();
	}
	const messages = recorded
		.filter((r) => r.failed)
		.map(
			(r) =>
				`\`${r.command.split('\n')[0]}\` failed (exit ${r.exitCode}): ${r.why ?? ''}; kept in the draft as a comment`
		);
	const steps = draftSteps(recorded);
	if (steps.length === 0)
		return {
			exitCode: 1,
			messages: [...messages, `${options.script} has no command that ran: nothing to draft`]
		};
	const source = options.script === '-' ? 'standard input' : basename(options.script);
	const draft = renderDraft(steps, {
		id: idFor(options.out, options.script),
		title: options.title ?? `Draft: ${source}`,
		source,
		scenario,
		seed
	});
	if (target) {
		mkdirSync(resolve(options.out as string), { recursive: true });
		writeFileSync(target, draft);
		messages.push(
			`wrote ${shown(target)}: ${steps.length} step(s); check it with npm run lessons:check ${shown(resolve(options.out as string))}`
		);
	}
	return { exitCode: recorded.some((r) => r.failed) ? 1 : 0, draft, messages };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const fail = (message: string): never => {
		process.stderr.write(`lessons:record: ${message}\n${USAGE}\n`);
		process.exit(1);
	};
	const { values, positionals } = (() => {
		try {
			return parseArgs({
				allowPositionals: true,
				options: {
					out: { type: 'string' },
					title: { type: 'string' },
					scenario: { type: 'string' },
					seed: { type: 'string' },
					help: { type: 'boolean', short: 'h' }
				}
			});
		} catch (e) {
			return fail((e as Error).message);
		}
	})();
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	const [script] = positionals;
	if (!script || positionals.length > 1) fail('expected exactly one SCRIPT');
	if (values.scenario !== undefined && !SCENARIOS.includes(values.scenario as Scenario))
		fail(`unknown scenario "${values.scenario}"`);
	const seed = values.seed === undefined ? undefined : Number(values.seed);
	if (seed !== undefined && !Number.isInteger(seed))
		fail(`--seed must be an integer, got "${values.seed}"`);
	const result = await recordLesson({
		script: script as string,
		...(values.out !== undefined ? { out: values.out } : {}),
		...(values.title !== undefined ? { title: values.title } : {}),
		...(values.scenario !== undefined ? { scenario: values.scenario as Scenario } : {}),
		...(seed !== undefined ? { seed } : {})
	}).catch((e: unknown) => fail(`could not record: ${e instanceof Error ? e.message : String(e)}`));
	if (result.draft && !values.out) process.stdout.write(result.draft);
	for (const m of result.messages) process.stderr.write(`lessons:record: ${m}\n`);
	process.exit(result.exitCode);
}
