/** The embedding page's copy of embed progress: merged lesson by lesson, back through the fragment. */
import { describe, expect, it } from 'vitest';
import {
	MAX_PROGRESS_CHARS,
	combineProgress,
	mergeProgress,
	progressFragment,
	progressFromHash
} from '../../src/embed/progress-relay.ts';

const lesson = (current: number) => ({ current, steps: { '0': { status: 'solved', hints: 0 } } });
const doc = (lessons: Record<string, unknown>) => ({ version: 1, lessons });

describe('progress relay', () => {
	it('two embeds on one page: neither wipes the other’s lesson', () => {
		const a = mergeProgress(null, doc({ a: lesson(1) }));
		const both = mergeProgress(a, doc({ b: lesson(2) }));
		expect(JSON.parse(both!)).toEqual(doc({ a: lesson(1), b: lesson(2) }));
		const updated = mergeProgress(both, doc({ a: lesson(3) }));
		expect(JSON.parse(updated!)).toEqual(doc({ a: lesson(3), b: lesson(2) }));
	});

	it('ignores what is not a progress document, and a stored one that is broken', () => {
		expect(mergeProgress(null, 'nope')).toBeUndefined();
		expect(mergeProgress(null, { version: 1 })).toBeUndefined();
		expect(JSON.parse(mergeProgress('{broken', doc({ a: lesson(0) }))!)).toEqual(
			doc({ a: lesson(0) })
		);
	});

	it('round-trips through the iframe fragment, and refuses oversized documents', () => {
		const text = JSON.stringify(doc({ a: lesson(1) }));
		const fragment = progressFragment(text);
		expect(fragment).toMatch(/^progress=[A-Za-z0-9_-]+$/);
		expect(progressFromHash(`#lesson=abc&${fragment}`)).toBe(text);
		expect(progressFragment('not json')).toBeUndefined();
		const huge = JSON.stringify(
			doc({ a: { current: 0, steps: {}, pad: 'x'.repeat(MAX_PROGRESS_CHARS) } })
		);
		expect(progressFragment(huge)).toBeUndefined();
		expect(mergeProgress(null, JSON.parse(huge))).toBeUndefined();
		expect(progressFromHash('#progress=%%%')).toBeUndefined();
	});

	it('the embed reads its own storage with the page’s copy over it', () => {
		const own = JSON.stringify(doc({ a: lesson(0), b: lesson(1) }));
		const page = JSON.stringify(doc({ a: lesson(2) }));
		expect(JSON.parse(combineProgress(own, page)!)).toEqual(doc({ a: lesson(2), b: lesson(1) }));
		expect(combineProgress(undefined, page)).toBe(page);
		expect(combineProgress(undefined, undefined)).toBeNull();
	});
});
