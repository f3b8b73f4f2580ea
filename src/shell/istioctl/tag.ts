/**
 * `istioctl tag set|generate|list|remove` (istioctl/pkg/tag/tag.go): revision tags, mutable
 * aliases a namespace's `istio.io/rev` label can name. `set` applies what tag-generate.ts makes,
 * `generate` prints it (as the apimachinery YAML serializer writes it: keys sorted,
 * `creationTimestamp: null`), `list` reads tags from the webhook configurations and Services
 * labelled `istio.io/rev`, `remove` deletes a tag's webhook configurations and Services.
 * Not simulated: the webhook analyzer's overlap check before `set` (its `Apply anyways?`).
 */
import {
	MUTATING_WEBHOOK_CONFIGURATIONS,
	NAMESPACES,
	SERVICES
} from '../../mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { REVISION_LABEL, TAG_LABEL } from '../../mesh/istiod/injector-webhooks.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, type ParsedFlags } from '../kubectl/flags.ts';
import { toYaml } from '../kubectl/printers/object.ts';
import { tabwrite } from '../kubectl/printers/tabwriter.ts';
import { confirm, fail, istioNamespace, parseCommandFlags } from './common.ts';
import { deactivate, generateTag, servicesWithTag, webhooksWithTag } from './tag-generate.ts';
import type { IstioctlCommand } from './types.ts';

const SKIP_CONFIRMATION = {
	name: 'skip-confirmation',
	short: 'y',
	type: 'bool',
	description:
		'The skipConfirmation determines whether the user is prompted for confirmation.\nIf set to true, the user is not prompted and a Yes response is assumed in all cases.'
} as const;

const SET_FLAGS = [
	{
		name: 'auto-inject-namespaces',
		type: 'bool',
		description:
			'If set to true, the sidecars should be automatically injected into all namespaces by default'
	},
	{
		name: 'manifests',
		short: 'd',
		type: 'string',
		description: 'Specify a path to a directory of charts and profiles'
	},
	{
		name: 'overwrite',
		type: 'bool',
		description:
			'If true, allow revision tags to be overwritten, otherwise reject revision tag updates that\noverwrite existing revision tags.'
	},
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'Control plane revision to reference from a given revision tag'
	},
	SKIP_CONFIRMATION,
	{
		name: 'webhook-name',
		type: 'string',
		description: "Name to use for a revision tag's mutating webhook configuration."
	}
] as const;

/** cobra's Args, then MarkPersistentFlagRequired("revision"). */
function setArgs(io: CommandIO, flags: ParsedFlags): string | number {
	if (flags.positional.length === 0) return fail(io, 'must provide a tag for modification');
	if (flags.positional.length > 1) return fail(io, 'must provide a single tag for creation');
	if (flags.values.get('revision') === undefined)
		return fail(io, 'required flag(s) "revision" not set');
	if (str(flags, 'manifests') !== undefined)
		return fail(io, '--manifests is not simulated: the charts are built in');
	return flags.positional[0] as string;
}

/** The objects as the apimachinery serializer prints them (creationTimestamp: null). */
function serialized(o: KubeObject): string {
	const out = structuredClone(o) as Record<string, unknown>;
	out['metadata'] = { ...o.metadata, creationTimestamp: null };
	if (o.kind === 'Service') {
		const spec = out['spec'] as { ports: Record<string, unknown>[] };
		// IntOrString is a struct: omitempty does not drop a zero targetPort.
		for (const p of spec.ports) p['targetPort'] ??= 0;
		out['status'] = { loadBalancer: {} };
	}
	return toYaml(out);
}

