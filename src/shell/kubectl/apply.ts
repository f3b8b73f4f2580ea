/**
 * `kubectl apply -f FILE|DIR|-|URL`. Mirrors kubectl pkg/cmd/apply/apply.go: every manifest is
 * decoded and mapped first (so a CR in the same file as its CRD fails on first apply, as it does
 * for real), then each object is applied; errors are printed after the successes and exit 1.
 */
import type { ApiError } from '../../mesh/api/errors.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import type { CommandIO, CommandContext } from '../command.ts';
import { bool, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import {
	decodeSources,
	matchesSelector,
	readSources,
	resolveNamespaces,
	type Manifest
} from './manifests.ts';
import { qualifiedKind } from './resource-args.ts';
import { parseValidate } from './validate-flag.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';
import type { FieldValidation } from '../../mesh/api/custom-resources.ts';

/** `--dry-run` values kubectl accepts; bare `--dry-run` is the deprecated `client`. */
export type DryRun = 'none' | 'client' | 'server';

export function parseDryRun(value: string | undefined): DryRun | { error: string } {
	if (value === undefined || value === 'none' || value === 'false') return 'none';
	if (value === 'client' || value === 'true') return 'client';
	if (value === 'server') return 'server';
	return {
		error: `Invalid dry-run value (${value}). Must be "none", "server", or "client".`
	};
}

/** What kubectl appends to a verb's line for a dry run: ` (dry run)`, ` (server dry run)`. */
export function dryRunSuffix(dryRun: DryRun): string {
	return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** Prints `error: message` (kubectl's plain, non-usage error) and returns exit code 1. */
export function fail(io: CommandIO, message: string): number {
	io.stderr(`error: ${message}\n`);
	return 1;
}

/** kubectl's rendering of a server error; Invalid errors print their own "The X "y" is invalid". */
export function formatServerError(e: ApiError, action?: { verb: string; source: string }): string {
	if (e.reason === 'Invalid' && !e.clientSide) return e.message;
	if (!action || e.clientSide) return formatApiError(e);
	return formatApiError({
		...e,
		message: `error when ${action.verb} "${action.source}": ${e.message}`
	});
}

const FLAGS = [
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'server-side', type: 'bool' },
	{ name: 'force-conflicts', type: 'bool' },
	{ name: 'field-manager', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'validate', type: 'string' },
	{ name: 'recursive', short: 'R', type: 'bool' },
	{ name: 'prune', type: 'bool' },
	{ name: 'wait', type: 'bool' }
] as const;

function applyOne(
	m: Manifest,
	ctx: CommandContext,
	opts: { serverSide: boolean; dryRun: DryRun; fieldValidation: FieldValidation },
	io: CommandIO
): { line: string } | { error: string } {
	const obj = m.object;
	const name = obj.metadata.name;
	if (!name) {
		const rv = `${m.type.group ? m.type.group + '/' : ''}${m.type.version}`;
		return {
			error: `error: error when retrieving current configuration of:\nResource: "${rv}, Resource=${m.type.plural}", GroupVersionKind: "${rv}, Kind=${m.type.kind}"\nName: "", Namespace: "${obj.metadata.namespace ?? ''}"\nfrom server for: "${m.source}": resource name may not be empty`
		};
	}
	const prefix = `${qualifiedKind(m.type)}/${name}`;
	if (opts.dryRun !== 'none') {
		const live = ctx.cluster.api.get(m.type, obj.metadata.namespace, name);
		const suffix = opts.dryRun === 'client' ? '(dry run)' : '(server dry run)';
		if (opts.serverSide) return { line: `${prefix} serverside-applied ${suffix}` };
		return { line: `${prefix} ${isApiError(live) ? 'created' : 'configured'} ${suffix}` };
	}
	const existed = !isApiError(ctx.cluster.api.get(m.type, obj.metadata.namespace, name));
	const warnings: string[] = [];
	const result = ctx.cluster.api.apply(obj, {
		serverSide: opts.serverSide,
		fieldValidation: opts.fieldValidation,
		warnings
	});
	for (const w of warnings) io.stderr(`Warning: ${w}\n`);
	if (isApiError(result)) {
		const verb = opts.serverSide ? 'patching' : existed ? 'patching' : 'creating';
		return { error: formatServerError(result, { verb, source: m.source }) };
	}
	return { line: `${prefix} ${opts.serverSide ? 'serverside-applied' : result.outcome}` };
}

export const applyVerb: KubectlVerb = {
	name: 'apply',
	flags: FLAGS,
	summary: 'Apply a configuration to a resource by file name or stdin',
	group: 'Advanced Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'apply', argv, FLAGS);
		if (typeof flags === 'number') return flags;

		// Complete
		const filenames = strings(flags, 'filename');
		const nsFlag = str(flags, 'namespace');
		const namespace = nsFlag || defaultNamespace(ctx.vfs);
		const dryRun = parseDryRun(str(flags, 'dry-run'));
		const output = str(flags, 'output');
		const selector = str(flags, 'selector');
		const fieldValidation = parseValidate(str(flags, 'validate'));

		// Validate
		if (typeof dryRun === 'object') return fail(io, dryRun.error);
		if (typeof fieldValidation === 'object') return fail(io, fieldValidation.error);
		if (output !== undefined && output !== 'name')
			return fail(
				io,
				`unable to match a printer suitable for the output format "${output}", allowed formats are: name`
			);
		if (filenames.length === 0) return fail(io, 'must specify one of -f and -k');
		if (flags.positional.length > 0)
			return fail(
				io,
				`Unexpected args: [${flags.positional.join(' ')}]\nSee 'kubectl apply -h' for help and examples`
			);

		// Run
		const sources = await readSources(filenames, ctx.vfs, io.stdin);
		if ('error' in sources) return fail(io, sources.error);
		const decoded = resolveNamespaces(
			decodeSources(sources, ctx.cluster.api, { validate: fieldValidation !== 'Ignore' }),
			namespace,
			nsFlag !== undefined && nsFlag !== ''
		);
		const manifests = selector
			? decoded.manifests.filter((m) => matchesSelector(m.object.metadata.labels, selector))
			: decoded.manifests;
		const errors = decoded.errors.map((e) => `error: ${e}`);
		if (manifests.length === 0 && errors.length === 0) {
			io.stderr('error: no objects passed to apply\n');
			return 1;
		}
		const opts = { serverSide: bool(flags, 'server-side'), dryRun, fieldValidation };
		for (const m of manifests) {
			const r = applyOne(m, ctx, opts, io);
			if ('error' in r) errors.push(r.error);
			else if (output === 'name') io.stdout(r.line.split(' ')[0] + '\n');
			else io.stdout(r.line + '\n');
		}
		if (manifests.length > 0 && dryRun === 'none') await ctx.cluster.settle();
		for (const e of errors) io.stderr(e + '\n');
		return errors.length > 0 ? 1 : 0;
	}
};
