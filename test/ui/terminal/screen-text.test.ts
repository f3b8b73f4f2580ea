import { describe, expect, it } from 'vitest';
import { Terminal } from '@xterm/headless';
import { screenText } from '../../../src/ui/terminal/screen-text.ts';

async function render(data: string, cols = 20): Promise<string> {
	const term = new Terminal({ cols, rows: 5, scrollback: 100, allowProposedApi: true });
	await new Promise<void>((done) => term.write(data, done));
	const text = screenText(term.buffer.active);
	term.dispose();
	return text;
}

describe('screenText', () => {
	const cases = [
		{
			name: 'lines and a trailing prompt space',
			data: 'hello\r\nworld\r\n$ ',
			expected: 'hello\nworld\n$'
		},
		{
			name: 'soft-wrapped long line is rejoined',
			data: '<title>Simple Bookstore App</title>\r\n$ ',
			expected: '<title>Simple Bookstore App</title>\n$'
		},
		{
			name: 'scrollback is included',
			data: Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\r\n'),
			expected: Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n')
		},
		{ name: 'empty screen', data: '', expected: '' }
	];
	it.each(cases)('$name', async ({ data, expected }) => {
		expect(await render(data)).toBe(expected);
	});
});
