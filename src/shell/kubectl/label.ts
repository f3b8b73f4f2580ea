/**
 * `kubectl label` and the machinery `kubectl annotate` shares with it. Mirrors kubectl
 * pkg/cmd/label/label.go (and annotate.go): resources first, then `key=value` / `key-` pairs;
 * an existing key needs `--overwrite`; the first error stops the run.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import { isValidLabelValue } from '../../mesh/api/names.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { dryRunSuffix, fail, formatServerError, parseDryRun, type DryRun } from './apply.ts';
import { bool, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { targetsFromFiles, type FileTarget } from './manifests.ts';
import { parseResourceArgs, qualifiedKind, selectResources } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

/** What differs between `label` and `annotate`. */
export interface MetadataMapKind {
	readonly verb: 'label' | 'annotate';
	readonly field: 'labels' | 'annotations';
	/** `label` / `annotation`, as kubectl words its errors. */
	readonly noun: string;
	/** Parses the pairs; a string is the error message. */
	parse(pairs: readonly string[]): { set: Map<string, string>; remove: string[] } | string;
	/** The existing-key error when --overwrite is false. */
	overwriteError(existing: readonly [string, string][]): string;
	/** `labeled` / `unlabeled` / `not labeled`; `annotated` always for annotate. */
	message(changed: boolean, overwrite: boolean, shrunk: boolean): string;
	/** label prints `label "x" not found.` for a removal of a missing key; annotate doesn't. */
	readonly reportMissingRemovals: boolean;
}

/** kubectl cmdutil.GetResourcesAndPairs: pairs start at the first `k=v` or `k-`. */
export function splitResourcesAndPairs(
	args: readonly string[],
	noun: string
): { resources: string[]; pairs: string[] } | string {
	const resources: string[] = [];
	const pairs: string[] = [];
	for (const s of args) {
		const isPair = (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');
		if (isPair) pairs.push(s);
		else if (pairs.length > 0)
			return `all resources must be specified before ${noun} changes: ${s}`;
		else resources.push(s);
	}
	return { resources, pairs };
}

export const LABEL: MetadataMapKind = {
	verb: 'label',
	field: 'labels',
	noun: 'label',
	parse(pairs) {
		const set = new Map<string, string>();
		const remove: string[] = [];
		for (const spec of pairs) {
			if (spec.includes('=')) {
				const parts = spec.split('=');
				if (parts.length !== 2) return `invalid label spec: ${spec}`;
				const errs = isValidLabelValue(parts[1] as string);
				if (errs.length > 0)
					return `invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}`;
				set.set(parts[0] as string, parts[1] as string);
			} else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
			else return `unknown label spec: ${spec}`;
		}
		if (remove.some((k) => set.has(k)))
			return 'can not both modify and remove a label in the same command';
		return { set, remove };
	},
	overwriteError: (existing) =>
		existing
			.map(([k, v]) => `'${k}' already has a value (${v}), and --overwrite is false`)
			.join('\nerror: '),
	message: (changed, overwrite, shrunk) =>
		!changed ? 'not labeled' : !overwrite && shrunk ? 'unlabeled' : 'labeled',
	reportMissingRemovals: true
};

type Target = FileTarget;

export const FLAGS = [
	{ name: 'overwrite', type: 'bool' },
	{ name: 'all', type: 'bool' },
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'list', type: 'bool' },
	{ name: 'local', type: 'bool' },
	{ name: 'resource-version', type: 'string' },
	{ name: 'field-manager', type: 'string' }
] as const;

