/** Quiz text shows `backticks` as code without rendering HTML. */
import { describe, expect, it } from 'vitest';
import { codeSpans } from '../../../src/ui/lesson/code-spans.ts';

describe('codeSpans', () => {
	it.each([
		{ text: 'plain', expected: [{ text: 'plain', code: false }] },
		{
			text: 'run `kubectl get pods` now',
			expected: [
				{ text: 'run ', code: false },
				{ text: 'kubectl get pods', code: true },
				{ text: ' now', code: false }
			]
		},
		{ text: 'an unpaired ` stays', expected: [{ text: 'an unpaired ` stays', code: false }] },
		{
			text: '`<img onerror=x>`',
			expected: [{ text: '<img onerror=x>', code: true }]
		}
	])('$text', ({ text, expected }) => {
		expect(codeSpans(text)).toEqual(expected);
	});
});
