/**
 * `istioctl install` (operator/cmd/mesh/install.go, operator/pkg/install): the banner, the
 * `(y/N)` question unless `-y`, then each component applied server-side and waited for
 * (Base; Pilot and CNI together; Ztunnel after CNI) with the progress log's `✔ … installed`
 * lines, `✔ Installation complete` and the ambient profile's closing line. Like real istioctl,
 * everything but the question goes to stderr. Only the ambient profile is simulated; other
 * profiles and `--set` paths are refused with a message that says so.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import { isApiError, formatApiError } from '../../mesh/api/errors.ts';
import { isDns1123Label } from '../../mesh/api/names.ts';
import { ISTIO_VERSION } from '../../mesh/istio/version.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, strings } from '../kubectl/flags.ts';
import { parseGoDuration, waitInSimTime } from '../kubectl/wait.ts';
import { ISTIO_ART } from './art.ts';
import { confirm, fail, parseCommandFlags } from './common.ts';
import { AMBIENT_COMPONENTS, type Component, type InstallValues } from './manifests/index.ts';
import { ISTIO_NAMESPACE } from './manifests/labels.ts';
import { goDuration, notReady } from './readiness.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS = [
	{
		name: 'filename',
		short: 'f',
		type: 'stringArray',
		description: 'Path to file containing IstioOperator custom resource (not simulated)'
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

/** `istioctl profile list` on 1.30. */
export const PROFILES = [
	'ambient',
	'default',
	'demo',
	'empty',
	'minimal',
	'openshift',
	'openshift-ambient',
	'preview',
	'remote',
	'stable'
];

const SIMULATED =
	'only the ambient profile is simulated here: istioctl install --set profile=ambient';

/** MeshConfig fields a `--set meshConfig.X=…` may change here (the rest is not simulated). */
const MESH_CONFIG_SETTABLE = ['accessLogFile'];

/** Reads `--set` flags: the profile and honoured values, or an error for anything else. */
function valuesFrom(
	sets: readonly string[]
): { profile: string; values: InstallValues } | { error: string } {
	let profile = 'default';
	const meshConfig: Record<string, string> = {};
	for (const s of sets) {
		const eq = s.indexOf('=');
		if (eq < 0) return { error: `generate config: --set ${s}: expected the form path=value` };
		const path = s.slice(0, eq);
		const value = s.slice(eq + 1);
		const meshKey = path.replace(/^(spec\.)?meshConfig\./, '');
		if (path === 'profile' || path === 'spec.profile') profile = value;
		else if (meshKey !== path && MESH_CONFIG_SETTABLE.includes(meshKey)) {
			// A value YAML would read as something else (`/dev/stdout` is fine) is quoted.
			meshConfig[meshKey] =
				/^[\w/.-]*$/.test(value) && value !== '' ? value : JSON.stringify(value);
		} else
			return {
				error: `generate config: --set ${path} is not simulated: ${SIMULATED} (of meshConfig, only ${MESH_CONFIG_SETTABLE.join(', ')} can be set)`
			};
	}
	return { profile, values: { meshConfig } };
}

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

async function install(
	io: CommandIO,
	ctx: CommandContext,
	timeoutMs: number,
	dryRun: boolean,
	values: InstallValues
): Promise<number> {
	const api = ctx.cluster.api;
	const namespaces = api.resolve('namespaces');
	if (!dryRun && namespaces && isApiError(api.get(namespaces, undefined, ISTIO_NAMESPACE)))
		api.create({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: { name: ISTIO_NAMESPACE, labels: {} } as unknown as KubeObject['metadata']
		});

	// componentDependencies: Base, then Pilot and CNI in parallel, then Ztunnel once CNI is done.
	const waves: Component[][] = [[], [], []];
	for (const c of AMBIENT_COMPONENTS)
		waves[c.name === 'Base' ? 0 : c.name === 'Ztunnel' ? 2 : 1]?.push(c);
	for (const wave of waves) {
		const objects = new Map<Component, KubeObject[]>();
		for (const c of wave) objects.set(c, await c.objects(values));
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
	io.stderr('✔ Installation complete\n');
	io.stderr('The ambient profile has been installed successfully, enjoy Istio without sidecars!\n');
	return 0;
}

function failComponent(io: CommandIO, c: Component, outcome: Outcome): number {
	const error = typeof outcome === 'object' ? outcome.error : 'aborted';
	io.stderr(`✘ ${c.userFacing} encountered an error: ${error}\n`);
	return fail(io, `failed to install manifests: ${error}`);
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
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
	if (strings(flags, 'filename').length > 0)
		return fail(io, `generate config: IstioOperator files (-f) are not simulated: ${SIMULATED}`);
	if (revision !== undefined && revision !== 'default')
		return fail(io, `generate config: revisions are not simulated: ${SIMULATED}`);
	const chosen = valuesFrom(strings(flags, 'set'));
	if ('error' in chosen) return fail(io, chosen.error);
	const { profile, values } = chosen;
	if (!PROFILES.includes(profile))
		return fail(
			io,
			`generate config: profile "${profile}" not found; available profiles: ${PROFILES.join(', ')}`
		);
	if (profile !== 'ambient')
		return fail(io, `generate config: the "${profile}" profile is not simulated: ${SIMULATED}`);

	const dryRun = bool(flags, 'dry-run');
	if (!dryRun && !bool(flags, 'skip-confirmation')) {
		const question = `This will install the Istio ${ISTIO_VERSION} profile "${profile}" into the cluster. Proceed? (y/N)`;
		if (!confirm(question, io)) {
			io.stderr('Cancelled.\n');
			return 1;
		}
	}
	return install(io, ctx, timeout, dryRun, values);
}

export const installCommand: IstioctlCommand = {
	name: 'install',
	aliases: ['apply'],
	summary: 'Applies an Istio manifest, installing or reconfiguring Istio on a cluster.',
	usage: 'istioctl install [flags]',
	flags: FLAGS,
	run
};
