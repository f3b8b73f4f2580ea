/**
 * `istioctl waypoint list` and `istioctl waypoint status` (istioctl/pkg/waypoint/waypoint.go):
 * tabwriter tables (padding 5) over the Gateways of class istio-waypoint. `list` shows TRAFFIC
 * TYPE from the `istio.io/waypoint-for` label, `none` when absent (istiod would use `service`).
 * `status` polls each waypoint every second, printing a row per poll, until it is Programmed;
 * with `--wait` it gives up after `--waypoint-timeout` (90s). Real istioctl without `--wait`
 * polls a waypoint that never gets Programmed forever; here it prints the one row it has.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import { ms } from '../../mesh/types.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { tabwrite } from '../kubectl/printers/tabwriter.ts';
import { parseGoDuration } from '../kubectl/wait.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import {
	NAME_FLAG,
	gatewayCondition,
	gatewayType,
	isProgrammed,
	isWaypoint,
	listGateways,
	namespaceOf,
	notServed
} from './waypoint-gateway.ts';

const TABLE = { minwidth: 0, padding: 5 };

const LIST_FLAGS = [
	{
		name: 'all-namespaces',
		short: 'A',
		type: 'bool',
		description: 'List all waypoints in all namespaces'
	},
	NAME_FLAG
] as const;

async function runList(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, LIST_FLAGS);
	if (typeof flags === 'number') return flags;
	const all = bool(flags, 'all-namespaces');
	const type = gatewayType(ctx.cluster.api);
	if (!type) return fail(io, notServed('get'));
	const gws = listGateways(ctx.cluster.api, type, all ? '' : namespaceOf(flags, ctx));
	if (gws.length === 0) {
		io.stdout('No waypoints found.\n');
		return 0;
	}
	let out = all
		? 'NAMESPACE\tNAME\tREVISION\tTRAFFIC TYPE\tPROGRAMMED\n'
		: 'NAME\tREVISION\tTRAFFIC TYPE\tPROGRAMMED\n';
	for (const gw of gws.filter(isWaypoint)) {
		const labels = gw.metadata.labels ?? {};
		const rev = labels['istio.io/rev'] || 'default';
		const traffic = labels['istio.io/waypoint-for'] || 'none';
		const programmed = gatewayCondition(gw, 'Programmed')?.status ?? 'False';
		const row = [gw.metadata.name, rev, traffic, programmed];
		if (all) row.unshift(gw.metadata.namespace ?? '');
		out += row.join('\t') + '\n';
	}
	io.stdout(tabwrite(out, TABLE));
	return 0;
}

const STATUS_FLAGS = [
	{
		name: 'all-namespaces',
		short: 'A',
		type: 'bool',
		description: 'Show the status of waypoints in all namespaces'
	},
	{ name: 'wait', short: 'w', type: 'bool', description: 'Wait for status' },
	{
		name: 'waypoint-timeout',
		type: 'string',
		description: 'Timeout for retrieving status for waypoint (default 1m30s)'
	},
	NAME_FLAG
] as const;

async function runStatus(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, STATUS_FLAGS);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length > 0) return fail(io, `unknown subcommand "${flags.positional[0]}"`);
	const timeout = parseGoDuration(str(flags, 'waypoint-timeout') ?? '90s');
	if (typeof timeout === 'string') return fail(io, timeout);
	const api = ctx.cluster.api;
	const type = gatewayType(api);
	if (!type) return fail(io, notServed('get'));
	// 1.30: `ns := ctx.NamespaceOrDefault(ctx.Namespace()); if allNamespaces { ns = "" }`, and
	// printWaypointStatus adds the NAMESPACE column when ns is "".
	const withNs = bool(flags, 'all-namespaces');
	const gws = listGateways(api, type, withNs ? '' : namespaceOf(flags, ctx));
	if (gws.length === 0) {
		io.stdout('No waypoints found.\n');
		return 0;
	}
	let out = withNs
		? 'NAMESPACE\tNAME\tSTATUS\tTYPE\tREASON\tMESSAGE\n'
		: 'NAME\tSTATUS\tTYPE\tREASON\tMESSAGE\n';
	const wait = bool(flags, 'wait');
	const start = ctx.cluster.now();
	for (const gw of gws.filter(isWaypoint)) {
		for (;;) {
			if (ctx.signal.aborted) return 130;
			await ctx.cluster.advance(ms(1000));
			const live = api.get(type, gw.metadata.namespace, gw.metadata.name);
			const current = isApiError(live) ? gw : live;
			const conditions = (current['status'] as { conditions?: unknown } | undefined)?.conditions;
			const last = Array.isArray(conditions) ? conditions.at(-1) : undefined;
			const cond = isProgrammed(current)
				? gatewayCondition(current, 'Programmed')
				: last
					? gatewayCondition(current, String((last as { type?: unknown }).type))
					: undefined;
			const row = [
				current.metadata.name,
				cond?.status ?? '',
				cond?.type ?? '',
				cond?.reason ?? '',
				cond?.message ?? ''
			];
			if (withNs) row.unshift(current.metadata.namespace ?? '');
			out += row.join('\t') + '\n';
			if (isProgrammed(current) || !wait) break;
			if (ctx.cluster.now() - start > timeout) {
				io.stdout(tabwrite(out, TABLE));
				return fail(
					io,
					`failed to print waypoint status: timed out while retrieving status for waypoint\t${gw.metadata.namespace ?? ''}/${gw.metadata.name}`
				);
			}
		}
	}
	io.stdout(tabwrite(out, TABLE));
	return 0;
}

export const waypointListCommand: IstioctlCommand = {
	name: 'list',
	summary: 'List managed waypoint configurations',
	usage: 'istioctl waypoint list [flags]',
	flags: LIST_FLAGS,
	run: runList
};

export const waypointStatusCommand: IstioctlCommand = {
	name: 'status',
	summary: 'Show the status of waypoints in a namespace',
	usage: 'istioctl waypoint status [flags]',
	flags: STATUS_FLAGS,
	run: runStatus
};
