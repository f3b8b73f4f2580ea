/**
 * `npm run fuzz -- [--iterations N] [--seed S]`: runs the fuzz campaigns (test/fuzz/*.fuzz.test.ts:
 * shell lines, manifests, lesson files, embed messages, workshop hub frames and a learner tab's
 * hub frames) with their invariants checked after every input. N is the number of inputs per
 * campaign (the embed's runs N before and N after it starts), S the seed; a failure prints its
 * seed and index, and the same arguments reproduce it exactly. Without arguments the campaigns'
 * full defaults run; `npm test` runs the first part of the shell-line and manifest campaigns.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run fuzz -- [--iterations N] [--seed S] [--verbose]';

function positiveInt(name: string, raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		process.stderr.write(`error: --${name} must be a positive integer, got "${raw}"\n${USAGE}\n`);
		process.exit(2);
	}
	return raw;
}

let values: { iterations?: string; seed?: string; verbose?: boolean };
try {
	({ values } = parseArgs({
		options: {
			iterations: { type: 'string' },
			seed: { type: 'string' },
			verbose: { type: 'boolean' }
		}
	}));
} catch (e) {
	process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
	process.exit(2);
}

const iterations = positiveInt('iterations', values.iterations);
const seed = positiveInt('seed', values.seed);
// The full campaigns: `npm test` runs the first part of the longest ones (test/fuzz/counts.ts).
const env: NodeJS.ProcessEnv = { ...process.env, FUZZ_FULL: '1' };
if (iterations)
	for (const name of ['COMMANDS', 'MANIFESTS', 'LESSONS', 'EMBED', 'WORKSHOP', 'LEARNER'])
		env[`FUZZ_${name}`] = iterations;
if (seed) env.FUZZ_SEED = seed;
if (values.verbose) env.FUZZ_VERBOSE = '1';

const result = spawnSync(
	'npx',
	[
		'vitest',
		'run',
		'--project',
		'node',
		'test/fuzz/commands.fuzz.test.ts',
		'test/fuzz/manifests.fuzz.test.ts',
		'test/fuzz/lessons.fuzz.test.ts',
		'test/fuzz/embed.fuzz.test.ts',
		'test/fuzz/workshop.fuzz.test.ts',
		'test/fuzz/learner-client.fuzz.test.ts'
	],
	{ stdio: 'inherit', env }
);
process.exit(result.status ?? 1);
