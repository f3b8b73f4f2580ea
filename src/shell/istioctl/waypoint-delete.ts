/**
 * `istioctl waypoint delete` (istioctl/pkg/waypoint/waypoint.go deleteWaypoints): by name, every
 * waypoint with `--all`, or those of a revision with `-r`. Only Gateways of class istio-waypoint
 * are touched; a name that is not one prints `waypoint <ns>/<name> not found`.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import {
	NAME_FLAG,
	gatewayType,
	isWaypoint,
	listGateways,
	namespaceOf,
	notServed
} from './waypoint-gateway.ts';

const FLAGS = [
	{ name: 'all', type: 'bool', description: 'Delete all waypoints in the namespace' },
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'Delete the specified version of the waypoint in the namespace'
	},
	NAME_FLAG
] as const;

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const names = flags.positional;
	const revision = str(flags, 'revision') ?? '';
	const all = bool(flags, 'all') || revision !== '';
	if (all && names.length > 0)
		return fail(io, 'cannot specify waypoint names when deleting all waypoints');
	if (!all && names.length === 0)
		return fail(
			io,
			'must specify a waypoint name or delete all using --all or delete specific revision using --revision'
		);
	const api = ctx.cluster.api;
	const type = gatewayType(api);
	if (!type) return fail(io, notServed('get'));
	const ns = namespaceOf(flags, ctx);
	const waypoints = listGateways(api, type, ns).filter(isWaypoint);
	let targets: string[];
	if (all) {
		targets = waypoints
			.filter((g) => revision === '' || g.metadata.labels?.['istio.io/rev'] === revision)
			.map((g) => g.metadata.name);
	} else {
		const known = new Set(waypoints.map((g) => g.metadata.name));
		targets = [];
		for (const n of names) {
			if (known.has(n)) targets.push(n);
			else io.stdout(`waypoint ${ns}/${n} not found\n`);
		}
	}
	for (const n of targets) {
		const r = api.delete(type, ns, n);
		if (isApiError(r)) io.stdout(`waypoint ${ns}/${n} not found\n`);
		else io.stdout(`waypoint ${ns}/${n} deleted\n`);
	}
	await ctx.cluster.settle();
	return 0;
}

export const waypointDeleteCommand: IstioctlCommand = {
	name: 'delete',
	summary: 'Delete a waypoint configuration',
	usage: 'istioctl waypoint delete [flags]',
	flags: FLAGS,
	run
};
