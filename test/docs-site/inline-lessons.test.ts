/**
 * The docs site's inline scenarios (```` ```mesh-lesson ```` fences in examples/docs-site) are
 * lessons like any other: each must load, and its checks must fail before and pass after its
 * solution, or a reader would be handed an exercise that cannot be done.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/loader.ts';
import { verifyLesson } from '../../src/lessons/verify.ts';
import { headlessHost } from '../../scripts/lessons-check.ts';

const SITE = resolve(import.meta.dirname, '../../examples/docs-site');
const FENCE = /^````mesh-lesson[^\n]*\n([\s\S]*?)^````$/gm;

function pages(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.name.startsWith('.')
			? []
			: d.isDirectory()
				? pages(join(dir, d.name))
				: d.name.endsWith('.md') && d.name !== 'README.md'
					? [join(dir, d.name)]
					: []
	);
}

const inline = pages(SITE).flatMap((file) =>
	[...readFileSync(file, 'utf8').matchAll(FENCE)].map((m, i) => ({
		where: `${relative(SITE, file)} #${i + 1}`,
		source: m[1] ?? ''
	}))
);

describe('docs site inline lessons', () => {
	it('every page of the site has one', () => {
		expect(inline.map((l) => l.where.split(' ')[0]).sort()).toEqual([
			'ambient/data-plane.md',
			'ambient/l4-security.md',
			'ambient/waypoints.md'
		]);
	});

	it.each(inline)('$where loads and replays: checks fail before, pass after', async (l) => {
		const loaded = loadLesson(l.source, { file: l.where, path: 'inline' });
		expect(loaded.problems ?? []).toEqual([]);
		expect(loaded.lesson?.steps.length).toBe(1);
		const problems = await verifyLesson(loaded.lesson!, () => headlessHost());
		expect(problems).toEqual([]);
	});
});
