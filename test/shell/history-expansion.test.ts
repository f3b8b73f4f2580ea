import { describe, expect, it } from 'vitest';
import { expandHistory, historyWords } from '../../src/shell/history-expansion.ts';

const HISTORY = [
	'kubectl get pods -n istio-system',
	'kubectl label namespace default istio.io/dataplane-mode=ambient',
	'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
];

describe('expandHistory', () => {
	const cases: { name: string; line: string; expected: ReturnType<typeof expandHistory> }[] = [
		{
			name: '!! is the previous command',
			line: '!!',
			expected: { type: 'expanded', line: HISTORY[2]! }
		},
		{
			name: '!! inside a longer line',
			line: 'time !! | wc -l',
			expected: { type: 'expanded', line: `time ${HISTORY[2]} | wc -l` }
		},
		{
			name: '!$ is the last word of the previous command, quotes kept',
			line: 'echo !$',
			expected: { type: 'expanded', line: 'echo "<title>.*</title>"' }
		},
		{
			name: '!^ is the first argument',
			line: 'echo !^',
			expected: { type: 'expanded', line: 'echo exec' }
		},
		{
			name: '!-2 counts back',
			line: '!-2',
			expected: { type: 'expanded', line: HISTORY[1]! }
		},
		{
			name: '!1 is the first entry',
			line: '!1',
			expected: { type: 'expanded', line: HISTORY[0]! }
		},
		{
			name: '!prefix finds the newest command starting with it',
			line: '!kubectl | wc -l',
			expected: { type: 'expanded', line: `${HISTORY[2]} | wc -l` }
		},
		{ name: 'single quotes keep ! literal', line: "echo '!!'", expected: { type: 'unchanged' } },
		{ name: 'a backslash keeps ! literal', line: 'echo \\!\\!', expected: { type: 'unchanged' } },
		{
			name: '! before a blank, = or ( stays',
			line: '[ ! -f x ] && a!=b',
			expected: { type: 'unchanged' }
		},
		{
			name: '! closing a double-quoted string stays',
			line: 'echo "hi!"',
			expected: { type: 'unchanged' }
		},
		{ name: 'a line without ! is unchanged', line: 'echo hi', expected: { type: 'unchanged' } },
		{
			name: 'an unknown event is bash’s error',
			line: 'echo !nope',
			expected: { type: 'error', message: '!nope: event not found' }
		},
		{
			name: 'an entry number past the end is not found',
			line: '!99',
			expected: { type: 'error', message: '!99: event not found' }
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			expect(expandHistory(c.line, HISTORY)).toEqual(c.expected);
		});
	}

	it('!! and !$ with no history are bash’s errors', () => {
		expect(expandHistory('!!', [])).toEqual({ type: 'error', message: '!!: event not found' });
		expect(expandHistory('ls !$', [])).toEqual({ type: 'error', message: '!$: event not found' });
	});

	it('!prefix skips newer commands that do not start with it', () => {
		expect(expandHistory('!ec', ['echo a', 'ls'])).toEqual({ type: 'expanded', line: 'echo a' });
	});

	it('!^ of a one-word command is a bad word specifier', () => {
		expect(expandHistory('echo !^', ['ls'])).toEqual({
			type: 'error',
			message: '!^: bad word specifier'
		});
	});
});

describe('historyWords', () => {
	it('splits on blanks and operators, keeping quoted words whole', () => {
		expect(historyWords(`echo "a b" 'c d'|grep x&&ls >out`)).toEqual([
			'echo',
			'"a b"',
			"'c d'",
			'|',
			'grep',
			'x',
			'&&',
			'ls',
			'>',
			'out'
		]);
	});
});
