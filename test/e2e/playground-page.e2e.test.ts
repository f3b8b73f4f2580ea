/** The screen parsing the e2e helpers rely on, checked without a browser. */
import { describe, expect, it } from 'vitest';
import { outputAfterCommand } from './playground-page.ts';

describe('outputAfterCommand', () => {
	const cmd =
		'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "x"';
	const cases = [
		{
			name: 'one-row echo',
			screen: '$ kubectl get nodes\nNAME\nnode1\n$',
			command: 'kubectl get nodes',
			expected: 'NAME\nnode1'
		},
		{
			name: 'echo split across rows, banner above mentions the same command',
			screen: `  ${cmd}\n$ kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage\n | grep -o "x"\nx\n$`,
			command: cmd,
			expected: 'x'
		},
		{ name: 'no output', screen: '$ true\n$', command: 'true', expected: '' },
		{
			name: 'the last run wins',
			screen: '$ echo a\na\n$ echo a\na\n$',
			command: 'echo a',
			expected: 'a'
		}
	];
	it.each(cases)('$name', ({ screen, command, expected }) => {
		expect(outputAfterCommand(screen, command)).toBe(expected);
	});

	it('says so when the command never reached the screen', () => {
		expect(() => outputAfterCommand('$ other\n$', 'kubectl get pods')).toThrow(
			/not found on screen/
		);
	});
});
