/**
 * `helm install` and `helm upgrade [--install]` (cmd/helm/install.go, upgrade.go; pkg/action
 * install.go, upgrade.go): find the chart in an added repository, merge the values, render, check
 * that objects already in the cluster belong to this release (validate.go existingResourceConflict),
 * record the revision, create or update the objects in InstallOrder, delete what an upgrade no
 * longer renders, and with `--wait` wait for Deployments, DaemonSets and LoadBalancer Services
 * (pkg/kube/ready.go) until `--timeout` (5m0s). Errors carry helm's `INSTALLATION FAILED: ` or
 * `UPGRADE FAILED: ` prefix.
 */
import { platformValueNote } from '../platform-values.ts';
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { SIM_EPOCH_MS } from '../../mesh/epoch.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, strings, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { parseGoDuration, waitInSimTime } from '../kubectl/wait.ts';
import { notReady } from '../istioctl/readiness.ts';
import { chartVersion, findChart, profileError, valueAt, type Chart } from './charts.ts';
import { argsError, fail, namespaceOf, parse } from './common.ts';
import {
	createRelease,
	history,
	updateRelease,
	type Release,
	type ResourceRef
} from './releases.ts';
import {
	helmify,
	manifestText,
	installOrder,
	MANAGED_BY,
	refOf,
	RELEASE_NAME,
	RELEASE_NAMESPACE,
	uninstallOrder
} from './render.ts';
import { readRepos, reachable } from './repo.ts';
import { statusText } from './status.ts';
import { leafPaths, mergeValues, userValues, type Values } from './values.ts';

const SHARED_FLAGS: readonly FlagSpec[] = [
	{
		name: 'create-namespace',
		type: 'bool',
		description: 'create the release namespace if not present'
	},
	{
		name: 'wait',
		type: 'bool',
		description: 'if set, will wait until all resources are in a ready state'
	},
	{
		name: 'timeout',
		type: 'string',
		description: 'time to wait for any individual Kubernetes operation (default 5m0s)'
	},
	{ name: 'set', type: 'stringArray', description: 'set values on the command line' },
	{ name: 'values', short: 'f', type: 'stringArray', description: 'specify values in a YAML file' },
	{
		name: 'version',
		type: 'string',
		description: 'specify a version constraint for the chart version to use'
	},
	{ name: 'dry-run', type: 'bool' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'hide-notes', type: 'bool' },
	{ name: 'description', type: 'string' }
];

export const INSTALL_FLAGS: readonly FlagSpec[] = [
	...SHARED_FLAGS,
	{ name: 'generate-name', short: 'g', type: 'bool' }
];
export const UPGRADE_FLAGS: readonly FlagSpec[] = [
	...SHARED_FLAGS,
	{
		name: 'install',
		short: 'i',
		type: 'bool',
		description: "if a release by this name doesn't already exist, run an install"
	},
	{ name: 'reuse-values', type: 'bool' },
	{ name: 'reset-values', type: 'bool' }
];

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** chartutil.ValidateReleaseName. */
export function nameError(name: string): string | undefined {
	if (name.length <= 53 && NAME_RE.test(name)) return undefined;
	return `release name "${name}": invalid release name, must match regex ${NAME_RE.source} and the length must not be longer than 53`;
}

