/**
 * `kubectl edit (RESOURCE/NAME | -f FILENAME)`: kubectl/pkg/cmd/edit and the normal edit mode of
 * pkg/cmd/util/editor/editoptions.go (v0.34). The objects go to a temp file under /tmp (YAML with
 * kubectl's header comment, or JSON with `-o json`), the editor (editor.ts) changes it, and each
 * changed object is patched on the server with the difference (strategic merge for built-in kinds,
 * JSON merge for custom resources). An edit the server refuses, or YAML that does not parse,
 * reopens the file with the reasons in its header; saving it unchanged then gives up and keeps it.
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import { LAST_APPLIED } from '../../mesh/api/apply.ts';
import { clone, deepEqual, isPlainObject } from '../../mesh/api/deep.ts';
import { isApiError, type ApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { applyPatch, isBuiltin } from '../../mesh/api/patch/apply-patch.ts';
import { createTwoWayPatch } from '../../mesh/api/patch/two-way.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { defaultEditor, launchEditor } from './editor.ts';
import { bool, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { decodeChunk, decodeSources, readSources } from './manifests.ts';
import { toJson, toYaml } from './printers/object.ts';
import { parseResourceArgs, qualifiedKind } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'output-patch', type: 'bool' },
	{ name: 'save-config', type: 'bool' },
	{ name: 'validate', type: 'string', default: 'strict' },
	{ name: 'field-manager', type: 'string' },
	{ name: 'subresource', type: 'string' },
	{ name: 'recursive', short: 'R', type: 'bool' },
	{ name: 'kustomize', short: 'k', type: 'string' },
	{ name: 'windows-line-endings', type: 'bool' }
] as const;

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/**
 * kubectl reopens an invalid edit until it is saved unchanged; an editor command that changes the
 * file every time (`sed -i s/a/aa/`) would loop forever, so the playground stops there.
 */
const MAX_ATTEMPTS = 20;

interface Target {
	readonly type: ResourceType;
	readonly live: KubeObject;
}

/** One `editReason`: a head line and its causes, written into the header as `# * cause`. */
interface Reason {
	readonly head: string;
	readonly other: readonly string[];
}

