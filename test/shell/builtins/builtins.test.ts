import { describe, expect, it } from 'vitest';
import { stubCluster } from '../../support/stub-cluster.ts';
import { exec, newSession, run } from '../harness.ts';

const HTML =
	'<html>\n<head><title>Simple Bookstore App</title></head>\n<u>reviews-v1-569db879f5-q9jmj</u>\n<u>reviews-v2-65cfc9ddbd-x2z5k</u>\n';

interface Case {
	readonly src: string;
	readonly output: string;
	readonly code?: number;
}

function table(name: string, cases: readonly Case[]): void {
	describe(name, () => {
		for (const c of cases) {
			it(c.src, async () => {
				const r = await run(c.src, {
					'notes.txt': 'banana\napple\ncherry\napple\n',
					'page.html': HTML,
					nums: '10\n9\n100\n9\n',
					'samples/a.yaml': 'kind: A\n',
					'samples/b.yaml': 'kind: B\n'
				});
				expect(r.output).toBe(c.output);
				expect(r.code).toBe(c.code ?? 0);
			});
		}
	});
}

table('echo', [
	{ src: 'echo a  b', output: 'a b\n' },
	{ src: 'echo -n a', output: 'a' },
	{ src: 'echo -e "a\\tb\\nc"', output: 'a\tb\nc\n' },
	{ src: 'echo "a\\tb"', output: 'a\\tb\n' },
	{ src: 'echo -ne "x\\cy"', output: 'x' },
	{ src: 'echo -x', output: '-x\n' },
	{ src: 'echo', output: '\n' }
]);

table('cat', [
	{ src: 'cat notes.txt', output: 'banana\napple\ncherry\napple\n' },
	{ src: 'echo in | cat notes.txt - | tail -1', output: 'in\n' },
	{ src: 'cat nope', output: 'cat: nope: No such file or directory\n', code: 1 },
	{ src: 'cat samples', output: 'cat: samples: Is a directory\n', code: 1 },
	{ src: 'cat -n notes.txt | head -2', output: '     1\tbanana\n     2\tapple\n' },
	{
		src: 'cat -z',
		output: "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n",
		code: 1
	}
]);

table('ls', [
	{ src: 'ls', output: 'notes.txt  nums  page.html  samples\n' },
	{ src: 'ls | cat', output: 'notes.txt\nnums\npage.html\nsamples\n' },
	{ src: 'ls -1 samples', output: 'a.yaml\nb.yaml\n' },
	{
		src: 'ls -l samples',
		output:
			'total 8\n-rw-r--r-- 1 root root 8 Jan  1 00:00 a.yaml\n-rw-r--r-- 1 root root 8 Jan  1 00:00 b.yaml\n'
	},
	{ src: 'ls nope', output: "ls: cannot access 'nope': No such file or directory\n", code: 2 },
	{ src: 'ls samples/a.yaml', output: 'samples/a.yaml\n' }
]);