async function runSet(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext,
	generate: boolean
): Promise<number> {
	const flags = parseCommandFlags(io, argv, SET_FLAGS);
	if (typeof flags === 'number') return flags;
	const tag = setArgs(io, flags);
	if (typeof tag === 'number') return tag;
	const revision = str(flags, 'revision') ?? '';
	const api = ctx.cluster.api;
	const ns = istioNamespace(flags);
	const made = generateTag(api, {
		tag,
		revision,
		webhookName: str(flags, 'webhook-name') ?? '',
		generate,
		overwrite: bool(flags, 'overwrite'),
		autoInjectNamespaces: bool(flags, 'auto-inject-namespaces'),
		customLabels: {},
		userManaged: true,
		istioNamespace: ns
	});
	if (typeof made === 'string') return fail(io, made);
	if (generate) {
		io.stdout(made.objects.map(serialized).join('\n---\n'));
		return 0;
	}
	if (made.deactivate) {
		const err = deactivate(api, made.deactivate);
		if (err) return fail(io, err);
	}
	for (const o of made.objects) {
		const r = api.apply(structuredClone(o));
		if (isApiError(r))
			return fail(
				io,
				`failed to apply tag webhook MutatingWebhookConfiguration to cluster: failed to apply tag manifests to cluster: ${formatApiError(r)}`
			);
	}
	await ctx.cluster.settle();
	io.stdout(
		`Revision tag "${tag}" created, referencing control plane revision "${revision}". To enable injection using this\nrevision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=${tag}'\n`
	);
	return 0;
}

/** util.go GetNamespacesWithTag: namespaces labelled `istio.io/rev=<tag>`, by name. */
function namespacesWithTag(ctx: CommandContext, tag: string): string[] {
	const r = ctx.cluster.api.list(NAMESPACES, { labelSelector: `${REVISION_LABEL}=${tag}` });
	return isApiError(r) ? [] : r.map((n) => n.metadata.name);
}

const LIST_FLAGS = [
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format for tag description (available formats: table,json,yaml)'
	}
] as const;

interface TagDescription {
	readonly tag: string;
	readonly revision: string;
	readonly namespaces: string[];
}

/** listTags: unique (tag, revision) pairs; a revision's untagged pair goes once it has a tag. */
async function runList(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, LIST_FLAGS);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length > 0) return fail(io, 'tag list command does not accept arguments');
	const api = ctx.cluster.api;
	const pairs = new Map<string, { tag: string; revision: string }>();
	const add = (o: KubeObject): void => {
		const revision = o.metadata.labels?.[REVISION_LABEL];
		if (revision === undefined) return;
		const tag = o.metadata.labels?.[TAG_LABEL] ?? '';
		pairs.set(`${revision}\u0000${tag}`, { tag, revision });
	};
	const whs = api.list(MUTATING_WEBHOOK_CONFIGURATIONS, { labelSelector: REVISION_LABEL });
	if (!isApiError(whs)) whs.forEach(add);
	const svcs = api.list(SERVICES, {
		namespace: istioNamespace(flags),
		labelSelector: REVISION_LABEL
	});
	if (!isApiError(svcs)) svcs.forEach(add);
	if (pairs.size === 0) {
		io.stdout('No Istio revision tags found.\n');
		return 0;
	}
	for (const p of [...pairs.values()]) if (p.tag !== '') pairs.delete(`${p.revision}\u0000`);
	const tags: TagDescription[] = [...pairs.values()]
		.sort((a, b) => (a.revision === b.revision ? cmp(a.tag, b.tag) : cmp(a.revision, b.revision)))
		.map((p) => ({ ...p, namespaces: namespacesWithTag(ctx, p.tag) }));
	const format = str(flags, 'output') ?? 'table';
	if (format === 'json' || format === 'yaml') {
		// printJSONYAML: json.MarshalIndent with a tab, or that JSON as YAML.
		const json = JSON.stringify(tags, null, '\t');
		io.stdout(`${format === 'yaml' ? toYaml(JSON.parse(json)) : json}\n`);
		return 0;
	}
	if (format !== 'table') return fail(io, `unknown format: ${format}`);
	const rows = tags.map((t) => `${t.tag}\t${t.revision}\t${t.namespaces.join(',')}\n`);
	io.stdout(tabwrite(`TAG\tREVISION\tNAMESPACES\n${rows.join('')}`, { minwidth: 0, padding: 1 }));
	return 0;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function runRemove(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, [SKIP_CONFIRMATION]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length === 0) return fail(io, 'must provide a tag for removal');
	if (flags.positional.length > 1) return fail(io, 'must provide a single tag for removal');
	const tag = flags.positional[0] as string;
	const api = ctx.cluster.api;
	const ns = istioNamespace(flags);
	const services = servicesWithTag(api, ns, tag);
	const webhooks = webhooksWithTag(api, tag);
	if (services.length === 0 && webhooks.length === 0)
		return fail(
			io,
			`cannot remove tag "${tag}": cannot find MutatingWebhookConfiguration or Service for tag`
		);
	const tagged = namespacesWithTag(ctx, tag);
	if (tagged.length > 0 && !bool(flags, 'skip-confirmation')) {
		const question = `Caution, found ${tagged.length} namespace(s) still injected by tag "${tag}":${tagged.map((n) => ` ${n}`).join('')}\nProceed with operation? [y/N]`;
		if (!confirm(question, io)) {
			io.stdout('Aborting operation.\n');
			return 0;
		}
	}
	for (const wh of webhooks)
		api.delete(MUTATING_WEBHOOK_CONFIGURATIONS, undefined, wh.metadata.name);
	for (const svc of services) api.delete(SERVICES, ns, svc.metadata.name);
	await ctx.cluster.settle();
	io.stdout(`Revision tag ${tag} removed\n`);
	return 0;
}

