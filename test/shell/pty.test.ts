import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import type { Command, CommandIO } from '../../src/shell/command.ts';
import { createHistory, historyEntry } from '../../src/shell/history.ts';
import { createPty, CTRL_Z_NOTE, type PtySession, type ShellPty } from '../../src/shell/pty.ts';
import { newSession } from './harness.ts';

const PROMPT = '\x1b[1m$\x1b[0m ';

function setup(session: PtySession = newSession(), cols = 80) {
	const pty = createPty(session, { cols });
	let out = '';
	pty.onData((d) => (out += d));
	return {
		pty,
		session,
		/** Everything written since the last call. */
		take: () => {
			const o = out;
			out = '';
			return o;
		},
		type: async (data: string) => {
			pty.write(data);
			await pty.whenIdle();
		}
	};
}

/** What a real xterm shows after the pty's output (trailing blanks trimmed). */
async function screen(pty: ShellPty, input: string[], cols = 40): Promise<string> {
	const term = new Terminal({ cols, rows: 10, allowProposedApi: true });
	const chunks: string[] = [];
	pty.onData((d) => chunks.push(d));
	for (const i of input) {
		pty.write(i);
		await pty.whenIdle();
	}
	await new Promise<void>((done) => term.write(chunks.join(''), done));
	const lines: string[] = [];
	const buf = term.buffer.active;
	for (let y = 0; y < buf.length; y++)
		lines.push((buf.getLine(y)?.translateToString(true) ?? '').trimEnd());
	while (lines.length && lines.at(-1) === '') lines.pop();
	const cursor = `@${buf.cursorY},${buf.cursorX}`;
	term.dispose();
	return lines.join('\n') + '\n' + cursor;
}

