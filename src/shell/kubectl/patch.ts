/**
 * `kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [--type …]`. Mirrors
 * kubectl pkg/cmd/patch/patch.go: the patch is YAML or JSON, sent as a strategic merge patch
 * (default), a JSON merge patch or a JSON patch; each object prints `patched` or
 * `patched (no change)`. The server's side (applying it) is mesh/api/patch.
 */
import { deepEqual, isPlainObject } from '../../mesh/api/deep.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { applyPatch, PATCH_TYPES, type PatchType } from '../../mesh/api/patch/apply-patch.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { dryRunSuffix, fail, formatServerError, parseDryRun } from './apply.ts';
import { bool, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { decodeChunk, targetsFromFiles, type FileTarget } from './manifests.ts';
import { toJson, toYaml } from './printers/object.ts';
import { parseResourceArgs, qualifiedKind } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'patch', short: 'p', type: 'string' },
	{ name: 'patch-file', type: 'string' },
	{ name: 'type', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'local', type: 'bool' },
	{ name: 'subresource', type: 'string' },
	{ name: 'field-manager', type: 'string' }
] as const;

type Target = FileTarget;

/** kubectl's `yaml.ToJSON` of the patch text: YAML (a superset of JSON), one document. */
function parsePatch(text: string, shown: string): { value: unknown } | { error: string } {
	const [doc] = decodeChunk(text);
	if (doc && 'error' in doc)
		return { error: `unable to parse ${JSON.stringify(shown)}: ${doc.error}` };
	return { value: doc?.value ?? null };
}

async function targetsOf(
	flags: Exclude<ReturnType<typeof parseVerbFlags>, number>,
	io: CommandIO,
	ctx: CommandContext
): Promise<Target[] | number> {
	const api = ctx.cluster.api;
	const nsFlag = str(flags, 'namespace');
	const namespace = nsFlag || defaultNamespace(ctx.vfs);
	const fromFiles = await targetsFromFiles(strings(flags, 'filename'), ctx.vfs, io.stdin, api, {
		name: namespace,
		enforce: Boolean(nsFlag)
	});
	if ('error' in fromFiles) return fail(io, fromFiles.error);
	const targets: Target[] = [...fromFiles];
	if (flags.positional.length === 0) return targets;
	const args = parseResourceArgs(api, flags.positional, { namespace });
	if (isApiError(args)) return printApiError(io, args);
	for (const arg of args) {
		if (arg.names.length === 0)
			return fail(io, 'resource(s) were provided, but no name was specified');
		for (const name of arg.names) targets.push({ type: arg.type, namespace: arg.namespace, name });
	}
	return targets;
}

export const patchVerb: KubectlVerb = {
	name: 'patch',
	flags: FLAGS,
	summary: 'Update fields of a resource',
	group: 'Advanced Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'patch', argv, FLAGS);
		if (typeof flags === 'number') return flags;
		const api = ctx.cluster.api;

		// Complete and validate, in patch.go's order.
		const dryRun = parseDryRun(str(flags, 'dry-run'));
		if (typeof dryRun === 'object') return fail(io, dryRun.error);
		const patchText = str(flags, 'patch') ?? '';
		const patchFile = str(flags, 'patch-file') ?? '';
		if (patchText && patchFile) return fail(io, 'cannot specify --patch and --patch-file together');
		if (!patchText && !patchFile)
			return fail(io, 'must specify --patch or --patch-file containing the contents of the patch');
		const local = bool(flags, 'local');
		if (local && flags.positional.length > 0)
			return fail(io, 'cannot specify --local and server resources');
		if (local && dryRun === 'server')
			return fail(
				io,
				'cannot specify --local and --dry-run=server - did you mean --dry-run=client?'
			);
		const typed = str(flags, 'type') ?? 'strategic';
		const patchType = typed.toLowerCase() as PatchType;
		if (!PATCH_TYPES.includes(patchType))
			return fail(
				io,
				`--type must be one of [${PATCH_TYPES.join(' ')}], not ${JSON.stringify(typed)}`
			);
		const sub = str(flags, 'subresource');
		if (sub !== undefined && sub !== '' && sub !== 'status' && sub !== 'scale')
			return fail(
				io,
				`invalid subresource value: ${JSON.stringify(sub)}. Must be one of [status scale]`
			);
		// Simplified: the playground patches whole objects on the server only (said, never ignored).
		if (local)
			return fail(io, '--local is not supported by the playground: patch objects on the server');
		if (sub)
			return fail(io, '--subresource is not supported by the playground: patch the object itself');
		const output = str(flags, 'output');
		if (output !== undefined && !['yaml', 'json', 'name'].includes(output))
			return fail(
				io,
				`unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,name,yaml`
			);
		let text = patchText;
		if (patchFile) {
			const read = ctx.vfs.read(patchFile);
			if (read === undefined)
				return fail(io, `unable to read patch file: open ${patchFile}: no such file or directory`);
			text = read;
		}
		const parsed = parsePatch(text, patchText);
		if ('error' in parsed) return fail(io, parsed.error);

		const targets = await targetsOf(flags, io, ctx);
		if (typeof targets === 'number') return targets;
		if (targets.length === 0)
			return fail(
				io,
				`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`
			);

		// Run: each object patched on the server (or computed, for a dry run).
		let code = 0;
		for (const t of targets) {
			const live = api.get(t.type, t.namespace, t.name);
			if (isApiError(live)) {
				code = printApiError(io, live);
				continue;
			}
			const result = applyPatch(t.type, live, patchType, parsed.value);
			if ('error' in result) {
				io.stderr(result.error + '\n');
				code = 1;
				continue;
			}
			const next = result.object;
			if (!isPlainObject(next)) {
				io.stderr(`Error from server (BadRequest): the patched object is not a ${t.type.kind}\n`);
				code = 1;
				continue;
			}
			let shown = next as KubeObject;
			if (dryRun === 'none') {
				const written = api.patch(t.type, t.namespace, t.name, (draft) => {
					for (const k of Object.keys(draft)) delete (draft as Record<string, unknown>)[k];
					Object.assign(draft, next);
				});
				if (isApiError(written)) {
					io.stderr(formatServerError(written) + '\n');
					code = 1;
					continue;
				}
				shown = written;
			}
			const changed = !deepEqual(live, shown);
			const ref = `${qualifiedKind(t.type)}/${t.name}`;
			const suffix = dryRunSuffix(dryRun);
			if (output === 'yaml') io.stdout(toYaml(shown));
			else if (output === 'json') io.stdout(toJson(shown));
			else if (output === 'name') io.stdout(`${ref}\n`);
			else io.stdout(`${ref} ${changed ? 'patched' : 'patched (no change)'}${suffix}\n`);
		}
		if (dryRun === 'none') await ctx.cluster.settle();
		return code;
	}
};
