/**
 * Tab completion for `kubectl`, shaped like kubectl's own (`kubectl completion bash` asks the
 * binary's `__complete`): verbs, then per verb its flags, flag values (namespaces, output formats,
 * files, containers), resource types and the names of live objects from the API server.
 */
import type { ApiServer } from '../mesh/api/api-server.ts';
import { isApiError } from '../mesh/api/errors.ts';
import type { Pod } from '../mesh/api/objects.ts';
import { runningContainers } from '../mesh/api/pod-containers.ts';
import {
	completeNames,
	completeTypeOrTypeName,
	namespaceNames,
	objectNames,
	type NameScope
} from './completion-resources.ts';
import type { FlagSpec } from './kubectl/flags.ts';
import { defaultNamespace, loadKubeconfig } from './kubectl/kubeconfig.ts';
import { GLOBAL_FLAGS } from './kubectl/verb.ts';
import { verbs } from './kubectl/verbs.ts';
import type { Vfs } from './vfs.ts';

export interface ArgCompletionContext {
	readonly api: ApiServer;
	readonly vfs: Vfs;
	/** Files and directories for `word` (the shell's own file completion). */
	readonly files: (word: string) => string[];
}

const flag = (name: string, type: FlagSpec['type'], short?: string): FlagSpec =>
	short ? { name, type, short } : { name, type };

const OUTPUT = flag('output', 'string', 'o');
const SELECTOR = flag('selector', 'string', 'l');
const ALL_NS = flag('all-namespaces', 'bool', 'A');
const FILENAME = flag('filename', 'stringArray', 'f');
const DRY_RUN = flag('dry-run', 'string');
const ALL = flag('all', 'bool');

/** Each verb's flags, as its file declares them (kept in step with src/shell/kubectl). */
const VERB_FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = {
	get: [
		OUTPUT,
		ALL_NS,
		SELECTOR,
		flag('field-selector', 'string'),
		flag('show-labels', 'bool'),
		flag('label-columns', 'stringArray', 'L'),
		flag('no-headers', 'bool'),
		flag('show-kind', 'bool'),
		flag('sort-by', 'string'),
		flag('ignore-not-found', 'bool'),
		flag('watch', 'bool', 'w'),
		flag('watch-only', 'bool'),
		flag('output-watch-events', 'bool')
	],
	describe: [ALL_NS, SELECTOR, flag('show-events', 'bool')],
	apply: [
		FILENAME,
		flag('server-side', 'bool'),
		flag('force-conflicts', 'bool'),
		flag('field-manager', 'string'),
		DRY_RUN,
		OUTPUT,
		SELECTOR,
		flag('recursive', 'bool', 'R'),
		flag('prune', 'bool'),
		flag('wait', 'bool')
	],
	create: [
		FILENAME,
		flag('image', 'stringArray'),
		flag('replicas', 'int', 'r'),
		flag('port', 'int'),
		DRY_RUN,
		OUTPUT
	],
	delete: [
		FILENAME,
		SELECTOR,
		ALL,
		ALL_NS,
		flag('ignore-not-found', 'bool'),
		OUTPUT,
		flag('grace-period', 'int'),
		flag('force', 'bool'),
		flag('now', 'bool'),
		flag('wait', 'bool'),
		flag('timeout', 'string'),
		flag('cascade', 'string'),
		DRY_RUN,
		flag('recursive', 'bool', 'R')
	],
	label: [
		flag('overwrite', 'bool'),
		ALL,
		ALL_NS,
		SELECTOR,
		FILENAME,
		OUTPUT,
		DRY_RUN,
		flag('list', 'bool')
	],
	annotate: [
		flag('overwrite', 'bool'),
		ALL,
		ALL_NS,
		SELECTOR,
		FILENAME,
		OUTPUT,
		DRY_RUN,
		flag('list', 'bool')
	],
	exec: [
		flag('container', 'string', 'c'),
		flag('stdin', 'bool', 'i'),
		flag('tty', 'bool', 't'),
		flag('quiet', 'bool', 'q'),
		FILENAME
	],
	logs: [
		flag('container', 'string', 'c'),
		flag('tail', 'int'),
		SELECTOR,
		flag('all-containers', 'bool'),
		flag('follow', 'bool', 'f'),
		flag('previous', 'bool', 'p'),
		flag('prefix', 'bool'),
		flag('timestamps', 'bool'),
		flag('since', 'string')
	],
	'port-forward': [flag('address', 'string'), flag('pod-running-timeout', 'string')],
	rollout: [
		SELECTOR,
		flag('timeout', 'string'),
		flag('watch', 'bool', 'w'),
		flag('revision', 'int'),
		flag('to-revision', 'int'),
		FILENAME
	],
	scale: [
		flag('replicas', 'int'),
		flag('current-replicas', 'int'),
		SELECTOR,
		ALL,
		FILENAME,
		OUTPUT,
		DRY_RUN
	],
	wait: [flag('for', 'string'), flag('timeout', 'string'), SELECTOR, ALL, ALL_NS, FILENAME, OUTPUT],
	config: [
		flag('current', 'bool'),
		flag('output', 'string', 'o'),
		flag('minify', 'bool'),
		flag('raw', 'bool')
	]
};

