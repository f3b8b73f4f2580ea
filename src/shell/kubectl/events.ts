/**
 * `kubectl events` (kubectl/pkg/cmd/events): the events of a namespace (or all, `-A`), oldest
 * first by their last observation, optionally only those `--for` one object and of some
 * `--types`. Unlike `get events`, OBJECT is `Kind/name` and LAST SEEN folds repeats into
 * "(xN over …)".
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, strings, type FlagSpec } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { age, clusterNowMs } from './printers/duration.ts';
import { toJson, toYaml, asList } from './printers/object.ts';
import { TABLE_TABWRITER, tabwrite } from './printers/tabwriter.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS: readonly FlagSpec[] = [
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'for', type: 'string' },
	{ name: 'types', type: 'stringArray' },
	{ name: 'no-headers', type: 'bool' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'watch', short: 'w', type: 'bool' },
	{ name: 'chunk-size', type: 'int' }
];

interface Event extends KubeObject {
	type?: string;
	reason?: string;
	message?: string;
	count?: number;
	firstTimestamp?: string | null;
	lastTimestamp?: string | null;
	eventTime?: string | null;
	series?: { count?: number; lastObservedTime?: string };
	involvedObject?: { kind?: string; name?: string };
}

/** SortableEvents' eventTime: series' last observation, else lastTimestamp, else eventTime. */
const lastSeen = (e: Event): string =>
	e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? '';

function interval(e: Event, nowMs: number): string {
	const first = age(e.eventTime ?? e.firstTimestamp ?? undefined, nowMs);
	if (e.series) return `${age(lastSeen(e), nowMs)} (x${e.series.count ?? 1} over ${first})`;
	if ((e.count ?? 1) > 1) return `${age(lastSeen(e), nowMs)} (x${e.count} over ${first})`;
	return first;
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'events', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const fail = (message: string): number => {
		io.stderr(`error: ${message}\n`);
		return 1;
	};
	if (flags.positional.length > 0)
		return fail(`unknown command "${flags.positional[0]}" for "kubectl events"`);
	if (bool(flags, 'watch'))
		return fail(
			'--watch is not supported in this playground; run the command again to see new events'
		);
	const output = str(flags, 'output');
	if (output !== undefined && !['yaml', 'json'].includes(output))
		return fail(
			`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`
		);
	const types = strings(flags, 'types')
		.flatMap((t) => t.split(','))
		.map((t) => t.trim())
		.filter((t) => t !== '');
	for (const t of types)
		if (!['normal', 'warning'].includes(t.toLowerCase()))
			return fail(`valid --types are Normal or Warning`);

	const api = ctx.cluster.api;
	const all = bool(flags, 'all-namespaces');
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	let fieldSelector = '';
	const target = str(flags, 'for');
	if (target !== undefined) {
		const slash = target.indexOf('/');
		if (slash <= 0 || slash === target.length - 1)
			return fail(`--for must be in resource/name form`);
		const type = api.resolve(target.slice(0, slash));
		if (!type) return fail(`the server doesn't have a resource type "${target.slice(0, slash)}"`);
		fieldSelector = `involvedObject.kind=${type.kind},involvedObject.name=${target.slice(slash + 1)}`;
	}
	const eventsType = api.resolve('events');
	if (!eventsType) return fail(`the server doesn't have a resource type "events"`);
	const listed = api.list(eventsType, {
		...(all ? {} : { namespace }),
		...(fieldSelector ? { fieldSelector } : {})
	});
	if (isApiError(listed)) return printApiError(io, listed);
	const events = (listed as Event[])
		.filter(
			(e) => types.length === 0 || types.some((t) => t.toLowerCase() === e.type?.toLowerCase())
		)
		.sort((a, b) => Date.parse(lastSeen(a)) - Date.parse(lastSeen(b)));

	if (output === 'yaml') {
		io.stdout(toYaml(asList(events)));
		return 0;
	}
	if (output === 'json') {
		io.stdout(toJson(asList(events)));
		return 0;
	}
	if (events.length === 0) {
		io.stderr(all ? 'No events found.\n' : `No events found in ${namespace} namespace.\n`);
		return 0;
	}
	const nowMs = clusterNowMs(ctx);
	const rows: string[] = [];
	if (!bool(flags, 'no-headers'))
		rows.push(`${all ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE`);
	for (const e of events)
		rows.push(
			`${all ? `${e.metadata.namespace ?? ''}\t` : ''}${interval(e, nowMs)}\t${e.type ?? ''}\t${e.reason ?? ''}\t${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}\t${(e.message ?? '').trim()}`
		);
	io.stdout(tabwrite(rows.join('\n') + '\n', TABLE_TABWRITER));
	return 0;
}

export const eventsVerb: KubectlVerb = {
	name: 'events',
	flags: FLAGS,
	summary: 'List events',
	group: 'Troubleshooting and Debugging Commands',
	run
};
