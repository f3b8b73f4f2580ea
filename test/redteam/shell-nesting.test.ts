/**
 * Issue 18 (red team), High: one typed line of `echo $(echo $(…x…))` nested 2,000 deep bricked
 * the terminal (every later Enter threw RangeError) and crashed `npm run sim`. The parser now
 * refuses more than MAX_NESTING levels with a bash-like error, and the terminal keeps working.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/shell/parser/depth.ts';
import { isParseError } from '../../src/shell/parser/ast.ts';
import { parse } from '../../src/shell/parser/parse.ts';
import { splitCommands } from '../../src/shell/parser/split.ts';
import { createPty } from '../../src/shell/pty.ts';
import { newSession, run } from '../shell/harness.ts';

const nested = (depth: number, open: string, close: string, inner = 'x'): string =>
	open.repeat(depth) + inner + close.repeat(depth);

/** The red team's line: ~16 KB of `echo $(` around `x`. */
const DEEP_ECHO = nested(2000, 'echo $(', ')');

describe('deeply nested input', () => {
	it('refuses the red-team line with a syntax error, not a RangeError', async () => {
		const r = await run(DEEP_ECHO);
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('bash: maximum nesting level exceeded (100)\n');
		expect(r.stdout).toBe('');
	});

	it('still runs nesting a person would write, up to the limit', async () => {
		const r = await run(nested(MAX_NESTING - 1, 'echo $(', ')', 'echo x'));
		expect(r).toMatchObject({ code: 0, stdout: 'x\n' });
	});

	it.each([
		['arithmetic', 'echo ' + nested(5000, '$((1+', '))', '1')],
		['subshells', nested(20_000, '(', ')', 'echo x')],
		['groups', nested(5000, '{ ', '; }', 'echo x')],
		['if bodies', nested(5000, 'if true; then ', '; fi', 'echo x')],
		['while bodies', nested(5000, 'while false; do ', '; done', 'echo x')],
		['${x:-…} defaults', 'echo ' + nested(5000, '${x:-', '}')],
		['subshells inside substitutions', nested(150, '( echo $( ', ' ) )', 'echo x')]
	])('refuses %s past the limit', async (_name, source) => {
		const result = parse(source);
		expect(isParseError(result) && result.message).toBe('maximum nesting level exceeded (100)');
		expect((await run(source)).code).toBe(2);
	});

	it.each([
		['parentheses', nested(20_000, '(', ')', '1')],
		['unary minus', '-'.repeat(30_000) + '1'],
		['exponents', '2' + '**2'.repeat(20_000)]
	])('stops arithmetic with deep %s as bash does', async (_name, expr) => {
		const r = await run(`echo $(( ${expr} ))`);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^bash: .*: expression recursion level exceeded \(error token is "/);
		expect((await run('echo $(( ((((1)))) + -(-2**3) ))')).stdout).toBe('9\n');
	});

	it('gives `npm run sim` an error for the line instead of a crash', () => {
		const split = splitCommands(DEEP_ECHO + '\necho after\n');
		expect(isParseError(split) && split.message).toBe('maximum nesting level exceeded (100)');
	});

	it('leaves the terminal usable: the next Enter runs the next command', async () => {
		const pty = createPty(newSession(), { cols: 80 });
		let out = '';
		pty.onData((d) => (out += d));
		pty.write(DEEP_ECHO + '\r');
		await pty.whenIdle();
		expect(out).toContain('maximum nesting level exceeded (100)');
		out = '';
		pty.write('echo still here\r');
		await pty.whenIdle();
		expect(out).toContain('\r\nstill here\r\n');
	});
});

describe('large expansions (issue 18, Low)', () => {
	it('passes 200,000 words from one expansion to a command', async () => {
		const r = await run('echo $(seq 200000) | wc -w');
		expect(r).toMatchObject({ code: 0, stdout: '200000\n', stderr: '' });
	});

	it('says so when seq stops at its line limit instead of stopping silently', async () => {
		const r = await run('seq 1000001 > /dev/null');
		expect(r.code).toBe(1);
		expect(r.stderr).toBe("seq: stopped after 1000000 lines (this playground's output limit)\n");
		expect((await run('seq -w 1 1000000 | tail -1')).stdout).toBe('1000000\n');
	});
});
