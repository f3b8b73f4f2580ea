/**
 * Issue 18 (red team), Medium: pasting a heredoc re-parsed the whole command at every line, so a
 * 1 MB paste took 52 s. Inside a heredoc the pty now only compares each line with the delimiter.
 */
import { describe, expect, it } from 'vitest';
import { createPty } from '../../src/shell/pty.ts';
import { newSession } from '../shell/harness.ts';

async function paste(text: string): Promise<string> {
	const pty = createPty(newSession(), { cols: 80 });
	let out = '';
	pty.onData((d) => (out += d));
	pty.write(text);
	await pty.whenIdle();
	return out;
}

describe('pasting heredocs', () => {
	it('takes a 1 MB, 15,000-line heredoc in one paste and keeps every line', async () => {
		const line = 'x'.repeat(69);
		const body = Array.from({ length: 15_000 }, () => line).join('\r');
		const out = await paste(`cat > big.txt <<EOF\r${body}\rEOF\rwc -l big.txt\r`);
		expect(out).toContain('\r\n15000 big.txt\r\n');
	});

	it('ends a heredoc only at its delimiter, also for <<- and a second heredoc', async () => {
		const out = await paste(
			'cat <<-END - 3<<TWO\r\t  END is not alone\r\tEND\rsecond\rTWO\recho done\r'
		);
		expect(out).toContain('\r\n  END is not alone\r\n');
		expect(out).toContain('\r\ndone\r\n');
	});
});
