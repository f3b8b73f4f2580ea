/**
 * `helm list` (`ls`; cmd/helm/list.go): the namespace's releases (`-A` all), latest revision of
 * each, deployed and failed ones unless `-a`; columns NAME, NAMESPACE, REVISION, UPDATED (Go's
 * time.String), STATUS, CHART (`name-version`), APP VERSION, sorted by name.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { fail, goTime, namespaceOf, parse, table } from './common.ts';
import { listReleases, type Release } from './releases.ts';

export async function runList(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'all-namespaces', short: 'A', type: 'bool' },
		{ name: 'all', short: 'a', type: 'bool' },
		{ name: 'short', short: 'q', type: 'bool' },
		{ name: 'output', short: 'o', type: 'string' },
		{ name: 'uninstalled', type: 'bool' },
		{ name: 'failed', type: 'bool' },
		{ name: 'deployed', type: 'bool' }
	]);
	if (typeof flags === 'number') return flags;
	const output = str(flags, 'output');
	if (output !== undefined && output !== 'table')
		return fail(io, `-o ${output} is not simulated in the playground (only the table)`);
	const all = bool(flags, 'all-namespaces');
	const latest = new Map<string, Release>();
	for (const r of listReleases(ctx.cluster.api, all ? undefined : namespaceOf(flags, ctx.vfs)))
		latest.set(`${r.namespace}/${r.name}`, r);
	const wanted = new Set<string>();
	if (bool(flags, 'deployed')) wanted.add('deployed');
	if (bool(flags, 'failed')) wanted.add('failed');
	if (bool(flags, 'uninstalled')) wanted.add('uninstalled');
	if (wanted.size === 0) {
		wanted.add('deployed');
		wanted.add('failed');
	}
	const shown = [...latest.values()]
		.filter((r) => bool(flags, 'all') || wanted.has(r.status))
		.sort((a, b) => a.name.localeCompare(b.name));
	if (bool(flags, 'short')) {
		for (const r of shown) io.stdout(`${r.name}\n`);
		return 0;
	}
	const rows = shown.map((r) => [
		r.name,
		r.namespace,
		String(r.version),
		goTime(r.updated),
		r.status,
		`${r.chart.name}-${r.chart.version}`,
		r.chart.appVersion
	]);
	io.stdout(
		`${table([['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'], ...rows])}\n`
	);
	return 0;
}
