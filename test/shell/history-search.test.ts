import { describe, expect, it } from 'vitest';
import { ReverseSearch, searchStep } from '../../src/shell/history-search.ts';

const HISTORY = [
	'kubectl get pods',
	'kubectl get svc',
	'echo quit',
	'kubectl get svc',
	'kubectl exec deploy/curl -- echo hi'
];

/** The prompt and line bash shows, with `|` at the cursor. */
function shown(s: ReverseSearch): string {
	return s.prompt + s.line.slice(0, s.cursor) + '|' + s.line.slice(s.cursor);
}

describe('ReverseSearch', () => {
	it('starts on the typed line with an empty search', () => {
		const s = new ReverseSearch(HISTORY, 'draft', 5);
		expect(shown(s)).toBe("(reverse-i-search)`': draft|");
		expect(s.historyIndex).toBeUndefined();
	});

	it('typing finds the newest line containing the text, cursor on the match', () => {
		const s = new ReverseSearch(HISTORY, '', 0);
		s.type('q');
		expect(shown(s)).toBe("(reverse-i-search)`q': echo |quit");
		expect(s.historyIndex).toBe(2);
	});

	it('narrowing keeps the match while it still matches', () => {
		const s = new ReverseSearch(HISTORY, '', 0);
		s.type('get');
		expect(shown(s)).toBe("(reverse-i-search)`get': kubectl |get svc");
		s.type(' p');
		expect(shown(s)).toBe("(reverse-i-search)`get p': kubectl |get pods");
		expect(s.historyIndex).toBe(0);
	});

	it('Ctrl-R again goes older and skips identical lines', () => {
		const s = new ReverseSearch(HISTORY, '', 0);
		s.type('kubectl');
		expect(s.line).toBe(HISTORY[4]);
		s.older();
		expect(s.historyIndex).toBe(3);
		s.older();
		// HISTORY[1] equals HISTORY[3]: skipped, as readline does.
		expect(s.historyIndex).toBe(0);
		expect(s.older()).toBe(false);
		expect(shown(s)).toBe("(failed reverse-i-search)`kubectl': |kubectl get pods");
	});

	it('Ctrl-R finds an earlier match in the same line first', () => {
		const s = new ReverseSearch(HISTORY, '', 0);
		s.type('echo');
		expect(shown(s)).toBe("(reverse-i-search)`echo': kubectl exec deploy/curl -- |echo hi");
		s.older();
		expect(shown(s)).toBe("(reverse-i-search)`echo': |echo quit");
	});

	it('a search that finds nothing fails and keeps the last match', () => {
		const s = new ReverseSearch(HISTORY, '', 0);
		s.type('qu');
		s.type('z');
		expect(s.failed).toBe(true);
		expect(shown(s)).toBe("(failed reverse-i-search)`quz': echo |quit");
		s.backspace();
		expect(shown(s)).toBe("(reverse-i-search)`qu': echo |quit");
	});

	it('backspace to an empty search shows the typed line again', () => {
		const s = new ReverseSearch(HISTORY, 'typed', 5);
		s.type('p');
		s.backspace();
		expect(shown(s)).toBe("(reverse-i-search)`': typed|");
		expect(s.backspace()).toBe(false);
	});

	it('keeps what was typed for Ctrl-G', () => {
		const s = new ReverseSearch(HISTORY, 'kubectl ge', 7);
		s.type('svc');
		expect(s.typed).toBe('kubectl ge');
		expect(s.typedCursor).toBe(7);
	});
});

describe('searchStep', () => {
	const cases: { name: string; keys: string; expected: ReturnType<typeof searchStep> }[] = [
		{
			name: 'text narrows the search',
			keys: 'q',
			expected: { type: 'search', used: 1, bell: false }
		},
		{
			name: 'no match rings the bell',
			keys: 'zz',
			expected: { type: 'search', used: 2, bell: true }
		},
		{ name: 'Ctrl-R again', keys: '\x12', expected: { type: 'search', used: 1, bell: true } },
		{
			name: 'Backspace on an empty search',
			keys: '\x7f',
			expected: { type: 'search', used: 1, bell: true }
		},
		{ name: 'Ctrl-G aborts', keys: '\x07', expected: { type: 'abort', used: 1 } },
		{ name: 'a lone Esc keeps the match', keys: '\x1b', expected: { type: 'accept', used: 1 } },
		{
			name: 'Enter keeps the match and runs it',
			keys: '\r',
			expected: { type: 'accept', used: 0 }
		},
		{
			name: 'an arrow keeps the match and moves in it',
			keys: '\x1b[D',
			expected: { type: 'accept', used: 0 }
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			expect(searchStep(new ReverseSearch(HISTORY, '', 0), c.keys, false)).toEqual(c.expected);
		});
	}

	it('waits for the rest of an escape sequence split inside a paste', () => {
		expect(searchStep(new ReverseSearch(HISTORY, '', 0), '\x1b', true)).toEqual({ type: 'wait' });
	});
});