/** `hashOnLineBreak`: a multi-line reason stays a comment. */
const hashOnLineBreak = (s: string): string => s.replace(/\n(?!#)/g, '\n# ');

function header(reasons: readonly Reason[]): string {
	let out = HEADER;
	for (const r of reasons) {
		out +=
			r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
		for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
		out += '#\n';
	}
	return out;
}

/** `cmdutil.ManualStrip`: drops comment lines (but not `#!`). */
function manualStrip(text: string): string {
	return text
		.split('\n')
		.filter((line) => {
			const t = line.trim();
			return !(t.startsWith('#') && !t.startsWith('#!'));
		})
		.join('\n');
}

/** `hasLines`: any line that is neither blank nor a comment. */
const hasLines = (text: string): boolean =>
	text.split('\n').some((l) => l.trim().length > 0 && !l.trim().startsWith('#'));

/** `StripComments`: YAML → JSON, so comments and layout do not count as changes. */
function stripComments(text: string): string {
	const decoded = decodeChunk(text);
	const first = decoded[0];
	if (decoded.length === 1 && first && 'value' in first) return JSON.stringify(first.value);
	return manualStrip(text);
}

/** The causes of a server Invalid error: `The Deployment "x" is invalid: a: …, b: …`. */
function causesOf(e: ApiError): string[] {
	const at = e.message.indexOf(' is invalid: ');
	if (at < 0) return [];
	let rest = e.message.slice(at + ' is invalid: '.length);
	if (rest.startsWith('[') && rest.endsWith(']')) rest = rest.slice(1, -1);
	return rest.split(/, (?=[\w.[\]-]+: )/);
}

/** A deterministic stand-in for os.CreateTemp's random suffix. */
function tempName(targets: readonly Target[], attempt: number, ext: string): string {
	let h = 2166136261 + attempt;
	for (const t of targets)
		for (const ch of `${t.live.metadata.uid ?? ''}${t.live.metadata.resourceVersion ?? ''}`)
			h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
	return `/tmp/kubectl-edit-${h >>> 0}${ext}`;
}

/** Go's json.Marshal of the patch: compact, keys sorted. */
function compact(v: unknown): string {
	const sort = (x: unknown): unknown =>
		Array.isArray(x)
			? x.map(sort)
			: isPlainObject(x)
				? Object.fromEntries(
						Object.keys(x)
							.sort()
							.map((k) => [k, sort(x[k])])
					)
				: x;
	return JSON.stringify(sort(v));
}

async function collectTargets(
	flags: Exclude<ReturnType<typeof parseVerbFlags>, number>,
	io: CommandIO,
	ctx: CommandContext,
	namespace: string
): Promise<Target[] | string> {
	const api = ctx.cluster.api;
	const files = strings(flags, 'filename');
	const wanted: { type: ResourceType; namespace: string | undefined; name: string }[] = [];
	if (files.length > 0) {
		const sources = await readSources(files, ctx.vfs, io.stdin);
		if ('error' in sources) return sources.error;
		const decoded = decodeSources(sources, api);
		if (decoded.errors.length > 0) return decoded.errors[0] as string;
		for (const m of decoded.manifests)
			wanted.push({
				type: m.type,
				namespace: m.type.namespaced ? (m.object.metadata.namespace ?? namespace) : undefined,
				name: m.object.metadata.name ?? ''
			});
	} else {
		const args = parseResourceArgs(api, flags.positional, { namespace });
		if (isApiError(args)) return args.message;
		for (const a of args) {
			if (a.names.length === 0)
				for (const live of api.list(a.type, { namespace: a.namespace }) as KubeObject[])
					wanted.push({ type: a.type, namespace: a.namespace, name: live.metadata.name ?? '' });
			for (const name of a.names) wanted.push({ type: a.type, namespace: a.namespace, name });
		}
	}
	const targets: Target[] = [];
	for (const w of wanted) {
		const live = api.get(w.type, w.namespace, w.name);
		if (isApiError(live)) {
			printApiError(io, live);
			return '';
		}
		targets.push({ type: w.type, live: clone(live) });
	}
	return targets;
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'edit', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const fail = (message: string): number => {
		if (message) io.stderr(message.startsWith('error: ') ? `${message}\n` : `error: ${message}\n`);
		return 1;
	};
	const output = str(flags, 'output') ?? 'yaml';
	if (output !== 'yaml' && output !== 'json')
		return fail(
			`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`
		);
	if (str(flags, 'subresource'))
		return fail('--subresource is not supported by the playground: edit the object itself');
	if (str(flags, 'kustomize') !== undefined)
		return fail('-k is not supported by the playground: there is no kustomize engine');
	if (flags.positional.length === 0 && strings(flags, 'filename').length === 0)
		return fail(
			`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`
		);
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	const targets = await collectTargets(flags, io, ctx, namespace);
	if (typeof targets === 'string') return fail(targets);
	if (targets.length === 0) return fail('edit cancelled, no objects found');

	const api = ctx.cluster.api;
	const editor = defaultEditor(ctx.env);
	const json = output === 'json';
	const ext = json ? '.json' : '.yaml';
	const shown: unknown =
		targets.length === 1
			? (targets[0] as Target).live
			: { apiVersion: 'v1', items: targets.map((t) => t.live), kind: 'List', metadata: {} };
	const print = (v: unknown): string => (json ? toJson(v) : toYaml(v));
	const original = (json ? '' : header([])) + print(shown);

	let reasons: Reason[] = [];
	let edited = '';
	let containsError = false;
	let previousFile = '';
	const keep = (file: string): void => {
		if (file && ctx.vfs.exists(file))
			io.stderr(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
	};
	for (let attempt = 0; ; attempt++) {
		if (ctx.signal.aborted) return 130;
		if (attempt === MAX_ATTEMPTS) {
			keep(previousFile);
			return fail(
				`Edit cancelled: the editor changed the file ${MAX_ATTEMPTS} times without a valid edit (Mesh Playground's limit; kubectl would reopen it forever)`
			);
		}
		const text = containsError ? (json ? '' : header(reasons)) + manualStrip(edited) : original;
		const file = tempName(targets, attempt, ext);
		ctx.vfs.write(file, text);
		const launched = await launchEditor(editor, file, io, ctx);
		if (launched !== undefined) {
			keep(previousFile);
			return fail(launched);
		}
		const editedBefore = edited;
		edited = ctx.vfs.read(file) ?? '';
		if (containsError && stripComments(editedBefore) === stripComments(edited)) {
			keep(file);
			return fail('Edit cancelled, no valid changes were saved.');
		}
		if (previousFile && previousFile !== file) ctx.vfs.remove(previousFile);
		if (stripComments(original) === stripComments(edited)) {
			ctx.vfs.remove(file);
			io.stderr('Edit cancelled, no changes made.\n');
			return 0;
		}
		if (!hasLines(edited)) {
			ctx.vfs.remove(file);
			io.stderr('Edit cancelled, saved file was empty.\n');
			return 0;
		}
		previousFile = file;
		reasons = [];

		const decoded = decodeChunk(edited);
		const bad = decoded.find((d) => 'error' in d);
		if (bad && 'error' in bad) {
			containsError = true;
			reasons.push({
				head: `The edited file had a syntax error: error converting YAML to JSON: ${bad.error}`,
				other: []
			});
			continue;
		}
		const value = decoded[0] && 'value' in decoded[0] ? decoded[0].value : undefined;
		const items: unknown[] =
			isPlainObject(value) && value['kind'] === 'List' && Array.isArray(value['items'])
				? value['items']
				: [value];

		let changed = 0;
		let retryable = 0;
		let notFound = 0;
		for (const item of items) {
			if (!isPlainObject(item) || !isPlainObject(item['metadata'])) continue;
			const uid = (item['metadata'] as Record<string, unknown>)['uid'];
			const target = targets.find((t) => t.live.metadata.uid === uid);
			if (!target) {
				keep(file);
				return fail(`no original object found for ${compact(item)}`);
			}
			const { type, live } = target;
			const modified = clone(item) as Record<string, unknown> & KubeObject;
			if (bool(flags, 'save-config')) {
				// kubectl's CreateOrUpdateAnnotation: the whole edited object, less the annotation.
				const annotations = { ...(modified.metadata.annotations ?? {}) };
				delete annotations[LAST_APPLIED];
				const bare = clone(modified);
				bare.metadata.annotations = annotations;
				if (Object.keys(annotations).length === 0) delete bare.metadata.annotations;
				annotations[LAST_APPLIED] = compact(bare) + '\n';
				modified.metadata.annotations = annotations;
			}
			const ref = `${qualifiedKind(type)}/${live.metadata.name}`;
			if (deepEqual(live, modified)) {
				io.stdout(`${ref} skipped\n`);
				continue;
			}
			if (
				modified['apiVersion'] !== live.apiVersion ||
				modified['kind'] !== live.kind ||
				modified.metadata.name !== live.metadata.name
			) {
				keep(file);
				return fail('At least one of apiVersion, kind and name was changed');
			}
			const strategic = isBuiltin(type);
			const patch = createTwoWayPatch(
				live as unknown as Record<string, unknown>,
				modified,
				strategic ? type.kind : undefined
			);
			if (bool(flags, 'output-patch')) io.stdout(`Patch: ${compact(patch)}\n`);
			const namespace = live.metadata.namespace;
			const name = live.metadata.name ?? '';
			let error: ApiError | string | undefined;
			let written: KubeObject | undefined;
			const current = api.get(type, namespace, name);
			if (isApiError(current)) error = current;
			else {
				const patched = applyPatch(type, current, strategic ? 'strategic' : 'merge', patch);
				if ('error' in patched) error = patched.error;
				else {
					const stored = api.patch(type, namespace, name, (draft) => {
						for (const k of Object.keys(draft)) delete (draft as Record<string, unknown>)[k];
						Object.assign(draft, patched.object);
					});
					if (isApiError(stored)) error = stored;
					else written = stored;
				}
			}
			const resource = type.group ? `${type.plural}.${type.group}` : type.plural;
			const quoted = JSON.stringify(name);
			if (!written) {
				if (typeof error !== 'string' && error?.reason === 'Invalid') {
					changed++;
					reasons.push({ head: `${resource} ${quoted} was not valid`, other: causesOf(error) });
					io.stderr(`error: ${resource} ${quoted} is invalid\n`);
				} else if (typeof error !== 'string' && error?.reason === 'NotFound') {
					notFound++;
					io.stderr(`error: ${resource} ${quoted} could not be found on the server\n`);
				} else {
					retryable++;
					const why = typeof error === 'string' ? error : (error?.message ?? '');
					io.stderr(`error: ${resource} ${quoted} could not be patched: ${why}\n`);
				}
				continue;
			}
			io.stdout(str(flags, 'output') !== undefined ? print(written) : `${ref} edited\n`);
		}
		if (retryable > 0) {
			io.stderr(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
			return 1;
		}
		if (notFound > 0) {
			io.stderr(
				`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}\n`
			);
			return 1;
		}
		if (changed === 0) {
			ctx.vfs.remove(file);
			await ctx.cluster.settle();
			return 0;
		}
		containsError = reasons.length > 0;
	}
}

export const editVerb: KubectlVerb = {
	name: 'edit',
	flags: FLAGS,
	summary: 'Edit a resource on the server',
	group: 'Basic Commands (Intermediate)',
	run
};
