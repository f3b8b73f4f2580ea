/**
 * `helm history` (`hist`; Helm 3 cmd/helm/history.go): a release's revisions, oldest first, the
 * newest `--max` (256) of them; table columns REVISION, UPDATED (time.ANSIC), STATUS, CHART,
 * APP VERSION, DESCRIPTION; `-o json` as helm's releaseInfo list. No revision: `release: not found`.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { int, str } from '../kubectl/flags.ts';
import { ansic } from '../../mesh/calendar.ts';
import { argsError, fail, namespaceOf, parse, table } from './common.ts';
import { history, type Release } from './releases.ts';

/** Go's time.Time MarshalJSON (RFC3339Nano, trailing zeros of the fraction dropped) in UTC. */
function rfc3339Nano(ms: number): string {
	return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

const row = (r: Release) => ({
	revision: r.version,
	updated: rfc3339Nano(r.updated),
	status: r.status,
	chart: `${r.chart.name}-${r.chart.version}`,
	app_version: r.chart.appVersion,
	description: r.description
});

export async function runHistory(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'max', type: 'int' },
		{ name: 'output', short: 'o', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length !== 1)
		return fail(io, argsError('history', '1 argument', 'helm history RELEASE_NAME [flags]'));
	const output = str(flags, 'output') ?? 'table';
	if (output === 'yaml')
		return fail(io, '-o yaml is not simulated in the playground for "helm history" (table, json)');
	if (output !== 'table' && output !== 'json')
		return fail(io, `invalid argument "${output}" for "-o, --output" flag: invalid format type`);
	const name = flags.positional[0] as string;
	const revisions = history(ctx.cluster.api, namespaceOf(flags, ctx.vfs), name);
	if (revisions.length === 0) return fail(io, 'release: not found');
	const max = int(flags, 'max') ?? 256;
	const shown = max > 0 ? revisions.slice(-max) : [];
	if (output === 'json') {
		io.stdout(`${JSON.stringify(shown.map(row))}\n`);
		return 0;
	}
	const rows = shown.map((r) => {
		const o = row(r);
		return [
			String(o.revision),
			ansic(new Date(r.updated)),
			o.status,
			o.chart,
			o.app_version,
			o.description
		];
	});
	io.stdout(
		`${table([['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'], ...rows])}\n`
	);
	return 0;
}
