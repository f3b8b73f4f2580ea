/**
 * `istioctl install` (operator/cmd/mesh/install.go, operator/pkg/install): the banner, the
 * upgrade warning when the running istiod is another version, the `(y/N)` question unless `-y`,
 * then each enabled component applied server-side and waited for as componentDependencies allow
 * (Base; then Pilot and CNI; then the gateways and Ztunnel) with the progress log's `✔ …
 * installed` lines, the prune of components the profile disables, `✔ Installation complete` and
 * the ambient profile's closing line. Like real istioctl, everything but the question and the
 * prune lines goes to stderr. The profiles and values simulated are install-config.ts's.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import { isApiError, formatApiError } from '../../mesh/api/errors.ts';
import { isDns1123Label } from '../../mesh/api/names.ts';
import { ISTIO_VERSION } from '../../mesh/istio/version.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, strings } from '../kubectl/flags.ts';
import { parseGoDuration, waitInSimTime } from '../kubectl/wait.ts';
import { ISTIO_ART } from './art.ts';
import { confirm, fail, parseCommandFlags, podVersion, runningIstiods } from './common.ts';
import { installPlan, type InstallFile, type InstallPlan } from './install-config.ts';
import { COMPONENTS, DEPENDS_ON, type Component } from './manifests/index.ts';
import { COMPONENT_LABEL, ISTIO_NAMESPACE, type ComponentName } from './manifests/labels.ts';
import { deleteTargets, listTargets, PRUNE_ORDER } from './prune.ts';
import { goDuration, notReady } from './readiness.ts';
import { deactivate, DEFAULT_TAG, generateTag, NOT_PRUNED } from './tag-generate.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS = [
	{
		name: 'filename',
		short: 'f',
		type: 'stringArray',
		description:
			'Path to file containing IstioOperator custom resource\nThis flag can be specified multiple times to overlay multiple files. Multiple files are overlaid in left to right order.'
	},
	{
		name: 'readiness-timeout',
		type: 'string',
		description:
			'Maximum time to wait for Istio resources in each component to be ready. (default 5m0s)'
	},
	{
		name: 'skip-confirmation',
		short: 'y',
		type: 'bool',
		description:
			'The skipConfirmation determines whether the user is prompted for confirmation. If set to true, the user is not prompted and a Yes response is assumed in all cases.'
	},
	{ name: 'force', type: 'bool', description: 'Proceed even with validation errors.' },
	{ name: 'verify', type: 'bool' },
	{
		name: 'set',
		short: 's',
		type: 'stringArray',
		description: 'Override an IstioOperator value, e.g. to choose a profile (--set profile=ambient)'
	},
	{ name: 'charts', type: 'string' },
	{ name: 'manifests', short: 'd', type: 'string' },
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'Target control plane revision for the command.'
	},
	{ name: 'dry-run', type: 'bool', description: 'Console/log output only, make no changes.' }
] as const;

type Outcome = 'ok' | { error: string } | 'aborted';

function applyAll(ctx: CommandContext, objects: readonly KubeObject[]): Outcome {
	for (const o of objects) {
		const r = ctx.cluster.api.apply(structuredClone(o), { serverSide: true });
		if (isApiError(r)) {
			const ref = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
			return {
				error: `failed to update resource with server-side apply for obj ${ref}: ${formatApiError(r)}`
			};
		}
	}
	return 'ok';
}

async function waitFor(
	ctx: CommandContext,
	objects: readonly KubeObject[],
	timeoutMs: number
): Promise<Outcome> {
	const outcome = await waitInSimTime(
		ctx,
		ctx.cluster.now() + timeoutMs,
		() => notReady(ctx.cluster.api, objects).length === 0
	);
	if (outcome === 'aborted') return 'aborted';
	if (outcome === 'met') return 'ok';
	const waiting = notReady(ctx.cluster.api, objects).join(', ');
	return {
		error: `failed to wait for resource: resources not ready after ${goDuration(timeoutMs)}: context deadline exceeded\n  ${waiting}`
	};
}

/** How many dependencies stand before a component (install.go's channels, as waves). */
function depth(name: ComponentName): number {
	const parent = DEPENDS_ON[name];
	return parent ? depth(parent) + 1 : 0;
}

/** installSystemNamespace (operator/pkg/util/k8s.go CreateNamespace): a new one carries the network. */
function ensureNamespace(ctx: CommandContext, network: string | undefined): void {
	const api = ctx.cluster.api;
	const namespaces = api.resolve('namespaces');
	const labels = network ? { 'topology.istio.io/network': network } : {};
	if (namespaces && isApiError(api.get(namespaces, undefined, ISTIO_NAMESPACE)))
		api.create({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: { name: ISTIO_NAMESPACE, labels } as unknown as KubeObject['metadata']
		});
}

async function install(
	io: CommandIO,
	ctx: CommandContext,
	timeoutMs: number,
	dryRun: boolean,
	plan: InstallPlan
): Promise<number> {
	if (!dryRun) ensureNamespace(ctx, plan.values.multicluster?.network);
	const enabled = COMPONENTS.filter((c) => plan.components[c.name]);
	const waves: Component[][] = [];
	for (const c of enabled) (waves[depth(c.name)] ??= []).push(c);
	for (const wave of waves) {
		if (!wave) continue;
		const objects = new Map<Component, KubeObject[]>();
		for (const c of wave) objects.set(c, await c.objects(plan.values));
		for (const [c, objs] of objects) {
			const applied = dryRun ? 'ok' : applyAll(ctx, objs);
			if (applied !== 'ok') return failComponent(io, c, applied);
		}
		for (const [c, objs] of objects) {
			const waited = dryRun ? 'ok' : await waitFor(ctx, objs, timeoutMs);
			if (waited === 'aborted') return 130;
			if (waited !== 'ok') return failComponent(io, c, waited);
			io.stderr(`✔ ${c.userFacing} installed ${c.icon}\n`);
		}
	}
	if (!dryRun) {
		prune(io, ctx, plan);
		deployDefaultTag(ctx);
		await ctx.cluster.settle();
	}
	io.stderr('✔ Installation complete\n');
	if (plan.profile === 'ambient')
		io.stderr(
			'The ambient profile has been installed successfully, enjoy Istio without sidecars!\n'
		);
	return 0;
}