table('grep', [
	{ src: 'grep apple notes.txt', output: 'apple\napple\n' },
	{ src: 'grep -c apple notes.txt', output: '2\n' },
	{ src: 'grep -v apple notes.txt', output: 'banana\ncherry\n' },
	{ src: 'grep -n apple notes.txt', output: '2:apple\n4:apple\n' },
	{ src: 'grep -i APPLE notes.txt | head -1', output: 'apple\n' },
	{ src: 'grep -q cherry notes.txt && echo found', output: 'found\n' },
	{ src: 'grep kiwi notes.txt', output: '', code: 1 },
	{ src: 'grep -o "<title>.*</title>" page.html', output: '<title>Simple Bookstore App</title>\n' },
	{ src: 'grep -o "reviews-v.-" page.html', output: 'reviews-v1-\nreviews-v2-\n' },
	{ src: 'grep reviews-v.- page.html | wc -l', output: '2\n' },
	{ src: 'grep "an\\|rr" notes.txt', output: 'banana\ncherry\n' },
	{ src: 'grep -E "an|rr" notes.txt', output: 'banana\ncherry\n' },
	{ src: 'grep -E "(an){2}" notes.txt', output: 'banana\n' },
	{ src: 'grep "(an)" notes.txt', output: '', code: 1 },
	{ src: 'grep "p\\{2\\}" notes.txt | head -1', output: 'apple\n' },
	{ src: 'grep "^[[:alpha:]]*y$" notes.txt', output: 'cherry\n' },
	{ src: 'grep -e banana -e cherry notes.txt', output: 'banana\ncherry\n' },
	{ src: 'grep -w app notes.txt', output: '', code: 1 },
	{ src: 'grep -x apple notes.txt | wc -l', output: '2\n' },
	{ src: 'grep -F "a.p" notes.txt', output: '', code: 1 },
	{ src: 'grep -c a notes.txt nums', output: 'notes.txt:3\nnums:0\n' },
	{ src: 'grep -l apple notes.txt nums', output: 'notes.txt\n' },
	{ src: 'echo "a.b axb" | grep -o "a\\.b"', output: 'a.b\n' },
	{
		src: 'grep apple nope notes.txt',
		output: 'grep: nope: No such file or directory\nnotes.txt:apple\nnotes.txt:apple\n',
		code: 2
	},
	{ src: 'grep -s apple nope', output: '', code: 2 },
	// Context and max count (GNU grep: `-` marks context lines, `--` separates groups).
	{ src: 'grep -A1 banana notes.txt', output: 'banana\napple\n' },
	{ src: 'grep -n -B1 cherry notes.txt', output: '2-apple\n3:cherry\n' },
	{ src: 'grep -C1 -n cherry notes.txt', output: '2-apple\n3:cherry\n4-apple\n' },
	{ src: 'grep -A0 apple notes.txt', output: 'apple\n--\napple\n' },
	{ src: 'grep -m1 apple notes.txt', output: 'apple\n' },
	{ src: 'grep -m1 -A1 apple notes.txt', output: 'apple\ncherry\n' },
	{ src: 'grep -H -A1 banana notes.txt', output: 'notes.txt:banana\nnotes.txt-apple\n' },
	{
		src: 'grep -A x apple notes.txt',
		output: 'grep: x: invalid context length argument\n',
		code: 2
	},
	{ src: 'grep -m x apple notes.txt', output: 'grep: invalid max count\n', code: 2 },
	{ src: 'grep "a\\(" notes.txt', output: 'grep: Unmatched ( or \\(\n', code: 2 },
	{ src: 'grep -E "(a" notes.txt', output: 'grep: Unmatched ( or \\(\n', code: 2 },
	{ src: 'grep "[a" notes.txt', output: 'grep: Unmatched [, [^, [:, [., or [=\n', code: 2 },
	{
		src: 'grep -z x',
		output:
			"grep: invalid option -- 'z'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
		code: 2
	},
	{
		src: 'grep',
		output: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
		code: 2
	},
	{ src: 'grep --color=auto cherry notes.txt', output: 'cherry\n' },
	{
		src: 'grep --bogus x',
		output:
			"grep: unrecognized option '--bogus'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
		code: 2
	}
]);

table('head and tail', [
	{ src: 'seq 20 | head', output: '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n' },
	{ src: 'seq 5 | head -n 2', output: '1\n2\n' },
	{ src: 'seq 5 | head -2', output: '1\n2\n' },
	{ src: 'seq 5 | head -n -3', output: '1\n2\n' },
	{ src: 'seq 5 | tail -n 2', output: '4\n5\n' },
	{ src: 'seq 5 | tail -1', output: '5\n' },
	{ src: 'seq 5 | tail -n +4', output: '4\n5\n' },
	{ src: 'head -1 notes.txt nums', output: '==> notes.txt <==\nbanana\n\n==> nums <==\n10\n' },
	{ src: 'head -n x notes.txt', output: "head: invalid number of lines: 'x'\n", code: 1 },
	{ src: 'tail -n x notes.txt', output: "tail: invalid number of lines: 'x'\n", code: 1 },
	{ src: 'printf "a\\nb" | tail -1', output: 'b' },
	{ src: 'printf "a\\n\\nb\\n" | tail -n 2', output: '\nb\n' },
	{ src: 'printf "\\n\\n" | tail -1', output: '\n' },
	{ src: 'seq 3 | tail -n 0', output: '' },
	{ src: 'seq 3 | tail -n 9', output: '1\n2\n3\n' }
]);

