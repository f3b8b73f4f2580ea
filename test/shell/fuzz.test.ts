/**
 * Nothing the user types may throw out of the shell: 2,000 seeded random and mutated command
 * lines go through parse, isIncomplete, splitCommands and execute (builtins only).
 */
import { describe, expect, it } from 'vitest';
import { isIncomplete, parse } from '../../src/shell/parser/parse.ts';
import { splitCommands } from '../../src/shell/parser/split.ts';
import { createPty } from '../../src/shell/pty.ts';
import { exec, newSession } from './harness.ts';

/** mulberry32: small, seeded, good enough to pick characters. */
function rng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SEEDS = [
	'echo hi | grep h && echo ok || echo no',
	'for i in $(seq 1 3); do echo $i; done',
	'cat <<EOF | wc -l\na\nb\nEOF',
	'X=1; echo "$X ${Y:-z}" \'q\' `echo b` $((X+1))',
	'if [ -f notes.txt ]; then sort notes.txt | uniq -c; else echo no; fi',
	'cat nope 2>&1 >/dev/null | head -n 1; echo $?',
	'while read l; do echo "$l"; done < notes.txt',
	'{ echo a; echo b; } > f; tr a-z A-Z < f',
	"sh -c 'echo $0' x; grep -E '(a|b)+' notes.txt",
	'seq 5 | tail -n +2 | sort -rn'
];
const ALPHABET = ' \t\n|&;<>(){}$`\'"\\#*?!=-+0123456789abcxyzEOF[]:~%/.,';
const TOKENS = [
	'|',
	'&&',
	'||',
	';',
	'$(',
	')',
	'`',
	'"',
	"'",
	'<<EOF',
	'\nEOF\n',
	'for',
	'do',
	'done',
	'if',
	'then',
	'fi',
	'${',
	'}',
	'$((',
	'2>&1',
	'&>',
	'\\\n',
	'seq 3',
	'cat',
	'grep -o',
	'while',
	'exit',
	'break'
];

function mutate(r: () => number, s: string): string {
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
	let out = s;
	const edits = 1 + Math.floor(r() * 4);
	for (let k = 0; k < edits; k++) {
		const at = Math.floor(r() * (out.length + 1));
		const op = r();
		if (op < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 3));
		else if (op < 0.6) out = out.slice(0, at) + pick(TOKENS) + out.slice(at);
		else out = out.slice(0, at) + pick([...ALPHABET]) + out.slice(at);
	}
	return out;
}

function randomLine(r: () => number): string {
	const len = Math.floor(r() * 30);
	let s = '';
	for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
	return s;
}

describe('fuzz', () => {
	it('2,000 random and mutated lines never throw', { timeout: 60_000 }, async () => {
		const r = rng(20240601);
		const session = newSession();
		let ran = 0;
		const internal: string[] = [];
		for (let i = 0; i < 2000; i++) {
			const line = i % 4 === 0 ? randomLine(r) : mutate(r, SEEDS[i % SEEDS.length] as string);
			const tree = parse(line);
			expect(typeof isIncomplete(line)).toBe('boolean');
			splitCommands(line);
			if ('type' in tree && tree.type === 'parse-error') continue;
			const controller = new AbortController();
			// Mutations can make endless loops (`while true`): stop a line after 200 writes…
			let writes = 0;
			const count = (text: string): void => {
				if (text.includes('internal error')) internal.push(`${JSON.stringify(line)}: ${text}`);
				if (++writes > 200) controller.abort();
			};
			// …and loops that write nothing (`while :; do :; done`) after 500 ms.
			const timer = setTimeout(() => controller.abort(), 500);
			const code = await session.execute(
				line,
				{ stdin: '', stdout: count, stderr: count },
				{ signal: controller.signal }
			);
			clearTimeout(timer);
			expect(Number.isInteger(code)).toBe(true);
			ran++;
			// Keep state from drifting into a cwd or variables that stop later lines from working.
			await exec(session, 'cd /root');
		}
		expect(ran).toBeGreaterThan(500);
		expect(internal).toEqual([]);
	});
});

describe('pty fuzz', () => {
	it(
		'500 random keystroke bursts never throw and leave the pty idle',
		{ timeout: 60_000 },
		async () => {
			const r = rng(7);
			const KEYS = [
				'a',
				'echo ',
				'\r',
				'\n',
				'\x7f',
				'\x03',
				'\x1b[A',
				'\x1b[B',
				'\x1b[C',
				'\x1b[D',
				'\x1b[3~',
				'\x01',
				'\x05',
				'\x0b',
				'\x15',
				'\x17',
				'\x0c',
				'\t',
				'\x1b',
				'\x1b[',
				'"',
				"'",
				'<<EOF',
				'seq 2',
				'|',
				'for i in 1; do',
				'done'
			];
			const pty = createPty(newSession(), { cols: 20 });
			pty.onData(() => {});
			for (let i = 0; i < 500; i++) {
				let burst = '';
				const n = 1 + Math.floor(r() * 6);
				for (let k = 0; k < n; k++) burst += KEYS[Math.floor(r() * KEYS.length)];
				pty.write(burst);
				if (i % 50 === 49) pty.write('\x03');
			}
			pty.write('\x03\x03');
			await pty.whenIdle();
			expect(pty.busy).toBe(false);
		}
	);
});
