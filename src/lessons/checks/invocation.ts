/**
 * A command line as kubectl or istioctl itself would read it: the shell's parser splits the line
 * (pipes, `&&`, quotes), cobra's rules find the verb or subcommand (flags may come first), pflag
 * parses the flags with the command's own specs, and resource words are resolved as the API
 * server does (`po` → `pods`, `deploy/curl` → `deployments/curl`). Lesson checks compare these,
 * so `kubectl get -o wide pods`, `kubectl get po --output=wide` and `kubectl get pods -owide`
 * are one answer.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { Script, SimpleCommand, Word } from '../../shell/parser/ast.ts';
import type { FlagSpec, parseFlags } from '../../shell/kubectl/flags.ts';
import type { IstioctlCommand } from '../../shell/istioctl/types.ts';

export type FlagValue = string | number | boolean | readonly string[];

export interface Invocation {
	/** `kubectl`, `istioctl`, `curl`, … */
	readonly program: string;
	/** Canonical verb and subcommands: `['get']`, `['ztunnel-config', 'workload']`. */
	readonly path: readonly string[];
	/**
	 * Positional words; for kubectl, resource words resolved to plurals, and `type/name` also
	 * counted as `type` (so `kubectl get pod/x` is a `kubectl get pods`).
	 */
	readonly positional: readonly string[];
	/** Flags by long name. */
	readonly flags: ReadonlyMap<string, FlagValue>;
	/** After a bare `--` (kubectl exec's command). */
	readonly rest: readonly string[];
}

interface Shell {
	readonly parse: (src: string) => Script | { readonly type: 'parse-error' };
	readonly parseFlags: typeof parseFlags;
	readonly kubectl: {
		readonly verbIndex: (argv: readonly string[]) => number;
		readonly findVerb: (
			name: string
		) => { readonly name: string; readonly flags?: readonly FlagSpec[] } | undefined;
		readonly globalFlags: readonly FlagSpec[];
	};
	readonly istioctl: {
		readonly commandIndex: (argv: readonly string[]) => number;
		readonly commands: readonly IstioctlCommand[];
		readonly rootFlags: readonly FlagSpec[];
	};
}

let shell: Promise<Shell> | undefined;

/** The shell's parsers load with the shell, not with the lesson pane. */
function loadShell(): Promise<Shell> {
	shell ??= Promise.all([
		import('../../shell/parser/parse.ts'),
		import('../../shell/kubectl/flags.ts'),
		import('../../shell/kubectl/index.ts'),
		import('../../shell/kubectl/verbs.ts'),
		import('../../shell/kubectl/verb.ts'),
		import('../../shell/istioctl/index.ts'),
		import('../../shell/istioctl/common.ts')
	]).then(([parser, flags, kubectl, verbs, verb, istioctl, common]) => ({
		parse: parser.parse,
		parseFlags: flags.parseFlags,
		kubectl: {
			verbIndex: kubectl.verbIndex,
			findVerb: verbs.findVerb,
			globalFlags: verb.GLOBAL_FLAGS
		},
		istioctl: {
			commandIndex: istioctl.commandIndex,
			commands: istioctl.COMMANDS,
			rootFlags: common.ROOT_FLAGS
		}
	}));
	return shell;
}

/** The text of a word as typed, quotes removed; `$X` and `$(…)` stay as written. */
function wordText(word: Word): string {
	return word.parts.map((p) => (p.type === 'literal' ? p.text : word.raw)).join('');
}

function simpleCommands(script: Script): SimpleCommand[] {
	const out: SimpleCommand[] = [];
	const visit = (s: Script): void => {
		for (const item of s.items) {
			for (const pipeline of [item.command.first, ...item.command.rest.map((r) => r.pipeline)]) {
				for (const node of pipeline.commands) {
					if (node.type === 'simple') out.push(node);
					else if (node.type === 'group' || node.type === 'subshell') visit(node.body);
					else if (node.type === 'for') visit(node.body);
					else if (node.type === 'while') {
						visit(node.condition);
						visit(node.body);
					} else {
						for (const b of node.branches) {
							visit(b.condition);
							visit(b.body);
						}
						if (node.elseBody) visit(node.elseBody);
					}
				}
			}
		}
	};
	visit(script);
	return out;
}

