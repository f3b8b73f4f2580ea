/**
 * Golden transcripts: each folder holds `script.sh` (commands, as a learner would type them) and
 * `expected.txt` (the transcript `npm run sim` prints). `UPDATE=1` rewrites the expected files,
 * `FILTER=name` narrows the run; an empty expected file is refused, and a mismatch writes
 * `_actual.txt` beside it (git-ignored). A `scenario` file may name the starting scenario.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/shell/playground.ts';
import { transcript } from '../support/playground.ts';

const root = new URL('.', import.meta.url).pathname;
const cases = readdirSync(root, { withFileTypes: true })
	.filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'script.sh')))
	.map((d) => d.name)
	.filter((name) => !process.env.FILTER || name.includes(process.env.FILTER));

describe('transcripts', () => {
	it.each(cases)(
		'%s',
		async (name) => {
			const dir = join(root, name);
			const script = readFileSync(join(dir, 'script.sh'), 'utf8');
			const scenarioFile = join(dir, 'scenario');
			const scenario = existsSync(scenarioFile)
				? (readFileSync(scenarioFile, 'utf8').trim() as Scenario)
				: 'bookinfo';
			const actual = await transcript(script, 'inprocess', scenario);
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
