/**
 * `kubectl delete`. Mirrors kubectl pkg/cmd/delete/delete.go: by `TYPE NAME…`, `TYPE/NAME`,
 * `-f`, `-l` or `--all`; deletions print as they happen, errors after them. kubectl 1.34 names
 * the namespace: `pod "x" deleted from default namespace`.
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import { clientError, isApiError, type ApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail, formatServerError, parseDryRun } from './apply.ts';
import { bool, int, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { decodeSources, readSources, resolveNamespaces } from './manifests.ts';
import {
	parseResourceArgs,
	printDeprecationWarnings,
	qualifiedKind,
	selectResources
} from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'all', type: 'bool' },
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'ignore-not-found', type: 'bool' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'grace-period', type: 'int' },
	{ name: 'force', type: 'bool' },
	{ name: 'now', type: 'bool' },
	{ name: 'wait', type: 'bool' },
	{ name: 'timeout', type: 'string' },
	{ name: 'cascade', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'recursive', short: 'R', type: 'bool' }
] as const;

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** One object to delete and where the request came from (a file name, for error messages). */
interface Target {
	readonly type: ResourceType;
	readonly namespace: string | undefined;
	readonly name: string;
	readonly source?: string;
}

export const deleteVerb: KubectlVerb = {
	name: 'delete',
	flags: FLAGS,
	summary:
		'Delete resources by file names, stdin, resources and names, or by resources and label selector',
	group: 'Basic Commands (Intermediate)',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'delete', argv, FLAGS);
		if (typeof flags === 'number') return flags;
		const api = ctx.cluster.api;

		// Complete
		const nsFlag = str(flags, 'namespace');
		const namespace = nsFlag || defaultNamespace(ctx.vfs);
		const filenames = strings(flags, 'filename');
		const selector = str(flags, 'selector');
		const all = bool(flags, 'all');
		const allNamespaces = bool(flags, 'all-namespaces');
		const ignoreNotFound = bool(flags, 'ignore-not-found') || all || selector !== undefined;
		const output = str(flags, 'output');
		const dryRun = parseDryRun(str(flags, 'dry-run'));
		const gracePeriod = int(flags, 'grace-period');
		const force = bool(flags, 'force');

		// Validate
		if (typeof dryRun === 'object') return fail(io, dryRun.error);
		if (output !== undefined && output !== 'name')
			return fail(io, `unexpected -o output mode: ${output}. We only support '-o name'`);
		if (all && selector !== undefined)
			return fail(io, 'cannot set --all and --selector at the same time');
		if (force && gracePeriod !== undefined && gracePeriod > 0)
			return fail(io, '--force and --grace-period greater than 0 cannot be specified together');
		if (filenames.length === 0 && flags.positional.length === 0) return fail(io, NO_RESOURCES);
		if (filenames.length > 0 && flags.positional.length > 0)
			return fail(
				io,
				'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well'
			);

		// Resolve targets
		const targets: Target[] = [];
		const errors: string[] = [];
		let warnClusterScope = nsFlag !== undefined && nsFlag !== '';
		if (filenames.length > 0) {
			const sources = await readSources(filenames, ctx.vfs, io.stdin);
			if ('error' in sources) return fail(io, sources.error);
			const decoded = resolveNamespaces(decodeSources(sources, api), namespace, warnClusterScope);
			errors.push(...decoded.errors.map((e) => `error: ${e}`));
			for (const m of decoded.manifests)
				targets.push({
					type: m.type,
					namespace: m.object.metadata.namespace,
					name: m.object.metadata.name,
					source: m.source
				});
		} else {
			const args = parseResourceArgs(api, flags.positional, { namespace, allNamespaces });
			if (isApiError(args)) return printApiError(io, args);
			printDeprecationWarnings(io, args);
			if ((selector !== undefined || all) && args.some((a) => a.names.length > 0))
				return printApiError(
					io,
					clientError('name cannot be provided when a selector is specified')
				);
			const selected = selectResources(api, args, { all, selector });
			if (isApiError(selected)) return printApiError(io, selected);
			targets.push(...selected);
		}

		// Run
		const immediate = force && gracePeriod === 0;
		if (immediate)
			io.stderr(
				'warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n'
			);
		let found = 0;
		for (const t of targets) {
			if (warnClusterScope && !t.type.namespaced) {
				io.stderr(
					'warning: deleting cluster-scoped resources, not scoped to the provided namespace\n'
				);
				warnClusterScope = false;
			}
			const result: unknown =
				dryRun === 'none'
					? api.delete(t.type, t.namespace, t.name)
					: api.get(t.type, t.namespace, t.name);
			if (isApiError(result)) {
				if (result.reason === 'NotFound' && ignoreNotFound) continue;
				errors.push(
					formatServerError(
						result as ApiError,
						t.source ? { verb: 'deleting', source: t.source } : undefined
					)
				);
				continue;
			}
			found++;
			const kind = qualifiedKind(t.type);
			if (output === 'name') {
				io.stdout(`${kind}/${t.name}\n`);
				continue;
			}
			let operation = immediate ? 'force deleted' : 'deleted';
			if (dryRun === 'client') operation += ' (dry run)';
			if (dryRun === 'server') operation += ' (server dry run)';
			const where = t.type.namespaced && t.namespace ? ` from ${t.namespace} namespace` : '';
			io.stdout(`${kind} "${t.name}" ${operation}${where}\n`);
		}
		if (found === 0 && errors.length === 0) io.stdout('No resources found\n');
		if (found > 0 && dryRun === 'none') await ctx.cluster.settle();
		for (const e of errors) io.stderr(e + '\n');
		return errors.length > 0 ? 1 : 0;
	}
};
