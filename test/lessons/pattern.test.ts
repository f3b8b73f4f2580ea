/** Lesson patterns run in linear time: a lesson from any URL must not freeze the tab. */
import { describe, expect, it } from 'vitest';
import { safeRegex } from '../../src/lessons/checks/resource.ts';

describe('lesson patterns', () => {
	it.each([
		{ pattern: 'ztunnel-\\S+\\s+1/1\\s+Running', text: 'ztunnel-abcde   1/1   Running', hit: true },
		{
			pattern: 'productpage\\s+10\\.244\\.\\d+\\.\\d+:9080',
			text: 'productpage  10.244.2.4:9080',
			hit: true
		},
		{
			pattern: 'productpage\\s+10\\.244\\.\\d+\\.\\d+:9080',
			text: 'productpage  10.244.x.4:9080',
			hit: false
		},
		{ pattern: '^two$', text: 'one\ntwo\nthree', hit: true },
		{ pattern: 'kubectl +get +(pods?|po)\\b', text: 'kubectl get po -A', hit: true },
		{ pattern: '(unclosed', text: '(unclosed', hit: false }
	])('$pattern on $text: $hit', ({ pattern, text, hit }) => {
		expect(safeRegex(pattern).test(text)).toBe(hit);
	});

	it('answers a nested quantifier on a long line (a backtracking RegExp would take 2^60 steps)', () => {
		expect(safeRegex('(a+)+$').test('a'.repeat(60) + '!')).toBe(false);
	});
});
