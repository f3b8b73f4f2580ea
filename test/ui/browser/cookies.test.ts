import { describe, expect, it } from 'vitest';
import { CookieJar, formEncode } from '../../../src/ui/browser/cookies.ts';

describe('CookieJar', () => {
	it('keeps cookies per forwarded port, the latest value winning', () => {
		const jar = new CookieJar();
		jar.set(9080, [['session', 'a']]);
		jar.set(9080, [
			['session', 'b'],
			['user', 'jason']
		]);
		expect(jar.header(9080)).toBe('session=b; user=jason');
		expect(jar.header(8080)).toBeUndefined();
	});
});

describe('formEncode', () => {
	it.each([
		{ pairs: [['username', 'jason']] as const, expected: 'username=jason' },
		{ pairs: [['q', 'a b&c']] as const, expected: 'q=a+b%26c' },
		{ pairs: [] as const, expected: '' }
	])('$expected', ({ pairs, expected }) => {
		expect(formEncode(pairs)).toBe(expected);
	});
});
