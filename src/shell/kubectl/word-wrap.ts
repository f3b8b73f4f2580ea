/**
 * mitchellh/go-wordwrap's `WrapString`, which kubectl's `term.NewWordWrapWriter` (and so
 * `kubectl explain`'s `wrap` template function) uses: breaks at whitespace so lines stay within
 * `limit` runes, keeps existing newlines, never splits a word longer than the limit.
 */
const NBSP = '\u00a0';
const isSpace = (c: string): boolean => /\s/u.test(c) && c !== NBSP;

export function wrapString(s: string, limit: number): string {
	let out = '';
	let current = 0;
	let word = '';
	let wordLen = 0;
	let space = '';
	let spaceLen = 0;
	for (const ch of s) {
		if (ch === '\n') {
			if (wordLen === 0) {
				if (current + spaceLen <= limit) out += space;
			} else out += space + word;
			space = word = '';
			spaceLen = wordLen = 0;
			out += ch;
			current = 0;
		} else if (isSpace(ch)) {
			if (spaceLen === 0 || wordLen > 0) {
				current += spaceLen + wordLen;
				out += space + word;
				space = word = '';
				spaceLen = wordLen = 0;
			}
			space += ch;
			spaceLen++;
		} else {
			word += ch;
			wordLen++;
			if (current + spaceLen + wordLen > limit && wordLen < limit) {
				out += '\n';
				current = 0;
				space = '';
				spaceLen = 0;
			}
		}
	}
	if (wordLen === 0) {
		if (current + spaceLen <= limit) out += space;
	} else out += space + word;
	return out;
}
