/**
 * cmd/helm/status.go statusPrinter.WriteTable, as `install`, `upgrade` and `status` print it:
 * NAME, LAST DEPLOYED (time.ANSIC), NAMESPACE, STATUS, REVISION, DESCRIPTION with `--show-desc`,
 * `TEST SUITE: None` (Istio's charts have no test hooks), then the chart's NOTES.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, int } from '../kubectl/flags.ts';
import { ansic } from '../../mesh/calendar.ts';
import { argsError, fail, namespaceOf, parse } from './common.ts';
import { history, type Release } from './releases.ts';

export function statusText(r: Release, showDescription = false): string {
	const lines = [
		`NAME: ${r.name}`,
		`LAST DEPLOYED: ${ansic(new Date(r.updated))}`,
		`NAMESPACE: ${r.namespace}`,
		`STATUS: ${r.status}`,
		`REVISION: ${r.version}`,
		...(showDescription ? [`DESCRIPTION: ${r.description}`] : []),
		'TEST SUITE: None'
	];
	const notes = r.notes.trim();
	return `${lines.join('\n')}\n${notes ? `NOTES:\n${notes}\n` : ''}`;
}

export async function runStatus(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'revision', type: 'int' },
		{ name: 'show-desc', type: 'bool' },
		{ name: 'show-resources', type: 'bool' },
		{ name: 'output', short: 'o', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length !== 1)
		return fail(
			io,
			flags.positional.length === 0
				? argsError('status', '1 argument', 'helm status RELEASE_NAME [flags]')
				: `"helm status" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]`
		);
	const name = flags.positional[0] as string;
	const revisions = history(ctx.cluster.api, namespaceOf(flags, ctx.vfs), name);
	const wanted = int(flags, 'revision');
	const r = wanted ? revisions.find((x) => x.version === wanted) : revisions.at(-1);
	if (!r) return fail(io, 'release: not found');
	io.stdout(statusText(r, bool(flags, 'show-desc')));
	return 0;
}
