/**
 * Damaged and generated lesson files for the lesson fuzzer: the bundled lessons cut, spliced and
 * mutated the way an author's typo or a hostile URL would, plus lessons written from scratch with
 * random front matter, fences and check trees (predicates nested, misspelt, of the wrong type).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PREDICATE_KEYS } from '../../src/lessons/schema.ts';
import type { Prng } from './prng.ts';
import { junk, mutateText } from './text-mutations.ts';

export interface LessonCase {
	readonly label: string;
	readonly markdown: string;
	/** Files beside lesson.md, by the path the lesson names them. */
	readonly files: ReadonlyMap<string, string>;
}

const LESSONS = new URL('../../lessons/', import.meta.url).pathname;

/** Every bundled lesson with the files beside it: the corpus the mutations start from. */
const CORPUS: readonly LessonCase[] = readdirSync(LESSONS)
	.filter((d) => statSync(join(LESSONS, d)).isDirectory())
	.sort()
	.map((dir) => {
		const files = new Map<string, string>();
		for (const f of readdirSync(join(LESSONS, dir)))
			if (f !== 'lesson.md') files.set(f, readFileSync(join(LESSONS, dir, f), 'utf8'));
		return {
			label: dir,
			markdown: readFileSync(join(LESSONS, dir, 'lesson.md'), 'utf8'),
			files
		};
	});

const BLOCKS = ['check', 'solution', 'hint', 'predict', 'setup', 'wrong', 'valid', 'sh', 'yaml'];
const FENCES = ['```', '````', '~~~', '``', '```` ', '   ```'];
const YAML_JUNK = [
	'{',
	'[',
	'- - -',
	'&a [*a]',
	'*missing',
	'!!binary x',
	'? [a]\n: b',
	'key: value: other',
	'"unterminated',
	'\t- tab',
	'<<: *a',
	'%YAML 1.1\n---',
	'---\n---',
	'~',
	'null',
	'0x1F',
	'.inf',
	'1e400',
	'-9007199254740993'
];
const SCALARS: readonly unknown[] = [
	'',
	'x',
	'productpage',
	'default',
	0,
	-1,
	1.5,
	1e308,
	true,
	null,
	[],
	{},
	'\u0000',
	'💥',
	'.*(a+)+$',
	'x'.repeat(300)
];

/** A random predicate tree, sometimes well formed, sometimes not, never deeper than `depth`. */
function condition(rng: Prng, depth: number): unknown {
	const key = rng.chance(0.9) ? rng.pick(PREDICATE_KEYS) : junk(rng, rng.range(1, 4));
	if (key === 'allOf' || key === 'anyOf')
		return {
			[key]:
				depth <= 0 ? [] : Array.from({ length: rng.range(0, 3) }, () => condition(rng, depth - 1))
		};
	if (key === 'not') return { not: depth <= 0 ? rng.pick(SCALARS) : condition(rng, depth - 1) };
	const fields: Record<string, unknown> = {};
	for (let i = rng.range(0, 4); i > 0; i--)
		fields[
			rng.pick([
				'kind',
				'name',
				'namespace',
				'from',
				'to',
				'mtls',
				'status',
				'command',
				'contains',
				'pattern',
				'view',
				'path',
				'equals',
				'exists',
				'port',
				'label',
				junk(rng, 2)
			])
		] = rng.chance(0.2) && depth > 0 ? condition(rng, depth - 1) : rng.pick(SCALARS);
	return { [key]: rng.chance(0.1) ? rng.pick(SCALARS) : fields };
}

/** YAML from a value, written by hand so the generator controls flow and block styles. */
function yaml(value: unknown, indent = ''): string {
	if (Array.isArray(value))
		return value.length === 0
			? '[]'
			: value.map((v) => `\n${indent}- ${yaml(v, indent + '  ').replace(/^\n\s*/, '')}`).join('');
	if (value && typeof value === 'object') {
		const entries = Object.entries(value);
		return entries.length === 0
			? '{}'
			: entries
					.map(([k, v]) => `\n${indent}${JSON.stringify(k)}: ${yaml(v, indent + '  ')}`)
					.join('');
	}
	return JSON.stringify(value) ?? 'null';
}

function block(rng: Prng): string {
	const kind = rng.pick(BLOCKS);
	const fence = rng.chance(0.85) ? '```' : rng.pick(FENCES);
	const body =
		kind === 'check'
			? yaml(Array.from({ length: rng.range(0, 3) }, () => condition(rng, rng.range(0, 4)))).trim()
			: kind === 'predict'
				? yaml({
						question: rng.pick(SCALARS),
						choices: rng.chance(0.7) ? ['a', 'b'] : rng.pick(SCALARS),
						answer: rng.pick([0, 1, 2, -1, 1.5, 'a', null]),
						...(rng.chance(0.5) ? { explain: 'why' } : {}),
						...(rng.chance(0.5) ? { settledBy: rng.pick(SCALARS) } : {})
					}).trim()
				: rng.pick([
						'kubectl get pods',
						'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\nEOF',
						'cat <<EOF\nunterminated',
						'',
						'   ',
						rng.pick(YAML_JUNK)
					]);
	return `${fence}${kind}\n${rng.chance(0.1) ? rng.pick(YAML_JUNK) + '\n' : ''}${body}\n${rng.chance(0.95) ? fence : ''}`;
}

