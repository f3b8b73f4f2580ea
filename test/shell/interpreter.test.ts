import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/shell/command.ts';
import { stubCluster } from '../support/stub-cluster.ts';
import { exec, newSession, run } from './harness.ts';

describe('interpreter', () => {
	const cases: { name: string; src: string; output: string; code?: number }[] = [
		{ name: 'pipe', src: 'echo hello | grep ell', output: 'hello\n' },
		// bash manual 3.5.6 Process Substitution: the word is a /dev/fd path, 63 first.
		{ name: 'process substitution', src: 'cat <(echo a; echo b)', output: 'a\nb\n' },
		{
			name: 'process substitution paths',
			src: 'echo <(true) <(true)',
			output: '/dev/fd/63 /dev/fd/62\n'
		},
		{
			name: 'process substitution leaves $? alone',
			src: 'true; cat <(false); echo $?',
			output: '0\n'
		},
		{
			name: 'its file is gone afterwards',
			src: 'cat <(echo x) >/dev/null; cat /dev/fd/63',
			output: 'cat: /dev/fd/63: No such file or directory\n',
			code: 1
		},
		{ name: 'redirected from a process substitution', src: 'wc -l < <(seq 3)', output: '3\n' },
		{ name: 'three-stage pipe', src: 'seq 1 10 | grep 1 | wc -l', output: '2\n' },
		{ name: '&& runs on success', src: 'true && echo yes', output: 'yes\n' },
		{ name: '&& skips on failure', src: 'false && echo yes', output: '', code: 1 },
		{ name: '|| runs on failure', src: 'false || echo fallback', output: 'fallback\n' },
		{ name: 'exit status of the last command', src: 'echo a; false', output: 'a\n', code: 1 },
		{ name: '$? of the previous command', src: 'false; echo $?; true; echo $?', output: '1\n0\n' },
		{ name: 'negation', src: '! false && echo negated', output: 'negated\n' },
		{ name: 'variables', src: 'A=1; B="$A two"; echo "$B" ${A}x', output: '1 two 1x\n' },
		{ name: 'unset variable is empty', src: 'echo "[$NOPE]"', output: '[]\n' },
		{ name: 'default value', src: 'echo ${NOPE:-fallback}', output: 'fallback\n' },
		{ name: 'length', src: 'A=hello; echo ${#A}', output: '5\n' },
		{
			name: 'field splitting of unquoted expansions',
			src: 'A="a   b"; for w in $A; do echo "<$w>"; done',
			output: '<a>\n<b>\n'
		},
		{
			name: 'no splitting when quoted',
			src: 'A="a   b"; for w in "$A"; do echo "<$w>"; done',
			output: '<a   b>\n'
		},
		{
			name: 'command substitution strips trailing newlines',
			src: 'X=$(printf "a\\n\\n"); echo "[$X]"',
			output: '[a]\n'
		},
		{
			name: 'for over $(seq 1 3)',
			src: 'for i in $(seq 1 3); do echo "n=$i"; done',
			output: 'n=1\nn=2\nn=3\n'
		},
		{ name: 'multi-line for', src: 'for i in a b\ndo\n  echo $i\ndone', output: 'a\nb\n' },
		{ name: 'arithmetic', src: 'i=4; echo $((i * 2 + 1)) $(( (1+2) % 2 ))', output: '9 1\n' },
		{
			name: 'arithmetic error',
			src: 'echo $((1/0))',
			output: 'bash: 1/0: division by 0 (error token is "0")\n',
			code: 1
		},
		{
			name: 'if/elif/else',
			src: 'if false; then echo a; elif true; then echo b; else echo c; fi',
			output: 'b\n'
		},
		{
			name: 'while with a counter',
			src: 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done',
			output: '0\n1\n2\n'
		},
		{ name: 'until', src: 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i', output: '2\n' },
		{
			name: 'break and continue',
			src: 'for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done',
			output: '1\n3\n'
		},
		{
			name: 'while read over a pipe',
			src: 'printf "x\\ny\\n" | while read l; do echo "got $l"; done',
			output: 'got x\ngot y\n'
		},
		{ name: 'group redirect', src: '{ echo a; echo b; } > f; cat f', output: 'a\nb\n' },
		{
			name: 'subshell keeps variables local',
			src: 'A=1; (A=2; echo $A); echo $A',
			output: '2\n1\n'
		},
		{
			name: 'redirect to a file and append',
			src: 'echo one > f.txt; echo two >> f.txt; cat f.txt',
			output: 'one\ntwo\n'
		},
		{ name: 'stdin from a file', src: 'wc -l < notes.txt', output: '4\n' },
		{
			name: 'missing input file',
			src: 'cat < nope',
			output: 'bash: nope: No such file or directory\n',
			code: 1
		},
		{ name: '2>/dev/null hides errors', src: 'cat nope 2>/dev/null; echo $?', output: '1\n' },
		{
			name: '&> /dev/null hides both',
			src: 'cat notes.txt nope &> /dev/null || echo failed',
			output: 'failed\n'
		},
		{ name: '2>&1 into a pipe', src: 'cat nope 2>&1 | grep -c "No such"', output: '1\n' },
		{ name: 'order of 2>&1 and >', src: 'cat nope 2>&1 >/dev/null | wc -l', output: '1\n' },
		{
			name: '>&2 writes to stderr',
			src: 'echo oops >&2 2>/dev/null; echo oops >&2 | wc -c',
			output: 'oops\noops\n0\n'
		},
		{ name: '/dev/null as empty input', src: 'cat /dev/null | wc -c', output: '0\n' },
		{
			name: 'redirect into a missing folder',
			src: 'echo x > no/such/f',
			output: 'bash: no/such/f: No such file or directory\n',
			code: 1
		},
		{
			name: 'redirect onto a folder',
			src: 'echo x > samples',
			output: 'bash: samples: Is a directory\n',
			code: 1
		},
		{ name: 'heredoc', src: 'N=web; cat <<EOF\nname: $N\nEOF', output: 'name: web\n' },
		{
			name: 'quoted heredoc does not expand',
			src: "cat <<'EOF'\nname: $N\nEOF",
			output: 'name: $N\n'
		},
		{ name: '<<- strips tabs', src: 'cat <<-EOF\n\tindented\n\tEOF', output: 'indented\n' },
		{ name: 'here-string', src: 'grep -c a <<< "banana"', output: '1\n' },
		{
			name: 'command not found',
			src: 'kubeclt get pods',
			output: 'bash: kubeclt: command not found\n',
			code: 127
		},
		{
			// docs/ambient/install/platform-prerequisites runs k3d on the host: bash's error, plus why.
			name: 'a cluster tool of the host is not found, with a note',
			src: 'k3d cluster create',
			output:
				'bash: k3d: command not found (the playground made its kind cluster for you, see kubectl config get-contexts; cluster tools are not simulated)\n',
			code: 127
		},
		{
			name: 'syntax error',
			src: 'for i in 1; do echo; done done',
			output: "bash: syntax error near unexpected token `done'\n",
			code: 2
		},
		{
			name: 'sh -c sees exported variables only',
			src: 'A=1; export B=2; sh -c \'echo "A=$A B=$B $0 $1"\' name arg',
			output: 'A= B=2 name arg\n'
		},
		{
			name: 'sh -c syntax error',
			src: "sh -c 'done'",
			output: "sh: -c: line 1: syntax error near unexpected token `done'\n",
			code: 2
		},
		{
			name: 'bash reads a script from stdin',
			src: 'echo "echo from-stdin" | bash',
			output: 'from-stdin\n'
		},
		{ name: 'exit stops the script', src: 'echo a; exit 3; echo b', output: 'a\n', code: 3 },
		{ name: 'exit in sh -c ends only the child', src: "sh -c 'exit 4'; echo $?", output: '4\n' },
		{
			name: 'prefix assignment is temporary',
			src: 'A=tmp sh -c \'echo $A\'; echo "[$A]"',
			output: 'tmp\n[]\n'
		},
		{ name: 'tilde', src: 'echo ~ ~/x', output: '/root /root/x\n' },
		{
			name: 'cd and relative paths',
			src: 'cd samples/curl; pwd; cat curl.yaml | head -1; cd; pwd',
			output: '/root/samples/curl\napiVersion: v1\n/root\n'
		},
		{
			name: 'a background job: [1] PID on stderr, its output, and wait reports it done',
			src: 'echo bg & wait; echo "fg $!"',
			output: '[1] 4243\nbg\n[1]+  Done                    echo bg\nfg 4243\n'
		}
	];
	for (const c of cases) {
		it(c.name, async () => {
			const r = await run(c.src);
			expect(r.output).toBe(c.output);
			expect(r.code).toBe(c.code ?? 0);
		});
	}

	it('keeps variables and cwd between command lines', async () => {
		const s = newSession();
		await exec(s, 'export NS=istio-system; cd samples');
		const r = await exec(s, 'echo $NS; pwd');
		expect(r.stdout).toBe('istio-system\n/root/samples\n');
		expect(s.cwd).toBe('/root/samples');
		expect(s.env.get('NS')).toBe('istio-system');
	});

	it('passes argv, stdin and context to registry commands', async () => {
		const seen: { argv: readonly string[]; stdin: string; ns: string | undefined }[] = [];
		const kubectl: Command = {
			name: 'kubectl',
			summary: 'Kubernetes CLI',
			async run(argv, io, ctx) {
				seen.push({ argv, stdin: io.stdin, ns: ctx.env.get('NS') });
				io.stdout('ok\n');
				return argv[0] === 'fail' ? 1 : 0;
			}
		};
		const s = newSession({ commands: [kubectl] });
		const r = await exec(
			s,
			'NS=x; cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\nkubectl fail || echo handled'
		);
		expect(r.stdout).toBe('ok\nok\nhandled\n');
		expect(seen).toEqual([
			{ argv: ['apply', '-f', '-'], stdin: 'kind: Pod\n', ns: 'x' },
			{ argv: ['fail'], stdin: '', ns: 'x' }
		]);
	});

	it('settles the cluster after each top-level command', async () => {
		const cluster = stubCluster();
		const s = newSession({ cluster });
		await exec(s, 'echo a; echo b\necho c');
		expect(cluster.settles).toBe(3);
	});

	it('a throwing command becomes an error message, not an exception', async () => {
		const broken: Command = {
			name: 'broken',
			summary: '',
			run: async () => {
				throw new Error('boom');
			}
		};
		const r = await exec(newSession({ commands: [broken] }), 'broken; echo after');
		expect(r.output).toBe('bash: broken: internal error: boom\nafter\n');
	});

	it('runScript with external runs non-builtins there (kubectl exec … sh -c)', async () => {
		const calls: string[][] = [];
		const kubectl: Command = {
			name: 'kubectl',
			summary: '',
			run: (argv, io, ctx) =>
				ctx.runScript(argv.join(' '), io, {
					external: async (a, eio) => {
						calls.push([...a]);
						eio.stdout(a[0] === 'curl' ? '<title>Simple Bookstore App</title>\n' : '');
						return a[0] === 'curl' ? 0 : 127;
					}
				})
		};
		const r = await exec(
			newSession({ commands: [kubectl] }),
			`kubectl 'for i in $(seq 1 2); do curl -s http://productpage:9080/ | grep -o "<title>.*</title>"; done; cat /etc/hosts'`
		);
		expect(r.stdout).toBe('<title>Simple Bookstore App</title>\n'.repeat(2));
		expect(calls).toEqual([
			['curl', '-s', 'http://productpage:9080/'],
			['curl', '-s', 'http://productpage:9080/'],
			['cat', '/etc/hosts']
		]);
	});

	it('Ctrl-C (abort) stops a loop and returns 130', async () => {
		const s = newSession();
		const controller = new AbortController();
		let lines = 0;
		const done = s.execute(
			'while true; do echo y; done',
			{
				stdin: '',
				stdout: () => {
					if (++lines === 1000) controller.abort();
				},
				stderr: () => {}
			},
			{ signal: controller.signal }
		);
		expect(await done).toBe(130);
	});
});