function kubectlInvocation(argv: readonly string[], sh: Shell, api: ApiServer): Invocation | null {
	const at = sh.kubectl.verbIndex(argv);
	const verb = at >= 0 ? sh.kubectl.findVerb(argv[at] as string) : undefined;
	if (!verb) return null;
	const words = [...argv.slice(0, at), ...argv.slice(at + 1)];
	const parsed = sh.parseFlags(words, [...sh.kubectl.globalFlags, ...(verb.flags ?? [])]);
	if ('type' in parsed) return null; // kubectl refused the line: it answers nothing
	let positional = parsed.positional;
	const path = [verb.name];
	if (verb.name === 'rollout' && positional[0]) {
		path.push(positional[0]);
		positional = positional.slice(1);
	}
	return {
		program: 'kubectl',
		path,
		positional: resourceWords(positional, api),
		flags: parsed.values,
		rest: parsed.rest ?? []
	};
}

/** `po` → `pods`, `pods,svc` → both, `deploy/x` → `deployments/x` and `deployments`. */
function resourceWords(words: readonly string[], api: ApiServer): string[] {
	const out: string[] = [];
	words.forEach((w, i) => {
		const slash = w.indexOf('/');
		if (slash > 0) {
			const type = api.resolve(w.slice(0, slash));
			if (type) {
				out.push(`${type.plural}/${w.slice(slash + 1)}`, type.plural);
				return;
			}
		} else if (i === 0) {
			const types = w.split(',').map((t) => api.resolve(t));
			if (types.every((t) => t !== undefined)) {
				for (const t of types) out.push(t.plural);
				return;
			}
		}
		out.push(w);
	});
	return out;
}

function findCommand(list: readonly IstioctlCommand[], name: string): IstioctlCommand | undefined {
	return list.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}

function istioctlInvocation(argv: readonly string[], sh: Shell): Invocation | null {
	let words = [...argv];
	let list = sh.istioctl.commands;
	let cmd: IstioctlCommand | undefined;
	const path: string[] = [];
	for (;;) {
		const at = sh.istioctl.commandIndex(words);
		const next = at >= 0 ? findCommand(list, words[at] as string) : undefined;
		if (!next) break;
		cmd = next;
		path.push(next.name);
		words = [...words.slice(0, at), ...words.slice(at + 1)];
		list = next.subcommands ?? [];
	}
	if (!cmd) return null;
	const parsed = sh.parseFlags(words, [...sh.istioctl.rootFlags, ...cmd.flags]);
	if ('type' in parsed) return null;
	return {
		program: 'istioctl',
		path,
		positional: parsed.positional,
		flags: parsed.values,
		rest: parsed.rest ?? []
	};
}

/** Every command the line runs, as its program reads it (kubectl and istioctl parsed). */
export async function invocations(line: string, api: ApiServer): Promise<Invocation[]> {
	const sh = await loadShell();
	const script = sh.parse(line);
	if (script.type !== 'script') return [];
	const out: Invocation[] = [];
	for (const simple of simpleCommands(script)) {
		const [program, ...argv] = simple.words.map(wordText);
		if (!program) continue;
		const parsed =
			program === 'kubectl'
				? kubectlInvocation(argv, sh, api)
				: program === 'istioctl'
					? istioctlInvocation(argv, sh)
					: null;
		if (parsed) out.push(parsed);
		else if (program !== 'kubectl' && program !== 'istioctl')
			out.push({ program, path: [], positional: argv, flags: new Map(), rest: [] });
	}
	return out;
}