describe('pty', () => {
	it('prints the prompt before anyone listens, then runs a line', async () => {
		const t = setup();
		expect(t.take()).toContain(PROMPT);
		await t.type('echo hi\r');
		const out = t.take();
		expect(out).toContain('echo hi');
		expect(out).toContain('\r\nhi\r\n');
		expect(out.endsWith('\x1b[J' + PROMPT)).toBe(true);
	});

	it('converts output newlines to \\r\\n', async () => {
		const t = setup();
		await t.type('printf "a\\nb\\n"\r');
		expect(t.take()).toContain('a\r\nb\r\n');
	});

	it('starts the prompt on a new line after output without a newline', async () => {
		const t = setup();
		t.take();
		await t.type('echo -n x\r');
		expect(t.take()).toContain('x\r\n\r\x1b[J' + PROMPT);
	});

	it('shows a continuation prompt for incomplete input, then runs it whole', async () => {
		const t = setup();
		await t.type('for i in 1 2\r');
		expect(t.take()).toContain('> ');
		await t.type('do echo n$i\r');
		await t.type('done\r');
		const out = t.take();
		expect(out).toContain('n1\r\nn2\r\n');
		expect(t.session.history.entries).toEqual(['for i in 1 2; do echo n$i; done']);
	});

	it('runs a pasted heredoc line by line', async () => {
		const t = setup();
		await t.type('cat <<EOF | grep -c a\napple\nbanana\ncherry\nEOF\n');
		const out = t.take();
		expect(out.match(/> /g)?.length).toBe(4);
		expect(out).toContain('\r\n2\r\n');
		expect(t.session.history.entries).toEqual([
			'cat <<EOF | grep -c a\napple\nbanana\ncherry\nEOF'
		]);
	});

	it('runs several pasted commands in order', async () => {
		const t = setup();
		await t.type('echo one\r\necho two\r\n');
		const out = t.take();
		expect(out.indexOf('one\r\n')).toBeLessThan(out.indexOf('two\r\n'));
		expect(t.session.history.entries).toEqual(['echo one', 'echo two']);
	});

	it('recalls history with the up arrow and runs it again', async () => {
		const t = setup();
		await t.type('echo first\r');
		await t.type('echo second\r');
		t.take();
		await t.type('\x1b[A\x1b[A\r');
		expect(t.take()).toContain('\r\nfirst\r\n');
	});

	it('down arrow returns to the draft line', async () => {
		const t = setup();
		await t.type('echo old\r');
		await t.type('echo dra');
		await t.type('\x1b[A\x1b[Bft\r');
		expect(t.session.history.entries.at(-1)).toBe('echo draft');
	});

	it('Ctrl-C cancels the line', async () => {
		const t = setup();
		t.take();
		await t.type('echo never\x03');
		expect(t.take()).toContain('^C\r\n');
		await t.type('echo ok\r');
		expect(t.take()).not.toContain('never\r\n');
		expect(t.session.history.entries).toEqual(['echo ok']);
	});

	it('Ctrl-C cancels a continuation', async () => {
		const t = setup();
		await t.type('echo "open\r');
		await t.type('\x03');
		await t.type('echo closed\r');
		expect(t.take()).toContain('\r\nclosed\r\n');
	});

	it('Ctrl-C aborts a running command; typeahead after it is kept', async () => {
		let signal: AbortSignal | undefined;
		const ran: string[] = [];
		const session: PtySession = {
			history: createHistory(),
			execute: (source: string, io: CommandIO, options?: { signal?: AbortSignal }) => {
				ran.push(source);
				if (source !== 'hang') {
					io.stdout('done\n');
					return Promise.resolve(0);
				}
				signal = options?.signal;
				return new Promise<number>(() => {});
			}
		};
		const t = setup(session);
		t.pty.write('hang\r');
		expect(t.pty.busy).toBe(true);
		t.pty.write('lost');
		t.pty.write('\x03next\r');
		await t.pty.whenIdle();
		expect(signal?.aborted).toBe(true);
		expect(ran).toEqual(['hang', 'next']);
		expect(t.take()).toContain('^C\r\n');
	});

	it('Ctrl-Z says stopping a job is not simulated and lets the command run on', async () => {
		let finish: (code: number) => void = () => {};
		let signal: AbortSignal | undefined;
		const session: PtySession = {
			history: createHistory(),
			execute: (_source: string, io: CommandIO, options?: { signal?: AbortSignal }) => {
				signal = options?.signal;
				return new Promise<number>((resolve) => {
					finish = (code) => {
						io.stdout('finished\n');
						resolve(code);
					};
				});
			}
		};
		const t = setup(session);
		t.pty.write('sleep 100\r');
		t.take();
		t.pty.write('\x1a');
		expect(t.take()).toBe(`^Z\r\n${CTRL_Z_NOTE}\r\n`);
		expect(t.pty.busy).toBe(true);
		expect(signal?.aborted).toBe(false);
		finish(0);
		await t.pty.whenIdle();
		expect(t.take()).toContain('finished\r\n');
	});

	it('reports busy changes', async () => {
		const t = setup();
		const seen: boolean[] = [];
		t.pty.onBusyChange((b) => seen.push(b));
		await t.type('echo x\r');
		expect(seen).toEqual([true, false]);
	});

	it('Tab completes a command name and a path', async () => {
		const t = setup();
		for (const key of ['ec', '\t', 'hi\r']) await t.type(key);
		expect(t.session.history.entries.at(-1)).toBe('echo hi');
		for (const key of ['cat samples/cu', '\t', '\t', '\r']) await t.type(key);
		expect(t.session.history.entries.at(-1)).toBe('cat samples/curl/curl.yaml ');
	});

	it('Tab lists ambiguous candidates', async () => {
		const t = setup();
		t.take();
		await t.type('s');
		await t.type('\t');
		expect(t.take()).toContain('seq  sh  sleep  sort');
	});

	it('Ctrl-L clears the screen and keeps the line', async () => {
		const t = setup();
		await t.type('echo a\x0c');
		const out = t.take();
		expect(out).toContain('\x1b[H\x1b[2J');
		expect(out.endsWith(PROMPT + 'echo a')).toBe(true);
	});
});

