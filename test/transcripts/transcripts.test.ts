/**
 * Golden transcripts: each folder holds `script.sh` (commands, as a learner would type them) and
 * `expected.txt` (the transcript `npm run sim` prints). `UPDATE=1` rewrites the expected files,
 * `FILTER=name` narrows the run; an empty expected file is refused, and a mismatch writes
 * `_actual.txt` beside it (git-ignored). A `scenario` file may name the starting scenario and,
 * as `npm run sim` takes it, the worker nodes and kind clusters: `bookinfo --workers 6`,
 * `empty --clusters 2`. `istio-docs/` groups one
 * transcript per page of Istio's docs swept for fidelity (issue 12), named after the page's path.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkerCount } from '../../src/mesh/cluster/nodes.ts';
import { parseClusterCount } from '../../src/shell/multicluster.ts';
import { SCENARIOS, type Scenario } from '../../src/shell/playground.ts';
import { transcript } from '../support/playground.ts';

const root = new URL('.', import.meta.url).pathname;

/** Folders holding a `script.sh`, one level of grouping deep (`istio-docs/l4-policy`). */
function caseNames(dir: string, prefix = ''): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.flatMap((d) => {
			const name = prefix + d.name;
			if (existsSync(join(root, name, 'script.sh'))) return [name];
			return prefix === '' ? caseNames(name, `${name}/`) : [];
		});
}

const cases = caseNames('').filter(
	(name) => !process.env.FILTER || name.includes(process.env.FILTER)
);

interface Start {
	readonly scenario: Scenario;
	readonly workers?: number;
	readonly clusters?: number;
}

/**
 * `NAME [--workers N] [--clusters N]`; a typo fails the case rather than silently booting the
 * default.
 */
function readStart(file: string): Start {
	if (!existsSync(file)) return { scenario: 'bookinfo' };
	const [name, ...flags] = readFileSync(file, 'utf8').trim().split(/\s+/);
	if (!SCENARIOS.includes(name as Scenario)) throw new Error(`${file}: unknown scenario "${name}"`);
	let start: Start = { scenario: name as Scenario };
	for (let i = 0; i < flags.length; i += 2) {
		const [flag, value = ''] = [flags[i], flags[i + 1]];
		const parsed =
			flag === '--workers'
				? parseWorkerCount(value)
				: flag === '--clusters'
					? parseClusterCount(value)
					: null;
		if (typeof parsed !== 'number')
			throw new Error(
				`${file}: expected "NAME [--workers N] [--clusters N]", got "${flag} ${value}"`
			);
		start = { ...start, [flag === '--workers' ? 'workers' : 'clusters']: parsed };
	}
	return start;
}

describe('transcripts', () => {
	it.each(cases)(
		'%s',
		async (name) => {
			const dir = join(root, name);
			const script = readFileSync(join(dir, 'script.sh'), 'utf8');
			const start = readStart(join(dir, 'scenario'));
			const actual = await transcript(
				script,
				'inprocess',
				start.scenario,
				start.workers,
				start.clusters
			);
			const expectedPath = join(dir, 'expected.txt');
			if (process.env.UPDATE) {
				writeFileSync(expectedPath, actual);
				return;
			}
			const expected = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : '';
			expect(
				expected.trim(),
				`${name}/expected.txt is empty: run with UPDATE=1 and review it`
			).not.toBe('');
			const actualPath = join(dir, '_actual.txt');
			if (actual !== expected) writeFileSync(actualPath, actual);
			else rmSync(actualPath, { force: true });
			expect(actual).toBe(expected);
		},
		60_000
	);
});
