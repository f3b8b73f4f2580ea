/**
 * The pty's bounds (docs/limits.md): a command longer than MAX_COMMAND_CHARS, heredoc included,
 * is not run and says so, and the rest of its heredoc does not run line by line as commands;
 * a line past the limit rings the bell; typeahead while a command runs is capped the same way.
 */
import { describe, expect, it } from 'vitest';
import { createPty, MAX_COMMAND_CHARS, MAX_TYPEAHEAD_CHARS } from '../../src/shell/pty.ts';
import { newSession } from './harness.ts';

const TOO_LONG = `bash: command too long: more than ${MAX_COMMAND_CHARS} characters (heredocs included); not run`;

async function paste(text: string): Promise<string> {
	const pty = createPty(newSession(), { cols: 80 });
	let out = '';
	pty.onData((d) => (out += d));
	pty.write(text);
	await pty.whenIdle();
	return out;
}

describe('pty limits', () => {
	it('refuses a heredoc past the limit once, skips the rest of it, and runs the next command', async () => {
		const line = 'x'.repeat(1023);
		const lines = Math.ceil(MAX_COMMAND_CHARS / 1024) + 10;
		const body = Array.from({ length: lines }, () => line).join('\r');
		const out = await paste(`cat > big.txt <<EOF\r${body}\rEOF\rls big.txt; echo after\r`);
		expect(out.split(TOO_LONG).length - 1).toBe(1);
		expect(out).toContain("ls: cannot access 'big.txt': No such file or directory");
		expect(out).toContain('\r\nafter\r\n');
		expect(out).not.toContain('command not found');
	});

	it('rings the bell instead of taking a line past the limit', async () => {
		const out = await paste('echo ' + 'y'.repeat(MAX_COMMAND_CHARS) + '\r');
		expect(out).toContain('\x07');
		expect(out.length).toBeLessThan(MAX_COMMAND_CHARS);
	});

	it('keeps at most MAX_TYPEAHEAD_CHARS typed while a command runs, and rings the bell', async () => {
		const pty = createPty(newSession(), { cols: 80 });
		let out = '';
		pty.onData((d) => (out += d));
		pty.write('sleep 1\r');
		pty.write('z'.repeat(MAX_TYPEAHEAD_CHARS + 10));
		expect(out.endsWith('\x07')).toBe(true);
		pty.write('\x03');
		await pty.whenIdle();
	});
});