/** Verbs whose first argument is TYPE, then NAMEs (or TYPE/NAME…). */
const TYPE_THEN_NAMES = new Set([
	'get',
	'describe',
	'delete',
	'label',
	'annotate',
	'wait',
	'scale'
]);
/** Verbs whose first argument is a pod (or TYPE/NAME of something with pods). */
const POD_FIRST = new Set(['exec', 'logs', 'port-forward', 'attach']);
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
	rollout: ['history', 'restart', 'status', 'undo'],
	set: ['image'],
	create: [
		'clusterrole',
		'clusterrolebinding',
		'configmap',
		'deployment',
		'namespace',
		'role',
		'rolebinding',
		'secret',
		'service',
		'serviceaccount'
	],
	config: ['current-context', 'get-contexts', 'set-context', 'use-context', 'view']
};
/** `kubectl get -o …`: the printers we have. */
const OUTPUT_FORMATS = ['custom-columns=', 'json', 'jsonpath=', 'name', 'wide', 'yaml'];
const WAIT_FOR = ['condition=Available', 'condition=Ready', 'delete'];

const byPrefix = (list: readonly string[], word: string): string[] =>
	list.filter((c) => c.startsWith(word));

/** The flag a word names (`-n`, `--namespace`, `--namespace=x`, `-nx`), if known. */
function flagOf(word: string, specs: readonly FlagSpec[]): FlagSpec | undefined {
	if (word.startsWith('--')) return specs.find((s) => s.name === word.slice(2).split('=')[0]);
	if (word.startsWith('-') && word.length >= 2) return specs.find((s) => s.short === word[1]);
	return undefined;
}

/** True when the flag word carries its value (`--x=1`, `-nfoo`) or needs none. */
function selfContained(word: string, spec: FlagSpec): boolean {
	if (spec.type === 'bool') return true;
	return word.startsWith('--') ? word.includes('=') : word.length > 2;
}

function flagValue(words: readonly string[], spec: FlagSpec): string | undefined {
	for (let i = 0; i < words.length; i++) {
		const w = words[i] as string;
		if (flagOf(w, [spec]) !== spec) continue;
		if (w.startsWith('--') && w.includes('=')) return w.slice(w.indexOf('=') + 1);
		if (!w.startsWith('--') && w.length > 2) return w.slice(2);
		return words[i + 1];
	}
	return undefined;
}

/** Positional arguments among `words` (flags and their values removed), and everything after `--`. */
function positionals(
	words: readonly string[],
	specs: readonly FlagSpec[]
): string[] | 'after-dashdash' {
	const out: string[] = [];
	for (let i = 0; i < words.length; i++) {
		const w = words[i] as string;
		if (w === '--') return 'after-dashdash';
		const spec = flagOf(w, specs);
		if (spec) {
			if (!selfContained(w, spec)) i++;
			continue;
		}
		if (w.startsWith('-') && w !== '-') continue;
		out.push(w);
	}
	return out;
}

function containersOf(api: ApiServer, podRef: string | undefined, scope: NameScope): string[] {
	const pods = api.resolve('pods');
	if (!pods || !podRef || podRef.includes('/')) return [];
	const pod = api.get(pods, scope.namespace, podRef);
	return isApiError(pod) ? [] : runningContainers(pod as Pod).map((c) => c.name);
}