/** Runs `kubectl label` or `kubectl annotate`. */
export async function runMetadataMapVerb(
	kind: MetadataMapKind,
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseVerbFlags(io, kind.verb, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const api = ctx.cluster.api;

	// Complete
	const split = splitResourcesAndPairs(flags.positional, kind.noun);
	if (typeof split === 'string') return fail(io, split);
	const parsed = kind.parse(split.pairs);
	if (typeof parsed === 'string') return fail(io, parsed);
	const nsFlag = str(flags, 'namespace');
	const namespace = nsFlag || defaultNamespace(ctx.vfs);
	const filenames = strings(flags, 'filename');
	const selector = str(flags, 'selector');
	const all = bool(flags, 'all');
	const overwrite = bool(flags, 'overwrite');
	const list = bool(flags, 'list');
	const output = str(flags, 'output');
	const dryRun = parseDryRun(str(flags, 'dry-run'));

	// Validate
	if (typeof dryRun === 'object') return fail(io, dryRun.error);
	if (all && selector !== undefined)
		return fail(io, 'cannot set --all and --selector at the same time');
	if (split.resources.length === 0 && filenames.length === 0)
		return fail(
			io,
			'one or more resources must be specified as <resource> <name> or <resource>/<name>'
		);
	if (parsed.set.size === 0 && parsed.remove.length === 0 && !list)
		return fail(io, `at least one ${kind.noun} update is required`);

	// Resolve targets
	const fromFiles = await targetsFromFiles(filenames, ctx.vfs, io.stdin, api, {
		name: namespace,
		enforce: Boolean(nsFlag)
	});
	if ('error' in fromFiles) return fail(io, fromFiles.error);
	const targets: Target[] = [...fromFiles];
	const args = parseResourceArgs(api, split.resources, {
		namespace,
		allNamespaces: bool(flags, 'all-namespaces')
	});
	if (isApiError(args)) return printApiError(io, args);
	const selected = selectResources(api, args, { all, selector });
	if (isApiError(selected)) return printApiError(io, selected);
	targets.push(...selected);
	if (targets.length === 0) {
		io.stderr(`No resources found in ${namespace} namespace.\n`);
		return 0;
	}

	// Run
	for (const t of targets) {
		const live = api.get(t.type, t.namespace, t.name);
		if (isApiError(live)) return printApiError(io, live);
		const code = updateOne(
			kind,
			t,
			live,
			parsed,
			{ overwrite, list, output, dryRun, single: targets.length === 1 },
			io,
			ctx
		);
		if (code !== 0) return code;
	}
	if (dryRun === 'none' && !list) await ctx.cluster.settle();
	return 0;
}

function updateOne(
	kind: MetadataMapKind,
	t: Target,
	live: KubeObject,
	parsed: { set: Map<string, string>; remove: string[] },
	opts: {
		overwrite: boolean;
		list: boolean;
		output: string | undefined;
		dryRun: DryRun;
		single: boolean;
	},
	io: CommandIO,
	ctx: CommandContext
): number {
	const before: Record<string, string> = { ...(live.metadata[kind.field] ?? {}) };
	if (opts.list) {
		if (!opts.single)
			io.stdout(`Listing ${kind.field} for ${t.type.kind}.${t.type.group}/${t.name}:\n`);
		for (const [k, v] of Object.entries(before)) io.stdout(`${opts.single ? '' : ' '}${k}=${v}\n`);
		return 0;
	}
	if (kind.reportMissingRemovals && opts.dryRun === 'none')
		for (const k of parsed.remove)
			if (!(k in before)) io.stdout(`${kind.noun} ${JSON.stringify(k)} not found.\n`);
	if (!opts.overwrite) {
		const existing = [...parsed.set.keys()]
			.filter((k) => k in before)
			.map((k): [string, string] => [k, before[k] as string]);
		if (existing.length > 0) return fail(io, kind.overwriteError(existing));
	}
	const after: Record<string, string> = { ...before };
	for (const [k, v] of parsed.set) after[k] = v;
	for (const k of parsed.remove) delete after[k];
	const changed = JSON.stringify(before) !== JSON.stringify(after);
	const shrunk = JSON.stringify(after).length < JSON.stringify(before).length;
	if (changed && opts.dryRun === 'none') {
		const result = ctx.cluster.api.patch(t.type, t.namespace, t.name, (draft) => {
			if (Object.keys(after).length === 0) delete draft.metadata[kind.field];
			else draft.metadata[kind.field] = after;
		});
		if (isApiError(result)) {
			io.stderr(formatServerError(result) + '\n');
			return 1;
		}
	}
	const ref = `${qualifiedKind(t.type)}/${t.name}`;
	if (opts.output === 'name') {
		io.stdout(ref + '\n');
		return 0;
	}
	const suffix = dryRunSuffix(opts.dryRun);
	io.stdout(`${ref} ${kind.message(changed, opts.overwrite, shrunk)}${suffix}\n`);
	return 0;
}

export const labelVerb: KubectlVerb = {
	name: 'label',
	flags: FLAGS,
	summary: 'Update the labels on a resource',
	group: 'Settings Commands',
	run: (argv, io, ctx) => runMetadataMapVerb(LABEL, argv, io, ctx)
};