function frontMatter(rng: Prng): string {
	const fields: Record<string, unknown> = {
		id: rng.chance(0.8) ? rng.pick(['fuzz', 'a-b', 'x1']) : rng.pick(SCALARS),
		title: rng.chance(0.8) ? 'A fuzzed lesson' : rng.pick(SCALARS),
		summary: rng.chance(0.8) ? 'Generated.' : rng.pick(SCALARS),
		level: rng.pick(['beginner', 'intermediate', 'advanced', 'expert', 3, null]),
		minutes: rng.pick([5, 0, -5, 1.5, 1e9, '10', null]),
		...(rng.chance(0.5)
			? {
					setup: rng.chance(0.8)
						? {
								scenario: rng.pick(['bookinfo', 'empty', 'nope', 7]),
								commands: rng.chance(0.7) ? ['kubectl get ns'] : rng.pick(SCALARS),
								...(rng.chance(0.3)
									? { manifests: [rng.pick(['a.yaml', '../etc/passwd', '', 'missing.yaml'])] }
									: {})
							}
						: rng.pick(SCALARS)
				}
			: {}),
		...(rng.chance(0.3) ? { seed: rng.pick([1, -1, 2 ** 53, 'x']) } : {}),
		...(rng.chance(0.2) ? { prerequisites: rng.pick([['a'], 'a', [1], null]) } : {}),
		...(rng.chance(0.1) ? { [junk(rng, 3)]: rng.pick(SCALARS) } : {})
	};
	for (const key of Object.keys(fields)) if (rng.chance(0.05)) delete fields[key];
	return `---${yaml(fields)}\n---\n`;
}

/** A lesson from nothing: front matter, an intro, steps of random blocks. */
function generated(rng: Prng): LessonCase {
	let md = rng.chance(0.95) ? frontMatter(rng) : rng.pick(YAML_JUNK) + '\n';
	md += '\nIntro text with `code` and **bold**.\n';
	for (let s = rng.range(0, 4); s > 0; s--) {
		md += `\n## ${rng.chance(0.9) ? 'Step: ' : rng.pick(['Step:', 'step: ', 'Step '])}${rng.chance(0.9) ? 'Do a thing' : ''}\n\nText.\n\n`;
		for (let b = rng.range(0, 6); b > 0; b--) md += block(rng) + '\n\n';
	}
	return { label: 'generated', markdown: md, files: new Map([['a.yaml', 'kind: Namespace\n']]) };
}

/** Lines of `text` shuffled in runs, dropped, or doubled: sections land in the wrong places. */
function spliceLines(rng: Prng, text: string): string {
	const lines = text.split('\n');
	for (let k = rng.range(1, 4); k > 0; k--) {
		const at = rng.int(lines.length);
		const len = rng.range(1, 12);
		switch (rng.int(4)) {
			case 0:
				lines.splice(at, len);
				break;
			case 1:
				lines.splice(at, 0, ...lines.slice(rng.int(lines.length), rng.int(lines.length) + len));
				break;
			case 2:
				lines.splice(at, 0, ...block(rng).split('\n'));
				break;
			default:
				lines.splice(at, 0, rng.pick(FENCES) + rng.pick(BLOCKS));
		}
	}
	return lines.join('\n');
}

/** Text past the markdown limits or of unusual size: deep quotes, long runs, many steps. */
function extreme(rng: Prng, base: string): string {
	switch (rng.int(5)) {
		case 0:
			return base + '\n' + '>'.repeat(rng.range(10, 5000)) + ' deep\n';
		case 1:
			return base + '\n' + '*'.repeat(rng.range(50, 20000)) + 'x\n';
		case 2:
			return base + '\n' + ' '.repeat(rng.range(50, 3000)) + '- nested\n';
		case 3:
			return base.replace(/## Step:/g, () => '## Step:'.repeat(rng.range(1, 3)));
		default:
			return base + ('\n## Step: again\n\n' + block(rng)).repeat(rng.range(1, 200));
	}
}

export function generateLesson(rng: Prng): LessonCase {
	if (rng.chance(0.25)) return generated(rng);
	const base = rng.pick(CORPUS);
	const how = rng.weighted<(s: string) => string>([
		[30, (s) => mutateText(rng, s, 6)],
		[30, (s) => spliceLines(rng, s)],
		[10, (s) => extreme(rng, s)],
		[10, (s) => s.replace(/\n/g, rng.pick(['\r\n', '\r', '\n\n']))],
		[10, (s) => s.slice(0, rng.int(s.length))],
		[10, (s) => mutateText(rng, spliceLines(rng, s), 3)]
	]);
	const files = new Map(base.files);
	if (rng.chance(0.2)) for (const [k, v] of files) files.set(k, mutateText(rng, v, 4));
	return { label: base.label, markdown: how(base.markdown), files };
}