table('wc', [
	{ src: 'wc -l notes.txt', output: '4 notes.txt\n' },
	{ src: 'cat notes.txt | wc -l', output: '4\n' },
	{ src: 'cat notes.txt | wc', output: '      4       4      26\n' },
	{ src: 'wc notes.txt', output: ' 4  4 26 notes.txt\n' },
	{ src: 'echo hello world | wc -w', output: '2\n' },
	{ src: 'echo hello | wc -c', output: '6\n' },
	{ src: 'wc -l notes.txt nums', output: ' 4 notes.txt\n 4 nums\n 8 total\n' }
]);

table('sort and uniq', [
	{ src: 'sort notes.txt', output: 'apple\napple\nbanana\ncherry\n' },
	{ src: 'sort -r notes.txt', output: 'cherry\nbanana\napple\napple\n' },
	{ src: 'sort -u notes.txt', output: 'apple\nbanana\ncherry\n' },
	{ src: 'sort nums', output: '10\n100\n9\n9\n' },
	{ src: 'sort -n nums', output: '9\n9\n10\n100\n' },
	{ src: 'sort -rn nums | head -1', output: '100\n' },
	{ src: 'printf "b 2\\na 3\\nc 1\\n" | sort -k2 -n', output: 'c 1\nb 2\na 3\n' },
	{ src: 'printf "x:2\\ny:1\\n" | sort -t: -k2', output: 'y:1\nx:2\n' },
	{ src: 'sort notes.txt | uniq', output: 'apple\nbanana\ncherry\n' },
	{ src: 'sort notes.txt | uniq -c', output: '      2 apple\n      1 banana\n      1 cherry\n' },
	{ src: 'sort notes.txt | uniq -d', output: 'apple\n' },
	{ src: 'sort notes.txt | uniq -u', output: 'banana\ncherry\n' },
	{
		src: 'sort -z',
		output: "sort: invalid option -- 'z'\nTry 'sort --help' for more information.\n",
		code: 2
	}
]);

table('seq', [
	{ src: 'seq 3', output: '1\n2\n3\n' },
	{ src: 'seq 2 4', output: '2\n3\n4\n' },
	{ src: 'seq 1 2 7', output: '1\n3\n5\n7\n' },
	{ src: 'seq 3 -1 1', output: '3\n2\n1\n' },
	{ src: 'seq -s, 3', output: '1,2,3\n' },
	{ src: 'seq -w 9 11', output: '09\n10\n11\n' },
	{ src: 'seq -w 10 -3 1', output: '10\n07\n04\n01\n' },
	{ src: 'seq -s: 5000 | tail -c 10', output: '4999:5000\n' },
	{ src: 'seq 0.5 0.5 1.5', output: '0.5\n1.0\n1.5\n' },
	{ src: 'seq 5 1', output: '' },
	{ src: 'seq', output: "seq: missing operand\nTry 'seq --help' for more information.\n", code: 1 },
	{
		src: 'seq x',
		output: "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n",
		code: 1
	}
]);

table('tr', [
	{ src: 'echo hello | tr a-z A-Z', output: 'HELLO\n' },
	{ src: 'echo hello | tr -d l', output: 'heo\n' },
	{ src: 'echo "a  b   c" | tr -s " "', output: 'a b c\n' },
	{ src: 'echo a,b | tr , "\\n"', output: 'a\nb\n' },
	{ src: 'echo abc | tr "[:lower:]" "[:upper:]"', output: 'ABC\n' },
	{
		src: 'tr a',
		output: "tr: missing operand after 'a'\nTry 'tr --help' for more information.\n",
		code: 1
	}
]);

