/**
 * bash's brace expansion (GNU Bash Reference Manual, 3.5.1 "Brace Expansion"): a comma list or a
 * sequence `{x..y[..incr]}` of integers (zero-padded when an end has a leading zero) or single
 * letters; anything else stays literal. Istio's task pages loop with `for i in {1..20}`.
 */
import { describe, expect, it } from 'vitest';
import { expandBraces, TooManyWords } from '../../src/shell/brace-expansion.ts';

describe('brace expansion', () => {
	it.each([
		['{1..5}', ['1', '2', '3', '4', '5']],
		['a{b,c}d', ['abd', 'acd']],
		['x{01..03}', ['x01', 'x02', 'x03']],
		['{a..c}', ['a', 'b', 'c']],
		['{1..10..4}', ['1', '5', '9']],
		['{5..3}', ['5', '4', '3']],
		['{a,b{1,2}}', ['a', 'b1', 'b2']],
		['{1..2}{a,b}', ['1a', '1b', '2a', '2b']],
		['{-2..1}', ['-2', '-1', '0', '1']],
		// Not brace expressions: literal.
		['{x}', ['{x}']],
		['{}', ['{}']],
		['{1..a}', ['{1..a}']],
		['jsonpath={.items..metadata.name}', ['jsonpath={.items..metadata.name}']],
		['{1,2', ['{1,2']]
	])('%s', (word, want) => {
		expect(expandBraces(word)).toEqual(want);
	});
});

describe('brace expansion limits', () => {
	it('refuses more words than a tab can hold instead of hanging', () => {
		expect(() => expandBraces('{1..100000000}')).toThrow(TooManyWords);
		expect(() => expandBraces('{1..1000}{1..1000}{1,2}')).toThrow(TooManyWords);
	});
});
