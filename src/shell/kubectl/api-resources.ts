/**
 * `kubectl api-resources`: what the server serves, sorted by group then name as
 * kubectl/pkg/cmd/apiresources does. CRD kinds appear once their CRD is applied.
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from './flags.ts';
import { formatRows } from './printers/table.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const apiVersion = (t: ResourceType): string =>
	t.group === '' ? t.version : `${t.group}/${t.version}`;

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'api-resources', argv, [
		{ name: 'namespaced', type: 'bool', default: true },
		{ name: 'api-group', type: 'string' },
		{ name: 'output', short: 'o', type: 'string' },
		{ name: 'no-headers', type: 'bool' },
		{ name: 'sort-by', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	const output = str(flags, 'output');
	if (output !== undefined && output !== 'wide' && output !== 'name') {
		io.stderr(`error: --output ${output} is not available\n`);
		return 1;
	}
	const sortBy = str(flags, 'sort-by');
	if (sortBy !== undefined && sortBy !== 'name' && sortBy !== 'kind') {
		io.stderr(`error: --sort-by accepts only name or kind\n`);
		return 1;
	}
	const group = str(flags, 'api-group');
	let types = [...ctx.cluster.api.resources()];
	if (flags.values.has('namespaced'))
		types = types.filter((t) => t.namespaced === bool(flags, 'namespaced'));
	if (group !== undefined) types = types.filter((t) => t.group === group);
	const primary = (t: ResourceType): string =>
		sortBy === 'kind' ? t.kind : sortBy === 'name' ? t.plural : t.group;
	types.sort((a, b) => primary(a).localeCompare(primary(b)) || a.plural.localeCompare(b.plural));

	if (output === 'name') {
		io.stdout(types.map((t) => (t.group ? `${t.plural}.${t.group}` : t.plural) + '\n').join(''));
		return 0;
	}
	const wide = output === 'wide';
	const header = [
		'NAME',
		'SHORTNAMES',
		'APIVERSION',
		'NAMESPACED',
		'KIND',
		...(wide ? ['VERBS'] : [])
	];
	const verbs = '[create delete deletecollection get list patch update watch]';
	const rows = types.map((t) => [
		t.plural,
		t.shortNames.join(','),
		apiVersion(t),
		String(t.namespaced),
		t.kind,
		...(wide ? [verbs] : [])
	]);
	io.stdout(formatRows(bool(flags, 'no-headers') ? rows : [header, ...rows]));
	return 0;
}

export const apiResourcesVerb: KubectlVerb = {
	name: 'api-resources',
	summary: 'Print the supported API resources on the server',
	run
};
