import { describe, expect, it } from 'vitest';
import type { Script, Word } from '../../../src/shell/parser/ast.ts';
import { isParseError } from '../../../src/shell/parser/ast.ts';
import { isIncomplete, parse } from '../../../src/shell/parser/parse.ts';
import { splitCommands } from '../../../src/shell/parser/split.ts';

/** A compact rendering of the tree, so cases read like the shell they parse. */
function show(script: Script): string {
	const word = (w: Word): string =>
		w.parts
			.map((p) => {
				if (p.type === 'literal') return p.quoted ? `'${p.text}'` : p.text;
				if (p.type === 'param')
					return `$${p.name}${p.op ? `[${p.op}${p.arg ? word(p.arg) : ''}]` : ''}`;
				if (p.type === 'arith') return `$((${word(p.expr)}))`;
				return `$(${show(p.script)})`;
			})
			.join('');
	const list = (s: Script): string =>
		s.items.map((i) => andOr(i.command) + (i.background ? ' &' : '')).join('; ');
	const andOr = (a: Script['items'][number]['command']): string =>
		[pipeline(a.first), ...a.rest.map((r) => `${r.op} ${pipeline(r.pipeline)}`)].join(' ');
	const pipeline = (p: Parameters<typeof pipelineOf>[0]): string => pipelineOf(p);
	const pipelineOf = (p: { negated: boolean; commands: readonly unknown[] }): string =>
		(p.negated ? '! ' : '') + p.commands.map((c) => command(c as never)).join(' | ');
	const redirects = (
		rs: readonly { fd?: number; op: string; target: Word; heredoc?: Word }[]
	): string =>
		rs
			.map(
				(r) => ` ${r.fd ?? ''}${r.op}${word(r.target)}${r.heredoc ? `{${word(r.heredoc)}}` : ''}`
			)
			.join('');
	const command = (c: Script['items'][number]['command']['first']['commands'][number]): string => {
		switch (c.type) {
			case 'simple':
				return (
					[...c.assignments.map((a) => `${a.name}=${word(a.value)}`), ...c.words.map(word)].join(
						' '
					) + redirects(c.redirects)
				);
			case 'group':
				return `{ ${list(c.body)} }${redirects(c.redirects)}`;
			case 'subshell':
				return `( ${list(c.body)} )${redirects(c.redirects)}`;
			case 'for':
				return `for ${c.name} in ${(c.words ?? []).map(word).join(' ')} do ${list(c.body)} done`;
			case 'while':
				return `${c.until ? 'until' : 'while'} ${list(c.condition)} do ${list(c.body)} done`;
			case 'if':
				return (
					c.branches
						.map((b, i) => `${i ? 'elif' : 'if'} ${list(b.condition)} then ${list(b.body)}`)
						.join(' ') +
					(c.elseBody ? ` else ${list(c.elseBody)}` : '') +
					' fi'
				);
		}
	};
	return list(script);
}

describe('parse', () => {
	const cases: { name: string; src: string; tree: string }[] = [
		{
			name: 'simple command',
			src: 'kubectl get pods -n default',
			tree: 'kubectl get pods -n default'
		},
		{ name: 'pipe, and, or, semicolon', src: 'a | b && c || d; e', tree: 'a | b && c || d; e' },
		{ name: 'quotes', src: `echo 'a b' "c $X d" e\\ f`, tree: `echo 'a b' 'c '$X' d' e' 'f` },
		{ name: 'empty double quotes stay a word', src: 'echo ""', tree: "echo ''" },
		{
			name: 'braced and special params',
			src: 'echo ${A} $? ${B:-x} ${#C}',
			tree: "echo $A $? $B[:-'x'] $C[#]"
		},
		{ name: 'command substitution', src: 'echo $(seq 1 3)', tree: 'echo $(seq 1 3)' },
		{ name: 'backticks', src: 'echo `date`', tree: 'echo $(date)' },
		{
			name: 'nested substitution',
			src: 'echo $(echo $(echo hi))',
			tree: 'echo $(echo $(echo hi))'
		},
		{ name: 'arithmetic', src: 'echo $((1 + X))', tree: "echo $(('1 + X'))" },
		{ name: 'assignment and export', src: 'A=1 B=$X; export C=2', tree: 'A=1 B=$X; export C=2' },
		{ name: 'assignment prefix', src: 'A=1 cmd x=y', tree: 'A=1 cmd x=y' },
		{
			name: 'the gateway CRD check from the Istio docs',
			src: 'kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \\\n  { kubectl kustomize "github.com/x?ref=v1.2.1" | kubectl apply -f -; }',
			tree: "kubectl get crd gateways.gateway.networking.k8s.io &>/dev/null || { kubectl kustomize 'github.com/x?ref=v1.2.1' | kubectl apply -f - }"
		},
		{
			name: 'redirections',
			src: 'cmd > out 2>&1 < in >> log 2>/dev/null',
			tree: 'cmd >out 2>&1 <in >>log 2>/dev/null'
		},
		{ name: 'fd dup to stderr', src: 'echo err >&2', tree: 'echo err >&2' },
		{ name: 'here-string', src: 'cat <<< "$X"', tree: 'cat <<<$X' },
		{
			name: 'heredoc with expansion',
			src: 'cat <<EOF | kubectl apply -f -\nname: $NAME\nEOF',
			tree: "cat <<EOF{'name: '$NAME'\n'} | kubectl apply -f -"
		},
		{ name: 'quoted heredoc', src: "cat <<'EOF'\n$NAME\nEOF", tree: "cat <<'EOF'{'$NAME\n'}" },
		{
			name: '<<- strips leading tabs',
			src: 'cat <<-EOF\n\t\thi\n\tEOF',
			tree: "cat <<-EOF{'hi\n'}"
		},
		{
			name: 'for loop one line',
			src: 'for i in $(seq 1 3); do echo $i; done',
			tree: 'for i in $(seq 1 3) do echo $i done'
		},
		{
			name: 'for loop multi-line',
			src: 'for i in a b\ndo\n  echo $i\ndone',
			tree: 'for i in a b do echo $i done'
		},
		{
			name: 'if elif else',
			src: 'if true; then echo a; elif false; then echo b; else echo c; fi',
			tree: 'if true then echo a elif false then echo b else echo c fi'
		},
		{
			name: 'while and until',
			src: 'while read l; do echo $l; done; until true; do :; done',
			tree: 'while read l do echo $l done; until true do : done'
		},
		{ name: 'negation', src: '! grep -q x f', tree: '! grep -q x f' },
		{ name: 'subshell', src: '(cd /tmp; ls)', tree: '( cd /tmp; ls )' },
		{ name: 'comment', src: 'echo a # not b\n# whole line', tree: 'echo a' },
		{ name: 'hash inside a word', src: 'echo a#b', tree: 'echo a#b' },
		{ name: 'line continuation', src: 'kubectl get \\\n pods', tree: 'kubectl get pods' },
		{ name: 'reserved words as arguments', src: 'echo done if }', tree: 'echo done if }' },
		{ name: 'background', src: 'sleep 1 &', tree: 'sleep 1 &' },
		{ name: 'ANSI-C quoting', src: "echo $'a\\tb'", tree: "echo 'a\tb'" }
	];
	for (const c of cases) {
		it(c.name, () => {
			const script = parse(c.src);
			if (isParseError(script)) throw new Error(script.message);
			expect(show(script)).toBe(c.tree);
		});
	}
});