/** ChartPathOptions.LocateChart over the added repositories (downloader.ResolveChartVersion). */
function locate(ctx: CommandContext, ref: string, version: string | undefined): Chart | string {
	if (/^(oci|https?|file):\/\//.test(ref))
		return `the playground serves charts only from Istio's repository (helm repo add istio https://istio-release.storage.googleapis.com/charts): ${ref}`;
	if (ctx.vfs.exists(ref))
		return `the playground installs charts only from Istio's repository, not from a local path: ${ref}`;
	const slash = ref.indexOf('/');
	if (slash < 0)
		return `non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`;
	const repoName = ref.slice(0, slash);
	const chartName = ref.slice(slash + 1);
	const repo = readRepos(ctx).find((r) => r.name === repoName);
	if (!repo) return `repo ${repoName} not found`;
	if (!reachable(repo.url))
		return `no cached repo found. (try 'helm repo update'): open /root/.cache/helm/repository/${repoName}-index.yaml: no such file or directory`;
	const chart = findChart(chartName);
	const matching = `chart "${chartName}" matching ${version ?? ''} not found in ${repoName} index. (try 'helm repo update')`;
	if (!chart) return `${matching}: no chart name found`;
	if (version !== undefined && version.replace(/^v/, '') !== chartVersion)
		return `${matching}: no chart version found for ${chartName}-${version}`;
	return chart;
}

/** pkg/kube/ready.go for what the charts create: workloads, and a LoadBalancer's address. */
function unready(api: ApiServer, objects: readonly KubeObject[]): string[] {
	const waiting = notReady(api, objects);
	for (const o of objects) {
		if (o.kind !== 'Service') continue;
		if (((o['spec'] ?? {}) as { type?: string }).type !== 'LoadBalancer') continue;
		const type = api.resolve('services');
		const live = type ? api.get(type, o.metadata.namespace, o.metadata.name) : undefined;
		const ingress =
			live && !isApiError(live)
				? ((live['status'] ?? {}) as { loadBalancer?: { ingress?: unknown[] } }).loadBalancer
						?.ingress
				: undefined;
		if (!ingress || ingress.length === 0)
			waiting.push(`Service/${o.metadata.namespace}/${o.metadata.name}`);
	}
	return waiting;
}

/** validate.go checkOwnership's message for an object another owner made. */
function ownershipError(
	api: ApiServer,
	objects: readonly KubeObject[],
	release: string,
	namespace: string,
	verb: string
): string | undefined {
	for (const o of objects) {
		const type = api.resourceFor(o.apiVersion, o.kind);
		if (!type) continue;
		const live = api.get(type, o.metadata.namespace, o.metadata.name);
		if (isApiError(live)) continue;
		const labels = live.metadata.labels ?? {};
		const annotations = live.metadata.annotations ?? {};
		const errs: string[] = [];
		const require = (kind: string, map: Record<string, string>, key: string, want: string) => {
			const have = map[key];
			if (have === undefined)
				errs.push(`${kind} validation error: missing key "${key}": must be set to "${want}"`);
			else if (have !== want)
				errs.push(
					`${kind} validation error: key "${key}" must equal "${want}": current value is "${have}"`
				);
		};
		require('label', labels, MANAGED_BY, 'Helm');
		require('annotation', annotations, RELEASE_NAME, release);
		require('annotation', annotations, RELEASE_NAMESPACE, namespace);
		if (errs.length > 0)
			return `Unable to continue with ${verb}: ${o.kind} "${o.metadata.name}" in namespace "${o.metadata.namespace ?? ''}" exists and cannot be imported into the current release: invalid ownership metadata; ${errs.join('; ')}`;
	}
	return undefined;
}

export interface Request {
	readonly name: string;
	readonly namespace: string;
	readonly chart: Chart;
	readonly values: Values;
	readonly wait: boolean;
	readonly timeoutMs: number;
	readonly createNamespace: boolean;
	readonly hideNotes: boolean;
}

type Prepared =
	{ readonly objects: KubeObject[]; readonly notes: string } | { readonly error: string };

async function prepare(req: Request, template = false): Promise<Prepared> {
	const refused = leafPaths(req.values).filter((p) => !req.chart.settable.includes(p));
	if (refused.some((p) => p === 'revision' || p === 'revisionTags'))
		return {
			error:
				'revisions are not simulated in the playground: only the default revision is (upgrade in place)'
		};
	for (const p of refused) {
		const note = platformValueNote(p, valueAt(req.values, p));
		if (note) return { error: note };
	}
	if (refused.length > 0)
		return {
			error: `the playground's "${req.chart.name}" chart does not simulate the value${refused.length > 1 ? 's' : ''} ${refused.join(', ')}${req.chart.settable.length > 0 ? ` (it honours: ${req.chart.settable.join(', ')})` : ' (it honours none)'}`
		};
	const profile = profileError(req.values);
	if (profile)
		return {
			error: `execution error at (${req.chart.name}/templates/zzz_profile.yaml): ${profile}`
		};
	const rendered = await req.chart.render(req.values, req.name, req.namespace);
	return {
		objects: installOrder(helmify(rendered, req.name, req.namespace, template)),
		notes: req.hideNotes ? '' : req.chart.notes(req.values, req.name, req.namespace)
	};
}

function ensureNamespace(api: ApiServer, namespace: string): void {
	const type = api.resolve('namespaces');
	if (!type || !isApiError(api.get(type, undefined, namespace))) return;
	api.create({
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: { name: namespace, labels: { name: namespace } } as unknown as KubeObject['metadata']
	});
}

function applyObjects(api: ApiServer, objects: readonly KubeObject[]): string | undefined {
	for (const o of objects) {
		const r = api.apply(structuredClone(o), { serverSide: true });
		if (isApiError(r)) return `failed to create resource: ${r.message}`;
	}
	return undefined;
}

function deleteRefs(api: ApiServer, refs: readonly ResourceRef[]): void {
	for (const ref of uninstallOrder(refs)) {
		const type = api.resourceFor(ref.apiVersion, ref.kind);
		if (type) api.delete(type, ref.namespace, ref.name);
	}
}

/**
 * Deploys one revision; returns the release or the error (without the FAILED prefix). With
 * `rollbackTo`, the revision re-deploys that one's chart and values (pkg/action/rollback.go):
 * `pending-rollback`, described `Rollback to N`, ownership forced, every deployed one superseded.
 */
export async function deploy(
	ctx: CommandContext,
	req: Request,
	previous: Release | undefined,
	rollbackTo?: number
): Promise<Release | { error: string } | 'aborted'> {
	const api = ctx.cluster.api;
	const prepared = await prepare(req);
	if ('error' in prepared) return prepared;
	if (rollbackTo !== undefined) {
		// "It is safe to use forceOwnership here because these are resources currently rendered by the chart."
	} else if (!previous || previous.status === 'uninstalled') {
		const conflict = ownershipError(
			api,
			prepared.objects,
			req.name,
			req.namespace,
			previous ? 'install' : 'install'
		);
		if (conflict) return { error: conflict };
	} else {
		const owned = new Set(
			previous.resources.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)
		);
		const fresh = prepared.objects.filter(
			(o) => !owned.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
		);
		const conflict = ownershipError(api, fresh, req.name, req.namespace, 'update');
		if (conflict) return { error: conflict };
	}
	const upgrading = previous !== undefined && previous.status !== 'uninstalled';
	const rollback = rollbackTo !== undefined;
	const release: Release = {
		name: req.name,
		namespace: req.namespace,
		version: (previous?.version ?? 0) + 1,
		status: rollback ? 'pending-rollback' : upgrading ? 'pending-upgrade' : 'pending-install',
		updated: SIM_EPOCH_MS + ctx.cluster.now(),
		description: rollback
			? `Rollback to ${rollbackTo}`
			: upgrading
				? 'Preparing upgrade'
				: 'Initial install underway',
		chart: { name: req.chart.name, version: chartVersion, appVersion: chartVersion },
		config: req.values,
		resources: prepared.objects.map(refOf),
		notes: prepared.notes
	};
	const created = createRelease(api, release);
	if (created) return { error: created };
	const applied = applyObjects(api, prepared.objects);
	if (applied) {
		release.status = 'failed';
		release.description = `${rollback ? 'Rollback' : 'Release'} "${req.name}" failed: ${applied}`;
		updateRelease(api, release);
		if (rollback && previous) {
			previous.status = 'superseded';
			updateRelease(api, previous);
		}
		return { error: applied };
	}
	if (upgrading && previous) {
		const kept = new Set(release.resources.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`));
		deleteRefs(
			api,
			previous.resources.filter((r) => !kept.has(`${r.kind}/${r.namespace ?? ''}/${r.name}`))
		);
	}
	if (req.wait) {
		const outcome = await waitInSimTime(
			ctx,
			ctx.cluster.now() + req.timeoutMs,
			() => unready(api, prepared.objects).length === 0
		);
		if (outcome === 'aborted') return 'aborted';
		if (outcome !== 'met') {
			release.status = 'failed';
			release.description = `Release "${req.name}" failed: context deadline exceeded`;
			updateRelease(api, release);
			return {
				error: rollback
					? `release ${req.name} failed: context deadline exceeded`
					: 'context deadline exceeded'
			};
		}
	}
	if (rollback) {
		// Supersede all previous deployments (helm issue #2941).
		for (const r of history(api, req.namespace, req.name))
			if (r.status === 'deployed' && r.version !== release.version) {
				r.status = 'superseded';
				updateRelease(api, r);
			}
	} else if (upgrading && previous) {
		previous.status = 'superseded';
		updateRelease(api, previous);
	}
	release.status = 'deployed';
	if (!rollback) release.description = upgrading ? 'Upgrade complete' : 'Install complete';
	updateRelease(api, release);
	return release;
}

/** The request from flags, or the error text. */
function request(
	ctx: CommandContext,
	flags: ParsedFlags,
	name: string,
	chartRef: string,
	base: Values
): Request | string {
	const chart = locate(ctx, chartRef, str(flags, 'version'));
	if (typeof chart === 'string') return chart;
	const values = userValues(ctx.vfs, strings(flags, 'values'), strings(flags, 'set'));
	if ('error' in values && typeof values.error === 'string') return values.error;
	const timeout = parseGoDuration(str(flags, 'timeout') ?? '5m0s');
	if (typeof timeout === 'string') return timeout;
	return {
		name,
		namespace: namespaceOf(flags, ctx.vfs),
		chart,
		values: mergeValues(structuredClone(base), values as Values),
		wait: bool(flags, 'wait'),
		timeoutMs: timeout,
		createNamespace: bool(flags, 'create-namespace'),
		hideNotes: bool(flags, 'hide-notes')
	};
}

function unsupported(flags: ParsedFlags): string | undefined {
	if (bool(flags, 'dry-run')) return '--dry-run is not simulated in the playground';
	if (bool(flags, 'generate-name'))
		return '--generate-name is not simulated in the playground: name the release';
	const output = str(flags, 'output');
	if (output !== undefined && output !== 'table')
		return `-o ${output} is not simulated in the playground (only the table)`;
	return undefined;
}

async function installNow(
	io: CommandIO,
	ctx: CommandContext,
	req: Request,
	prefix: string
): Promise<number> {
	const api = ctx.cluster.api;
	const last = history(api, req.namespace, req.name).at(-1);
	if (last && last.status !== 'uninstalled')
		return fail(io, `${prefix}cannot re-use a name that is still in use`);
	if (req.createNamespace) ensureNamespace(api, req.namespace);
	const result = await deploy(ctx, req, last);
	if (result === 'aborted') return 130;
	if ('error' in result) return fail(io, `${prefix}${result.error}`);
	io.stdout(statusText(result));
	return 0;
}

export async function runInstall(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, INSTALL_FLAGS);
	if (typeof flags === 'number') return flags;
	const args = flags.positional;
	if (args.length === 0)
		return fail(
			io,
			argsError('install', 'at least 1 argument', 'helm install [NAME] [CHART] [flags]')
		);
	if (args.length > 2)
		return fail(
			io,
			`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`
		);
	const refusal = unsupported(flags);
	if (refusal) return fail(io, `INSTALLATION FAILED: ${refusal}`);
	if (args.length === 1)
		return fail(io, 'INSTALLATION FAILED: must either provide a name or specify --generate-name');
	const [name, chartRef] = args as [string, string];
	const badName = nameError(name);
	if (badName) return fail(io, `INSTALLATION FAILED: ${badName}`);
	const req = request(ctx, flags, name, chartRef, {});
	if (typeof req === 'string') return fail(io, `INSTALLATION FAILED: ${req}`);
	return installNow(io, ctx, req, 'INSTALLATION FAILED: ');
}

export async function runUpgrade(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, UPGRADE_FLAGS);
	if (typeof flags === 'number') return flags;
	const args = flags.positional;
	if (args.length !== 2)
		return fail(io, argsError('upgrade', '2 arguments', 'helm upgrade [RELEASE] [CHART] [flags]'));
	const refusal = unsupported(flags);
	if (refusal) return fail(io, `UPGRADE FAILED: ${refusal}`);
	const [name, chartRef] = args as [string, string];
	const badName = nameError(name);
	if (badName) return fail(io, `UPGRADE FAILED: ${badName}`);
	const namespace = namespaceOf(flags, ctx.vfs);
	const revisions = history(ctx.cluster.api, namespace, name);
	const deployed = revisions.filter((r) => r.status === 'deployed').at(-1);
	if (
		!deployed &&
		bool(flags, 'install') &&
		(revisions.length === 0 || revisions.at(-1)?.status === 'uninstalled')
	) {
		io.stdout(`Release "${name}" does not exist. Installing it now.\n`);
		const req = request(ctx, flags, name, chartRef, {});
		if (typeof req === 'string') return fail(io, req);
		return installNow(io, ctx, req, '');
	}
	if (!deployed) return fail(io, `UPGRADE FAILED: "${name}" has no deployed releases`);
	// upgrade.go reuseValues: with no values given (and no --reset-values), the last release's
	// values carry over; --reuse-values merges the new ones over them.
	const given = strings(flags, 'set').length + strings(flags, 'values').length > 0;
	const reuse = bool(flags, 'reuse-values') || (!given && !bool(flags, 'reset-values'));
	const base = reuse ? deployed.config : {};
	const req = request(ctx, flags, name, chartRef, base);
	if (typeof req === 'string') return fail(io, `UPGRADE FAILED: ${req}`);
	const result = await deploy(ctx, req, revisions.at(-1));
	if (result === 'aborted') return 130;
	if ('error' in result) return fail(io, `UPGRADE FAILED: ${result.error}`);
	io.stdout(`Release "${name}" has been upgraded. Happy Helming!\n${statusText(result)}`);
	return 0;
}

export const TEMPLATE_FLAGS: readonly FlagSpec[] = [
	{ name: 'set', type: 'stringArray', description: 'set values on the command line' },
	{ name: 'values', short: 'f', type: 'stringArray', description: 'specify values in a YAML file' },
	{
		name: 'version',
		type: 'string',
		description: 'specify a version constraint for the chart version to use'
	},
	{
		name: 'kube-version',
		type: 'string',
		description: 'Kubernetes version used for Capabilities.KubeVersion'
	},
	{
		name: 'show-only',
		short: 's',
		type: 'stringArray',
		description: 'only show manifests rendered from the given templates'
	}
];

/**
 * `helm template` (cmd/helm/template.go): the release's manifest rendered offline, without the
 * metadata install adds; one argument is the chart, named `release-name`. `--kube-version` is
 * accepted: the charts render the same on every Kubernetes the playground could be.
 */
export async function runTemplate(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, TEMPLATE_FLAGS);
	if (typeof flags === 'number') return flags;
	const args = flags.positional;
	if (args.length === 0)
		return fail(
			io,
			argsError('template', 'at least 1 argument', 'helm template [NAME] [CHART] [flags]')
		);
	if (args.length > 2)
		return fail(
			io,
			`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`
		);
	if (strings(flags, 'show-only').length > 0)
		return fail(
			io,
			'-s/--show-only is not simulated in the playground (its template file names are not kept)'
		);
	const [name, chartRef] =
		args.length === 1 ? ['release-name', args[0] as string] : (args as [string, string]);
	const badName = nameError(name);
	if (badName) return fail(io, badName);
	const req = request(ctx, flags, name, chartRef, {});
	if (typeof req === 'string') return fail(io, req);
	const prepared = await prepare(req, true);
	if ('error' in prepared) return fail(io, prepared.error);
	io.stdout(manifestText(req.chart.name, prepared.objects));
	return 0;
}
