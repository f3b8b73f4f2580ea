/**
 * `istioctl waypoint apply` (istioctl/pkg/waypoint/waypoint.go waypointApplyCmd): server-side
 * applies the waypoint Gateway (field manager `istioctl`), optionally waits (1s ticks, 90s) for
 * its Programmed condition, and with `--enroll-namespace` labels the namespace
 * `istio.io/use-waypoint=<name>`. Output and warnings go to stdout, with the real emoji.
 */
import { NAMESPACES } from '../../mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import { ms } from '../../mesh/types.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { parseGoDuration } from '../kubectl/wait.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import {
	FOR_FLAG,
	NAME_FLAG,
	gatewayType,
	getNamespace,
	isProgrammed,
	makeGateway,
	namespaceOf,
	notServed
} from './waypoint-gateway.ts';

const FLAGS = [
	FOR_FLAG,
	{
		name: 'enroll-namespace',
		type: 'bool',
		description: 'If set, the namespace will be labeled with the waypoint name'
	},
	{
		name: 'overwrite',
		type: 'bool',
		description: 'Overwrite the existing Waypoint used by the namespace'
	},
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'The revision to label the waypoint with'
	},
	{ name: 'wait', short: 'w', type: 'bool', description: 'Wait for the waypoint to be ready' },
	{
		name: 'waypoint-timeout',
		type: 'string',
		description: 'Timeout for waiting for waypoint ready (default 1m30s)'
	},
	NAME_FLAG
] as const;

/** The 1s ticker of the wait loop. */
const TICK = ms(1000);

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const timeout = parseGoDuration(str(flags, 'waypoint-timeout') ?? '90s');
	if (typeof timeout === 'string') return fail(io, timeout);
	const api = ctx.cluster.api;
	const ns = namespaceOf(flags, ctx);

	const nsObj = getNamespace(api, ns);
	if ('error' in nsObj) return fail(io, nsObj.error);
	const labels = nsObj.namespace.metadata.labels ?? {};
	const enroll = bool(flags, 'enroll-namespace');
	if (enroll) {
		if (!bool(flags, 'overwrite') && (labels['istio.io/use-waypoint'] ?? '') !== '') {
			io.stdout(
				`⚠️ Warning: namespace (${ns}) already has an enrolled Waypoint. Consider adding the \`--overwrite\` flag to your apply command.\n`
			);
			return 0;
		}
		if (labels['istio.io/dataplane-mode'] !== 'ambient')
			io.stdout(
				`⚠️ Warning: namespace is not enrolled in ambient. Consider running\t\`kubectl label namespace ${ns} istio.io/dataplane-mode=ambient\`\n`
			);
	}
	const gw = makeGateway({
		name: str(flags, 'name'),
		namespace: ns,
		trafficType: str(flags, 'for'),
		revision: str(flags, 'revision')
	});
	if ('error' in gw) return fail(io, `failed to create gateway: ${gw.error}`);
	const name = gw.metadata.name;
	const type = gatewayType(api);
	if (!type)
		return fail(
			io,
			`missing Kubernetes Gateway CRDs need to be installed before applying a waypoint: ${notServed('patch', name)}`
		);
	const applied = api.apply(gw, { serverSide: true });
	if (isApiError(applied))
		return fail(io, formatApiError(applied).replace(/^Error from server /, ''));
	io.stdout(`✅ waypoint ${ns}/${name} applied\n`);
	await ctx.cluster.settle();

	if (bool(flags, 'wait')) {
		const start = ctx.cluster.now();
		for (;;) {
			if (ctx.signal.aborted) return 130;
			await ctx.cluster.advance(TICK);
			const live = api.get(type, ns, name);
			if (!isApiError(live) && isProgrammed(live)) break;
			if (ctx.cluster.now() - start > timeout) {
				const why = isApiError(live) ? `: ${live.message}` : '';
				return fail(io, `timed out while waiting for waypoint\t${ns}/${name}${why}`);
			}
		}
		io.stdout(`✅ waypoint ${ns}/${name} is ready!\n`);
	}

	if (enroll) {
		const labelled = api.patch(NAMESPACES, undefined, ns, (draft) => {
			draft.metadata.labels = { ...(draft.metadata.labels ?? {}), 'istio.io/use-waypoint': name };
		});
		if (isApiError(labelled))
			return fail(
				io,
				`failed to label namespace with waypoint: failed to update namespace ${ns}: ${labelled.message}`
			);
		io.stdout(`✅ namespace ${ns} labeled with "istio.io/use-waypoint: ${name}"\n`);
		await ctx.cluster.settle();
	}
	return 0;
}

export const waypointApplyCommand: IstioctlCommand = {
	name: 'apply',
	summary: 'Apply a waypoint configuration',
	usage: 'istioctl waypoint apply [flags]',
	flags: FLAGS,
	run
};
