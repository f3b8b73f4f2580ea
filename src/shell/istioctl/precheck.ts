/**
 * `istioctl x precheck` (istioctl/pkg/precheck/precheck.go): of the real checks, the one that can
 * fail on a cluster like ours is the Gateway API CRD versions. The Kubernetes version (v1.34) and
 * install permissions (kind's admin user) always pass; the alpha-annotation analyzer is not run.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { str } from '../kubectl/flags.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS = [
	{ name: 'skip-controlplane', type: 'bool', description: 'skip checking the control plane' },
	{ name: 'output-threshold', type: 'string' },
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of json|log|yaml'
	},
	{
		name: 'from-version',
		short: 'f',
		type: 'string',
		description: 'check changes since the provided version'
	},
	{ name: 'revision', short: 'r', type: 'string' }
] as const;

const OK =
	'✔ No issues found when checking the cluster. Istio is safe to install or upgrade!\n' +
	'  To get started, check out https://istio.io/latest/docs/setup/getting-started/.\n';

const ISSUES =
	'Issues found when checking the cluster. Istio may not be safe to install or upgrade.\n' +
	'See https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.';

/** checkGatewayAPIs: IST0156 / IST0172 for Gateway API CRDs older than Istio supports. */
export function gatewayApiMessages(crds: readonly KubeObject[]): string[] {
	const beta = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'ReferenceGrant']);
	const stable = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute']);
	const out: string[] = [];
	for (const crd of crds) {
		const spec = (crd['spec'] ?? {}) as {
			group?: string;
			names?: { kind?: string };
			versions?: { name?: string; served?: boolean }[];
		};
		if (spec.group !== 'gateway.networking.k8s.io') continue;
		const kind = spec.names?.kind ?? '';
		const served = (spec.versions ?? []).filter((v) => v.served).map((v) => v.name ?? '');
		const has = served.length > 0 ? [...served].sort().join(',') : 'none';
		const ref = `(CustomResourceDefinition ${crd.metadata.name})`;
		if (beta.has(kind) && !served.includes('v1beta1'))
			out.push(
				`Error [IST0156] ${ref} The Gateway API CRD version ${has} is lower than the minimum version: v1beta1`
			);
		if (stable.has(kind) && !served.includes('v1'))
			out.push(
				`Warning [IST0172] ${ref} The Gateway API CRD version ${has} is lower than the minimum version: v1`
			);
	}
	return out;
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const format = str(flags, 'output') ?? 'log';
	if (!['log', 'json', 'yaml'].includes(format))
		return fail(io, `invalid output format "${format}": must be one of [json log yaml]`);
	const from = str(flags, 'from-version');
	if (from !== undefined) {
		const [major, minor] = from.split('.');
		if (minor === undefined) return fail(io, `invalid version ${from}, expected format like '1.0'`);
		if (major !== '1') return fail(io, `expected major version 1, got ${from}`);
		if (!/^\d+$/.test(minor)) return fail(io, `minor version is not a number: ${minor}`);
	}

	const api = ctx.cluster.api;
	const crdType = api.resolve('customresourcedefinitions');
	const crds = crdType ? api.list(crdType) : [];
	const messages =
		flags.values.get('skip-controlplane') === true || isApiError(crds)
			? []
			: gatewayApiMessages(crds);
	if (messages.length === 0) {
		if (format === 'json') io.stdout('[]\n');
		else if (format === 'yaml') io.stdout('[]\n\n');
		else io.stderr(OK);
		return 0;
	}
	io.stdout(`${messages.join('\n')}\n`);
	return fail(io, ISSUES);
}

export const precheckCommand: IstioctlCommand = {
	name: 'precheck',
	summary: 'Check whether Istio can safely be installed or upgraded',
	usage: 'istioctl experimental precheck [flags]',
	flags: FLAGS,
	run
};
