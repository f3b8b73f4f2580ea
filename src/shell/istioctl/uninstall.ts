/**
 * `istioctl uninstall` (operator/cmd/mesh/uninstall.go, operator/pkg/uninstall/prune.go): lists
 * what istioctl installed by its `operator.istio.io/component` label — everything with `--purge`,
 * or one revision's non-Base components with `--revision` — warns, asks unless `-y`, then deletes
 * kind by kind in prune.go's order, printing `  Removed <gvk>/<name>.<namespace>.` for each.
 * Kinds the simulated API server does not serve (RBAC, webhooks, HPA …) are simply absent.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, strings } from '../kubectl/flags.ts';
import { confirm, connectedProxies, fail, istioNamespace, parseCommandFlags } from './common.ts';
import { COMPONENT_LABEL } from './manifests/labels.ts';
import { deleteTargets, listTargets, PRUNE_ORDER, type Target } from './prune.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS = [
	{
		name: 'skip-confirmation',
		short: 'y',
		type: 'bool',
		description:
			'The skipConfirmation determines whether the user is prompted for confirmation. If set to true, the user is not prompted and a Yes response is assumed in all cases.'
	},
	{ name: 'force', type: 'bool' },
	{ name: 'purge', type: 'bool', description: 'Delete all Istio related sources for all versions' },
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'Target control plane revision for the command.'
	},
	{
		name: 'filename',
		short: 'f',
		type: 'string',
		description: 'The filename of the IstioOperator CR.'
	},
	{ name: 'manifests', short: 'd', type: 'string' },
	{ name: 'set', short: 's', type: 'stringArray' },
	{ name: 'verbose', short: 'v', type: 'bool', description: 'Verbose output.' },
	{ name: 'dry-run', type: 'bool', description: 'Console/log output only, make no changes.' }
] as const;

const ALL_REMOVED = 'All Istio resources will be pruned from the cluster\n';
const NONE_REMOVED =
	'No resources will be pruned from the cluster. Please double check the input configs\n';
const PURGE_IGNORES =
	'Purge uninstall will remove all Istio resources, ignoring the specified revision or operator file';

const PURGE_ONLY = ['customresourcedefinitions.apiextensions.k8s.io'];

/** Components a revision-scoped uninstall removes (Base is shared and kept). */
const REVISIONED = ['Pilot', 'IngressGateways', 'EgressGateways', 'Cni', 'Ztunnel'];

/** uninstall.GetPrunedResources. */
function prunedResources(api: ApiServer, purge: boolean, revision: string | undefined): Target[] {
	const selector = purge
		? COMPONENT_LABEL
		: [
				...(revision ? [`istio.io/rev=${revision}`] : []),
				`${COMPONENT_LABEL} in (${REVISIONED.join(',')})`
			].join(',');
	return listTargets(api, [...PRUNE_ORDER, ...(purge ? PURGE_ONLY : [])], selector);
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const purge = bool(flags, 'purge');
	const setRevision = strings(flags, 'set')
		.find((s) => s.startsWith('revision='))
		?.slice('revision='.length);
	const revision = str(flags, 'revision') || setRevision || undefined;
	const filename = str(flags, 'filename');
	if (!revision && !filename && !purge)
		return fail(
			io,
			'at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set'
		);
	if (flags.positional.length > 0) return fail(io, 'istioctl uninstall does not take arguments');
	// The only revision istioctl install creates here is `default`.
	if (revision !== undefined && revision !== 'default')
		return fail(io, 'could not find target revision');
	if (filename !== undefined && !purge)
		return fail(
			io,
			`IstioOperator files (-f) are not simulated: use --purge or --revision default`
		);

	const api = ctx.cluster.api;
	const dryRun = bool(flags, 'dry-run');
	if (purge && (revision !== undefined || filename !== undefined)) io.stdout(`${PURGE_IGNORES}\n`);
	const targets = prunedResources(api, purge, revision);

	// preCheckWarnings
	let message = '';
	let needConfirmation = false;
	if (purge) {
		needConfirmation = true;
		message += ALL_REMOVED;
	} else {
		if (targets.length === 0) {
			io.stdout(`${NONE_REMOVED}\n`);
			io.stderr('✔ Uninstall complete\n');
			return 0;
		}
		if (bool(flags, 'verbose')) {
			const byKind = new Map<string, string[]>();
			for (const t of targets)
				byKind.set(t.object.kind, [...(byKind.get(t.object.kind) ?? []), t.object.metadata.name]);
			const list = [...byKind].map(([k, names]) => `${k}: ${names.join(', ')}. `).join('');
			message += `The following resources will be pruned from the cluster: ${list}\n`;
		}
		const proxies = connectedProxies(api, istioNamespace(flags));
		if (proxies.length > 0 && revision) {
			needConfirmation = true;
			message += `There are still ${proxies.length} proxies pointing to the control plane revision ${revision}\n`;
			if (proxies.length <= 30) message += `${proxies.map((p) => p.id).join('\n')}\n`;
			message +=
				'If you proceed with the uninstall, these proxies will become detached from any control plane and will not function correctly.\n';
		}
	}
	if (dryRun || bool(flags, 'skip-confirmation')) io.stdout(`${message}\n`);
	else if (needConfirmation && !confirm(`${message}Proceed? (y/N)`, io)) {
		io.stderr('Cancelled.\n');
		return 1;
	}

	// DeleteObjectsList
	deleteTargets(io, api, targets, dryRun);
	await ctx.cluster.settle();
	io.stderr('✔ Uninstall complete\n');
	return 0;
}

export const uninstallCommand: IstioctlCommand = {
	name: 'uninstall',
	summary: 'Uninstall Istio from a cluster',
	usage: 'istioctl uninstall [flags]',
	flags: FLAGS,
	run
};