describe('parse errors', () => {
	const cases = [
		{ src: 'done', message: "syntax error near unexpected token `done'", incomplete: false },
		{ src: 'echo a; fi', message: "syntax error near unexpected token `fi'", incomplete: false },
		{ src: 'echo >', message: "syntax error near unexpected token `newline'", incomplete: false },
		{ src: '| grep x', message: "syntax error near unexpected token `|'", incomplete: false },
		{ src: 'a && && b', message: "syntax error near unexpected token `&&'", incomplete: false },
		{ src: 'for 1x in a; do :; done', message: "`1x': not a valid identifier", incomplete: false },
		{ src: 'echo ${a b}', message: '${a b}: bad substitution', incomplete: false },
		{
			src: 'echo "abc',
			message: 'unexpected EOF while looking for matching `"\'',
			incomplete: true
		},
		{
			src: "echo 'abc",
			message: "unexpected EOF while looking for matching `''",
			incomplete: true
		},
		{ src: 'for i in 1 2', message: 'syntax error: unexpected end of file', incomplete: true }
	];
	for (const c of cases) {
		it(c.src, () => {
			expect(parse(c.src)).toMatchObject({
				type: 'parse-error',
				message: c.message,
				incomplete: c.incomplete
			});
		});
	}

	it('reports the line of the error', () => {
		expect(parse('echo a\necho b\ndone')).toMatchObject({ line: 3 });
	});
});

describe('isIncomplete', () => {
	const cases: [string, boolean][] = [
		['echo hi', false],
		['echo "open', true],
		["echo 'open", true],
		['echo `open', true],
		['echo $(open', true],
		['cat <<EOF\nbody', true],
		['cat <<EOF\nbody\nEOF', false],
		['cat <<-EOF\n\tbody\n\tEOF', false],
		['kubectl get pods \\', true],
		['for i in 1 2; do', true],
		['for i in 1 2; do echo $i; done', false],
		['if true; then', true],
		['while true; do :', true],
		['{ echo a;', true],
		['(echo a', true],
		['ls |', true],
		['true &&', true],
		['false ||', true],
		['done', false],
		['echo >', false],
		['', false]
	];
	for (const [src, expected] of cases) {
		it(`${JSON.stringify(src)} → ${expected}`, () => expect(isIncomplete(src)).toBe(expected));
	}
});

describe('splitCommands', () => {
	const cases: { name: string; src: string; commands: string[] }[] = [
		{ name: 'one per line', src: 'echo a\necho b\n', commands: ['echo a', 'echo b'] },
		{
			name: 'blank lines and comments skipped',
			src: '# setup\n\necho a   # trailing\n',
			commands: ['echo a']
		},
		{
			name: 'semicolons stay on their line',
			src: 'echo a; echo b\necho c',
			commands: ['echo a; echo b', 'echo c']
		},
		{
			name: 'heredoc belongs to its command',
			src: 'cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\nkubectl get pods',
			commands: ['cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF', 'kubectl get pods']
		},
		{
			name: 'a heredoc before a semicolon: the line keeps its body',
			src: 'cat <<EOF | istioctl validate -f -; echo "exit $?"\nkind: Pod\nEOF\necho end',
			commands: ['cat <<EOF | istioctl validate -f -; echo "exit $?"\nkind: Pod\nEOF', 'echo end']
		},
		{
			name: 'multi-line for loop',
			src: 'for i in 1 2\ndo\n  echo $i\ndone\necho end',
			commands: ['for i in 1 2\ndo\n  echo $i\ndone', 'echo end']
		},
		{
			name: 'continuation lines',
			src: 'kubectl get crd x &> /dev/null || \\\n  kubectl apply -f y\n',
			commands: ['kubectl get crd x &> /dev/null || \\\n  kubectl apply -f y']
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			expect(splitCommands(c.src)).toEqual(c.commands.map((source) => ({ source })));
		});
	}

	it('returns the parse error', () => {
		expect(splitCommands('echo a\ndone')).toMatchObject({ type: 'parse-error', line: 2 });
	});
});
