/**
 * Issue 18 (red team), Medium: `[0-9]{0,30000}x` compiled to a huge program and froze each
 * lesson check for 13-17 s. The compiled size is capped: grep refuses it with glibc's wording
 * and a lesson pattern using it never matches; ordinary bounded repeats still work.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../shell/harness.ts';

describe('regular expressions past the size cap', () => {
	it('grep refuses [0-9]{0,30000}x as too big', async () => {
		const r = await run(`echo 123x | grep -E '[0-9]{0,30000}x'`);
		expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'grep: Regular expression too big\n' });
	});

	it('still matches bounded repeats of ordinary size', async () => {
		const r = await run(`echo 123x | grep -oE '[0-9]{0,1000}x'`);
		expect(r).toMatchObject({ code: 0, stdout: '123x\n' });
	});
});
