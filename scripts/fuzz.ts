/**
 * `npm run fuzz -- [--iterations N] [--seed S]`: runs the fuzz campaigns (shell lines and
 * manifests, test/fuzz/*.fuzz.test.ts) with their invariants checked after every input. N is the
 * number of inputs per campaign, S the campaign seed; a failure prints its seed and index, and
 * the same arguments reproduce it exactly. Without arguments the campaigns' defaults run, as in
 * `npm test`.
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
const env: NodeJS.ProcessEnv = { ...process.env };
if (iterations) env.FUZZ_COMMANDS = env.FUZZ_MANIFESTS = iterations;
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
		'test/fuzz/manifests.fuzz.test.ts'
	],
	{ stdio: 'inherit', env }
);
process.exit(result.status ?? 1);