table('shell builtins', [
	{ src: 'true; echo $?; false; echo $?; :; echo $?', output: '0\n1\n0\n' },
	{ src: 'export A=1 B; export | grep -E " (A|B)"', output: 'declare -x A="1"\ndeclare -x B\n' },
	{ src: 'export 1x=2', output: "bash: export: `1x=2': not a valid identifier\n", code: 1 },
	{ src: 'A=1; unset A; echo "[$A]"', output: '[]\n' },
	{ src: 'unset 1x', output: "bash: unset: `1x': not a valid identifier\n", code: 1 },
	{ src: 'pwd; cd samples; pwd; cd ..; pwd', output: '/root\n/root/samples\n/root\n' },
	{ src: 'cd nope', output: 'bash: cd: nope: No such file or directory\n', code: 1 },
	{ src: 'cd notes.txt', output: 'bash: cd: notes.txt: Not a directory\n', code: 1 },
	{ src: 'cd samples; cd -; pwd', output: '/root\n/root\n' },
	{ src: 'clear', output: '\x1b[H\x1b[2J\x1b[3J' },
	{ src: 'which grep sh', output: '/usr/bin/grep\n/usr/bin/sh\n' },
	{ src: 'which kubectl', output: '', code: 1 },
	{ src: 'sh -c', output: 'sh: -c: option requires an argument\n', code: 2 },
	{ src: 'bash -c "echo \\$0 \\$#" zero a b', output: 'zero 2\n' },
	{ src: 'echo "echo hi" > s.sh; sh s.sh', output: 'hi\n' },
	{ src: 'printf "%s=%d\\n" a 1 b 2', output: 'a=1\nb=2\n' },
	{ src: 'printf "%5s|%-3s|\\n" ab c', output: '   ab|c  |\n' },
	{ src: 'echo "x y z" | { read a b; echo "$b"; }', output: 'y z\n' },
	{ src: '[ 1 -lt 2 ] && echo lt', output: 'lt\n' },
	{ src: '[ a = b ]', output: '', code: 1 },
	{ src: '[ -d samples ] && [ -f notes.txt ] && [ ! -e nope ] && echo ok', output: 'ok\n' },
	{ src: '[ 1 -lt x ]', output: 'bash: [: x: integer expression expected\n', code: 2 },
	{ src: '[ 1 = 1', output: "bash: [: missing `]'\n", code: 2 },
	{ src: 'test -z ""', output: '' },
	{ src: 'help | grep -c "^  echo "', output: '1\n' }
]);

describe('sleep', () => {
	it('advances sim time instead of waiting', async () => {
		const cluster = stubCluster();
		const r = await exec(newSession({ cluster }), 'sleep 2; sleep 0.5 1m');
		expect(r.code).toBe(0);
		expect(cluster.advanced).toEqual([2000, 60500]);
	});

	it.each([
		['sleep', "sleep: missing operand\nTry 'sleep --help' for more information.\n"],
		['sleep x', "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n"]
	])('%s', async (src, output) => {
		const r = await run(src);
		expect(r.output).toBe(output);
		expect(r.code).toBe(1);
	});

	it('returns 130 when aborted', async () => {
		const cluster = stubCluster();
		let release = (): void => {};
		cluster.advance = () => new Promise<void>((r) => (release = r));
		const s = newSession({ cluster });
		const controller = new AbortController();
		const done = s.execute(
			'sleep 100; echo not reached',
			{ stdin: '', stdout: (t) => expect(t).toBe(''), stderr: () => {} },
			{ signal: controller.signal }
		);
		await new Promise((r) => setImmediate(r));
		controller.abort();
		expect(await done).toBe(130);
		release();
	});
});

describe('history', () => {
	it('numbers entries like bash', async () => {
		const s = newSession();
		s.history.add('echo one');
		s.history.add('echo two');
		s.history.add('history');
		expect((await exec(s, 'history')).stdout).toBe(
			'    1  echo one\n    2  echo two\n    3  history\n'
		);
		expect((await exec(s, 'history 1')).stdout).toBe('    3  history\n');
	});
});