const TAG_LONG = `Command group used to interact with revision tags. Revision tags allow for the creation of mutable aliases
referring to control plane revisions for sidecar injection.

With revision tags, rather than relabeling a namespace from "istio.io/rev=revision-a" to "istio.io/rev=revision-b" to
change which control plane revision handles injection, it's possible to create a revision tag "prod" and label our
namespace "istio.io/rev=prod". The "prod" revision tag could point to "1-7-6" initially and then be changed to point to "1-8-1"
at some later point.

This allows operators to change which Istio control plane revision should handle injection for a namespace or set of namespaces
without manual relabeling of the "istio.io/rev" tag.
`;

export const tagCommand: IstioctlCommand = {
	name: 'tag',
	summary: 'Command group used to interact with revision tags',
	long: TAG_LONG,
	usage: 'istioctl tag [command]',
	flags: [],
	runnable: true,
	argsError: (arg) => `unknown subcommand "${arg}"`,
	subcommands: [
		{
			name: 'set',
			summary: 'Create or modify revision tags',
			long: 'Create or modify revision tags. Tag an Istio control plane revision for use with namespace istio.io/rev\ninjection labels.',
			example: `  # Create a revision tag from the "1-8-0" revision
  istioctl tag set prod --revision 1-8-0

  # Point namespace "test-ns" at the revision pointed to by the "prod" revision tag
  kubectl label ns test-ns istio.io/rev=prod

  # Change the revision tag to reference the "1-8-1" revision
  istioctl tag set prod --revision 1-8-1 --overwrite

  # Make revision "1-8-1" the default revision, both resulting in that revision handling injection for "istio-injection=enabled"
  # and validating resources cluster-wide
  istioctl tag set default --revision 1-8-1

  # Rollout namespace "test-ns" to update workloads to the "1-8-1" revision
  kubectl rollout restart deployments -n test-ns`,
			usage: 'istioctl tag set <revision-tag> [flags]',
			flags: SET_FLAGS,
			run: (argv, io, ctx) => runSet(argv, io, ctx, false)
		},
		{
			name: 'generate',
			summary: 'Generate configuration for a revision tag to stdout',
			long: "Create a revision tag and output to the command's stdout. Tag an Istio control plane revision for use with namespace istio.io/rev\ninjection labels.",
			usage: 'istioctl tag generate <revision-tag> [flags]',
			flags: SET_FLAGS,
			run: (argv, io, ctx) => runSet(argv, io, ctx, true)
		},
		{
			name: 'list',
			aliases: ['show'],
			summary: 'List existing revision tags',
			example: '  istioctl tag list',
			usage: 'istioctl tag list [flags]',
			flags: LIST_FLAGS,
			run: runList
		},
		{
			name: 'remove',
			aliases: ['delete'],
			summary: 'Remove Istio control plane revision tag',
			long: `Remove Istio control plane revision tag.

Removing a revision tag should be done with care. Removing a revision tag will disrupt sidecar injection in namespaces
that reference the tag in an "istio.io/rev" label. Verify that there are no remaining namespaces referencing a
revision tag before removing using the "istioctl tag list" command.
`,
			example: '  # Remove the revision tag "prod"\n  istioctl tag remove prod',
			usage: 'istioctl tag remove <revision-tag> [flags]',
			flags: [SKIP_CONFIRMATION],
			run: runRemove
		}
	]
};
