/** The inline lesson's trip through the iframe URL's fragment. */
import { describe, expect, it } from 'vitest';
import {
	MAX_INLINE_BYTES,
	decodeInlineLesson,
	encodeInlineLesson
} from '../../src/embed/inline-lesson.ts';

const LESSON =
	'---\nid: café-ünïcode\ntitle: Ünïcode ✓ 🚀\n---\n\n## Step: One\n\nRun `kubectl get pods`.\n';

describe('inline lesson codec', () => {
	it('round-trips UTF-8 markdown through a URL-safe fragment', () => {
		const encoded = encodeInlineLesson(LESSON);
		if (!('fragment' in encoded)) throw new Error(encoded.error);
		expect(encoded.fragment).toMatch(/^lesson=[A-Za-z0-9_-]+$/);
		expect(decodeInlineLesson(`#${encoded.fragment}`)).toEqual({ markdown: LESSON });
		// The browser gives the hash with its '#'; without it works too.
		expect(decodeInlineLesson(encoded.fragment)).toEqual({ markdown: LESSON });
	});

	it('refuses markdown over 64 KiB, counted in UTF-8 bytes', () => {
		expect(encodeInlineLesson('a'.repeat(MAX_INLINE_BYTES))).toHaveProperty('fragment');
		// 3 bytes each in UTF-8: fewer characters than the limit, more bytes.
		expect(encodeInlineLesson('€'.repeat(MAX_INLINE_BYTES / 2))).toEqual({
			error: 'the inline lesson is 96 KiB; the limit is 64 KiB'
		});
	});

	it('refuses an oversized or damaged fragment, and says so', () => {
		// 128 Ki base64 characters carry 96 KiB.
		expect(decodeInlineLesson(`#lesson=${'A'.repeat(MAX_INLINE_BYTES * 2)}`)).toEqual({
			error: 'the inline lesson is 96 KiB; the limit is 64 KiB'
		});
		expect(decodeInlineLesson('#lesson=abc%20def')).toEqual({
			error: 'the inline lesson in the URL is not valid base64url'
		});
		// Valid base64url of bytes that are not UTF-8 (0xff 0xfe).
		expect(decodeInlineLesson('#lesson=__4')).toEqual({
			error: 'the inline lesson in the URL is not valid UTF-8 base64url'
		});
	});

	it('passes on the element’s own error, and is absent when there is no lesson', () => {
		expect(decodeInlineLesson('#error=too%20big')).toEqual({ error: 'too big' });
		expect(decodeInlineLesson('')).toBeUndefined();
		expect(decodeInlineLesson('#other=1')).toBeUndefined();
	});
});
