import { describe, expect, it } from 'vitest';
import { deepLink, readDeepLink } from '../../../src/ui/lesson/browser-progress.ts';

const BASE = 'https://play.example/app/';

describe('readDeepLink', () => {
	it.each([
		['', { step: 1 }],
		['?lesson=waypoints&step=3', { lesson: 'waypoints', step: 3 }],
		['?lesson=waypoints&step=zero', { lesson: 'waypoints', step: 1 }],
		['?lessonUrl=/authors/x.md', { lessonUrl: 'https://play.example/authors/x.md', step: 1 }],
		[
			'?lessonUrl=https%3A%2F%2Fdocs.example%2Fl.md&lesson=l&step=2',
			{ lesson: 'l', lessonUrl: 'https://docs.example/l.md', step: 2 }
		]
	])('%s', (search, link) => {
		expect(readDeepLink(search, BASE)).toEqual(link);
	});
});

describe('deepLink', () => {
	it('keeps lessonUrl while a lesson is open and drops it on close', () => {
		const open = deepLink(`${BASE}?lessonUrl=%2Fa.md`, 'tiny', 1);
		expect(new URL(open).searchParams.get('lessonUrl')).toBe('/a.md');
		expect(new URL(open).searchParams.get('step')).toBe('2');
		expect(deepLink(open, undefined, 0)).toBe(BASE);
	});
});