describe('pty rendering on a real terminal', () => {
	const cases: { name: string; input: string[]; screen: string }[] = [
		{ name: 'typing', input: ['echo hi'], screen: '$ echo hi\n@0,9' },
		{
			name: 'insert in the middle',
			input: ['eco hi', '\x1b[D\x1b[D\x1b[D\x1b[Dh'],
			screen: '$ echo hi\n@0,5'
		},
		{ name: 'backspace', input: ['echoo\x7f hi'], screen: '$ echo hi\n@0,9' },
		{ name: 'delete', input: ['echo xhi', '\x1b[D\x1b[D\x1b[D\x1b[3~'], screen: '$ echo hi\n@0,7' },
		{ name: 'home and end', input: ['cho hi', '\x01e\x05!'], screen: '$ echo hi!\n@0,10' },
		{
			name: 'Ctrl-U, Ctrl-K, Ctrl-W',
			input: ['junk echo hi tail', '\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x0b', '\x17\x17\x15echo ok'],
			screen: '$ echo ok\n@0,9'
		},
		{ name: 'run and prompt', input: ['echo hi\r'], screen: '$ echo hi\nhi\n$\n@2,2' },
		{
			name: 'a line longer than the terminal wraps and edits',
			input: [
				'echo 0123456789012345678901234567890123456789',
				'\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[CX'
			],
			screen: '$ echo X01234567890123456789012345678901\n23456789\n@0,8'
		},
		{
			name: 'exactly full row moves the cursor to the next row',
			input: ['echo 012345678901234567890123456789012'],
			screen: '$ echo 012345678901234567890123456789012\n@1,0'
		},
		{
			name: 'backspace from the start of a wrapped row',
			input: ['echo 012345678901234567890123456789012', '\x7f'],
			screen: '$ echo 01234567890123456789012345678901\n@0,39'
		},
		{
			name: 'typing on after a full row',
			input: ['echo 012345678901234567890123456789012', 'ab'],
			screen: '$ echo 012345678901234567890123456789012\nab\n@1,2'
		},
		{
			name: 'history recall replaces a longer line',
			input: ['echo a\r', 'echo a much longer line', '\x1b[A'],
			screen: '$ echo a\na\n$ echo a\n@2,8'
		},
		{
			name: 'continuation prompt',
			input: ['echo "a\r', 'b"\r'],
			screen: '$ echo "a\n> b"\na\nb\n$\n@4,2'
		}
	];
	for (const c of cases) {
		it(c.name, async () => {
			const pty = createPty(newSession(), { cols: 40 });
			expect(await screen(pty, c.input, 40)).toBe(c.screen);
		});
	}
});

describe('history search and expansion on a real terminal', () => {
	const cases: { name: string; input: string[]; screen: string }[] = [
		{
			name: 'Ctrl-R shows bash’s search prompt with the match, cursor on it',
			input: ['echo quit\r', 'echo other\r', '\x12', 'q'],
			screen: "$ echo quit\nquit\n$ echo other\nother\n(reverse-i-search)`q': echo quit\n@4,28"
		},
		{
			name: 'Enter runs the match, shown with the normal prompt',
			input: ['echo quit\r', 'echo other\r', '\x12qu', '\r'],
			screen: '$ echo quit\nquit\n$ echo other\nother\n$ echo quit\nquit\n$\n@6,2'
		},
		{
			name: 'Ctrl-R again finds an older match',
			input: ['echo one\r', 'echo two\r', '\x12echo', '\x12'],
			screen: "$ echo one\none\n$ echo two\ntwo\n(reverse-i-search)`echo': echo one\n@4,26"
		},
		{
			name: 'a search that finds nothing says failed',
			input: ['echo one\r', '\x12nx'],
			screen: "$ echo one\none\n(failed reverse-i-search)`nx': echo one\n@2,37"
		},
		{
			name: 'Ctrl-G gives back the line as it was',
			input: ['echo one\r', 'draft', '\x12one', '\x07'],
			screen: '$ echo one\none\n$ draft\n@2,7'
		},
		{
			name: 'Esc keeps the match to edit',
			input: ['echo one\r', '\x12one', '\x1b', '\x05 more\r'],
			screen: '$ echo one\none\n$ echo one more\none more\n$\n@4,2'
		},
		{
			name: 'an arrow key ends the search and moves in the match',
			input: ['echo one\r', '\x12ech', '\x1b[DX'],
			screen: '$ echo one\none\n$ Xecho one\n@2,3'
		},
		{
			name: '!! prints the expanded line, then runs it',
			input: ['echo hi\r', '!!\r'],
			screen: '$ echo hi\nhi\n$ !!\necho hi\nhi\n$\n@5,2'
		},
		{
			name: '!$ is the last word of the previous command',
			input: ['echo a b\r', 'echo !$\r'],
			screen: '$ echo a b\na b\n$ echo !$\necho b\nb\n$\n@5,2'
		},
		{
			name: 'an unknown event prints bash’s error and runs nothing',
			input: ['!!\r', 'echo !nope\r'],
			screen: '$ !!\nbash: !!: event not found\n$ echo !nope\nbash: !nope: event not found\n$\n@4,2'
		}
	];
	for (const c of cases) {
		it(c.name, async () => {
			const pty = createPty(newSession(), { cols: 40 });
			expect(await screen(pty, c.input, 40)).toBe(c.screen);
		});
	}

	it('history keeps the expanded command, not !!', async () => {
		const t = setup();
		await t.type('echo hi\r');
		await t.type('!! there\r');
		expect(t.session.history.entries).toEqual(['echo hi', 'echo hi there']);
		expect(t.take()).toContain('\r\nhi there\r\n');
	});

	it('Up after a search goes on from the entry found', async () => {
		const t = setup();
		for (const l of ['echo a\r', 'echo b\r', 'echo c\r']) await t.type(l);
		await t.type('\x12b');
		await t.type('\x1b');
		t.take();
		await t.type('\x1b[A\r');
		expect(t.take()).toContain('\r\na\r\n');
	});
});