/**
 * install.go prune: what an earlier install made for a component this one disables (an ambient
 * upgrade of a default install removes the ingress gateway). Base's CRDs are never pruned.
 */
function prune(io: CommandIO, ctx: CommandContext, plan: InstallPlan): void {
	const disabled = COMPONENTS.filter((c) => !plan.components[c.name]).map((c) => c.name);
	if (disabled.length === 0) return;
	const selector = `istio.io/rev=default,${COMPONENT_LABEL} in (${disabled.join(',')}),${NOT_PRUNED}!=true`;
	deleteTargets(io, ctx.cluster.api, listTargets(ctx.cluster.api, PRUNE_ORDER, selector), false);
}

/**
 * webhook.go WebhooksToDeploy, after the components: a default-revision install (the only kind
 * here) makes itself the `default` revision tag, so the tag's webhooks take over injection from
 * `istio-sidecar-injector`, whose entries are deactivated. No control plane (the empty profile):
 * Generate fails and, as there ("could be remote cluster install"), nothing is created.
 */
function deployDefaultTag(ctx: CommandContext): void {
	const api = ctx.cluster.api;
	const tag = generateTag(api, {
		tag: DEFAULT_TAG,
		revision: 'default',
		generate: false,
		overwrite: true,
		autoInjectNamespaces: false,
		customLabels: {
			'operator.istio.io/managed': 'Reconcile',
			'operator.istio.io/version': ISTIO_VERSION,
			'istio.io/rev': 'default',
			[NOT_PRUNED]: 'true'
		},
		userManaged: false,
		istioNamespace: ISTIO_NAMESPACE
	});
	if (typeof tag === 'string') return;
	if (tag.deactivate) deactivate(api, tag.deactivate);
	applyAll(ctx, tag.objects);
}

/**
 * detectIstioVersionDiff: the running istiod of the default revision is another version than
 * this istioctl. Go compares the version strings as strings.
 */
function versionWarning(io: CommandIO, ctx: CommandContext): void {
	const running = runningIstiods(ctx.cluster.api, ISTIO_NAMESPACE)
		.map(podVersion)
		.filter((v) => /^\d+\.\d+\.\d+/.test(v))
		.sort();
	const installed = running[running.length - 1];
	if (!installed || installed === ISTIO_VERSION) return;
	const verb = installed < ISTIO_VERSION ? 'upgraded' : 'downgraded';
	io.stderr(
		`WARNING: Istio is being ${verb} from ${installed} to ${ISTIO_VERSION}.\n` +
			'         Running this command will overwrite it; use revisions to upgrade alongside the existing version.\n' +
			"         Before upgrading, you may wish to use 'istioctl x precheck' to check for upgrade warnings.\n"
	);
}

function failComponent(io: CommandIO, c: Component, outcome: Outcome): number {
	const error = typeof outcome === 'object' ? outcome.error : 'aborted';
	io.stderr(`✘ ${c.userFacing} encountered an error: ${error}\n`);
	return fail(io, `failed to install manifests: ${error}`);
}

/** `-f` files, or the error os.ReadFile gives for a missing one. */
function readFiles(ctx: CommandContext, names: readonly string[]): InstallFile[] | string {
	const files: InstallFile[] = [];
	for (const name of names) {
		const text = ctx.vfs.read(name);
		if (text === undefined) return `open ${name}: no such file or directory`;
		files.push({ name, text });
	}
	return files;
}

/** install and upgrade share everything but their name (upgrade.go: "an alias for the install command"). */
export async function runInstall(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length > 0)
		return fail(io, `accepts 0 arg(s), received ${flags.positional.length}`);
	const revision = str(flags, 'revision');
	if (revision !== undefined && isDns1123Label(revision).length > 0)
		return fail(io, `invalid revision specified: ${revision}`);
	const timeout = parseGoDuration(str(flags, 'readiness-timeout') ?? '300s');
	if (typeof timeout === 'string') return fail(io, timeout);

	io.stderr(`${ISTIO_ART}\n`);
	if (revision !== undefined && revision !== 'default')
		return fail(io, 'generate config: revisions are not simulated: only the default revision is');
	const files = readFiles(ctx, strings(flags, 'filename'));
	if (typeof files === 'string') return fail(io, `generate config: ${files}`);
	const plan = installPlan(files, strings(flags, 'set'));
	if ('error' in plan) return fail(io, `generate config: ${plan.error}`);

	versionWarning(io, ctx);
	const dryRun = bool(flags, 'dry-run');
	if (!dryRun && !bool(flags, 'skip-confirmation')) {
		const question = `This will install the Istio ${ISTIO_VERSION} profile "${plan.profile}" into the cluster. Proceed? (y/N)`;
		if (!confirm(question, io)) {
			io.stderr('Cancelled.\n');
			return 1;
		}
	}
	return install(io, ctx, timeout, dryRun, plan);
}

export const INSTALL_FLAGS = FLAGS;

export const installCommand: IstioctlCommand = {
	name: 'install',
	aliases: ['apply'],
	summary: 'Applies an Istio manifest, installing or reconfiguring Istio on a cluster.',
	usage: 'istioctl install [flags]',
	flags: FLAGS,
	run: runInstall
};