function flagValues(
	spec: FlagSpec,
	word: string,
	args: readonly string[],
	scope: NameScope,
	ctx: ArgCompletionContext
): string[] {
	switch (spec.name) {
		case 'namespace':
			return byPrefix(namespaceNames(ctx.api), word);
		case 'output':
			return byPrefix(OUTPUT_FORMATS, word);
		case 'filename':
			return ctx.files(word);
		case 'container':
			return byPrefix(containersOf(ctx.api, args[0], scope), word);
		case 'for':
			return byPrefix(WAIT_FOR, word);
		case 'context':
			return byPrefix(
				loadKubeconfig(ctx.vfs).contexts.map((c) => c.name),
				word
			);
		case 'dry-run':
			return byPrefix(['client', 'none', 'server'], word);
		default:
			return [];
	}
}

function flagCandidates(word: string, specs: readonly FlagSpec[]): string[] {
	const names = specs.filter((s) => s.name !== 'v').map((s) => `--${s.name}`);
	if (word.startsWith('--')) return byPrefix(names, word).sort();
	const shorts = specs.filter((s) => s.short).map((s) => `-${s.short}`);
	return byPrefix([...shorts, ...names], word).sort();
}

/**
 * Candidates for `word` given the words typed after `kubectl` before it. Candidates replace the
 * whole word; `--flag=` forms keep their prefix.
 */
export function completeKubectl(
	before: readonly string[],
	word: string,
	ctx: ArgCompletionContext
): string[] {
	const all = [...GLOBAL_FLAGS, ...Object.values(VERB_FLAGS).flat()];
	const verbAt = before.findIndex((w, i) => {
		if (w.startsWith('-')) return false;
		const prev = before[i - 1];
		const spec = prev ? flagOf(prev, GLOBAL_FLAGS) : undefined;
		return !(spec && !selfContained(prev as string, spec));
	});
	const verb = verbAt >= 0 ? (before[verbAt] as string) : '';
	const specs = [...GLOBAL_FLAGS, ...(VERB_FLAGS[verb] ?? [])];
	const scope: NameScope = {
		namespace: flagValue(before, GLOBAL_FLAGS[0] as FlagSpec) || defaultNamespace(ctx.vfs),
		allNamespaces: before.some((w) => w === '-A' || w === '--all-namespaces')
	};
	const args = positionals(verbAt >= 0 ? before.slice(verbAt + 1) : [], specs);

	// A flag's value: `-n <Tab>` or `--namespace=<Tab>`.
	const prev = before.at(-1);
	const prevSpec = prev ? flagOf(prev, verb ? specs : all) : undefined;
	if (prev && prevSpec && !selfContained(prev, prevSpec))
		return flagValues(prevSpec, word, args === 'after-dashdash' ? [] : args, scope, ctx);
	if (word.startsWith('--') && word.includes('=')) {
		const spec = flagOf(word, specs);
		const head = word.slice(0, word.indexOf('=') + 1);
		if (!spec) return [];
		const values = flagValues(spec, word.slice(head.length), [], scope, ctx);
		return values.map((v) => head + v);
	}
	if (word.startsWith('-')) return flagCandidates(word, specs);
	if (!verb) return byPrefix([...verbs.map((v) => v.name), 'help'].sort(), word);
	if (args === 'after-dashdash') return [];

	const sub = SUBCOMMANDS[verb];
	if (verb === 'help')
		return args.length === 0 ? byPrefix(verbs.map((v) => v.name).sort(), word) : [];
	if (sub && args.length === 0) return byPrefix(sub, word);
	if (verb === 'config' && args[0] === 'use-context' && args.length === 1)
		return byPrefix(
			loadKubeconfig(ctx.vfs).contexts.map((c) => c.name),
			word
		);
	if (verb === 'rollout' && args.length === 1)
		return completeTypeOrTypeName(ctx.api, word, scope).filter((c) =>
			/^(deployments|daemonsets|statefulsets)$|\//.test(c)
		);
	if (verb === 'rollout' && args.length === 2 && !(args[1] as string).includes('/'))
		return completeNames(ctx.api, args[1] as string, word, scope);
	if (TYPE_THEN_NAMES.has(verb)) {
		if (args.length === 0 || args.every((a) => a.includes('/')))
			return completeTypeOrTypeName(ctx.api, word, scope);
		return completeNames(ctx.api, args[0] as string, word, scope);
	}
	if (POD_FIRST.has(verb) && args.length === 0) {
		if (word.includes('/')) return completeTypeOrTypeName(ctx.api, word, scope);
		const pods = ctx.api.resolve('pods');
		return pods ? byPrefix(objectNames(ctx.api, pods, scope), word) : [];
	}
	return [];
}