describe('historyEntry', () => {
	it.each([
		[['echo a'], 'echo a'],
		[['for i in 1 2', 'do', '  echo $i', 'done'], 'for i in 1 2; do echo $i; done'],
		[['if true; then', 'echo y', 'fi'], 'if true; then echo y; fi'],
		[['cat <<EOF', 'x', 'EOF'], 'cat <<EOF\nx\nEOF'],
		[['kubectl get \\', 'pods'], 'kubectl get \\\npods']
	])('%j', (lines, entry) => expect(historyEntry(lines)).toBe(entry));

	it.each([
		{ name: 'typed one key at a time', keys: (l: string) => [...l], shown: 'xyz' },
		{
			name: 'edited in the middle (full redraw)',
			keys: (l: string) => [l.slice(0, -1), '\x1b[D', l.slice(-1)],
			shown: 'xzy'
		}
	])(
		"a long line keeps xterm's wrapped mark when $name, so it copies as one line",
		async ({ keys, shown }) => {
			const line = 'echo ' + 'abcdefghij'.repeat(4) + 'xyz';
			const expected = line.slice(0, -3) + shown;
			const pty = createPty(newSession(), { cols: 20 });
			const term = new Terminal({ cols: 20, rows: 10, allowProposedApi: true });
			pty.onData((d) => term.write(d));
			for (const k of keys(line)) {
				pty.write(k);
				await pty.whenIdle();
			}
			await new Promise<void>((done) => term.write('', done));
			const buf = term.buffer.active;
			const rows = [0, 1, 2].map((y) => buf.getLine(y));
			expect(rows.slice(1).map((r) => r?.isWrapped)).toEqual([true, true]);
			const joined = rows.map((r) => r?.translateToString(true) ?? '').join('');
			expect(joined.startsWith('$ ')).toBe(true);
			expect(joined.slice(2).trimEnd()).toBe(expected);
			term.dispose();
		}
	);

	it("shows a background job's output above the prompt it redraws, and bash's Done line at the next prompt", async () => {
		// A command that writes once it is told to, long after the prompt came back.
		let release = (): void => {};
		const later = new Promise<void>((r) => (release = r));
		const emit: Command = {
			name: 'emit',
			summary: 'writes when released',
			run: async (_argv, io) => {
				await later;
				io.stdout('late output\n');
				return 0;
			}
		};
		const pty = createPty(newSession({ commands: [emit] }), { cols: 40 });
		const chunks: string[] = [];
		pty.onData((d) => chunks.push(d));
		const show = async (): Promise<string> => {
			const term = new Terminal({ cols: 40, rows: 10, allowProposedApi: true });
			await new Promise<void>((done) => term.write(chunks.join(''), done));
			const buf = term.buffer.active;
			const lines: string[] = [];
			for (let y = 0; y < buf.length; y++)
				lines.push((buf.getLine(y)?.translateToString(true) ?? '').trimEnd());
			while (lines.length && lines.at(-1) === '') lines.pop();
			const text = `${lines.join('\n')}\n@${buf.cursorY},${buf.cursorX}`;
			term.dispose();
			return text;
		};
		pty.write('emit &\r');
		await pty.whenIdle();
		pty.write('ech');
		await pty.whenIdle();
		release();
		await new Promise((r) => setImmediate(r));
		expect(await show()).toBe('$ emit &\n[1] 4243\nlate output\n$ ech\n@3,5');
		// The line being typed survives; Enter on an empty line prints the notification first.
		pty.write('\x15\r');
		await pty.whenIdle();
		expect(await show()).toBe(
			'$ emit &\n[1] 4243\nlate output\n$\n[1]+  Done                    emit\n$\n@5,2'
		);
	});
});
