/**
 * `istioctl proxy-config` (`pc`): reads a proxy's Envoy `/config_dump` (or `/logging`) and prints
 * its clusters, listeners, routes, endpoints, secrets and bootstrap. Mirrors istio
 * istioctl/pkg/proxyconfig/proxyconfig.go: the subcommands, their aliases and flags, `-o
 * short|json|yaml`, `[<type>/]<name>[.<namespace>]` targets, and its errors. The tables are
 * `proxy-config/writers.ts`.
 */
import { simDate } from '../../mesh/tls/certificate.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { int, str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { fail, parseCommandFlags } from './common.ts';
import {
	endpointConfigs as endpointsOf,
	listeners as listenersOf,
	parseEnvoyDump,
	routeConfigs as routesOf,
	type EnvoyDump,
	type Json
} from './proxy-config/dump.ts';
import { logCommand } from './proxy-config/log.ts';
import { envoyDo, type PodRef } from './proxy-config/target.ts';
import * as w from './proxy-config/writers.ts';
import type { IstioctlCommand } from './types.ts';
import { rawDump } from './ztunnel-config/summaries.ts';
import { inferPod, isTargetError } from './ztunnel-config/target.ts';

/** ProxyConfig's persistent flags. */
export const PC_FLAGS: readonly FlagSpec[] = [
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of json|yaml|short (default "short")'
	},
	{ name: 'proxy-admin-port', type: 'int', description: 'Envoy proxy admin port (default 15000)' }
];
const FILE: FlagSpec = {
	name: 'file',
	short: 'f',
	type: 'string',
	description: 'Envoy config dump file'
};

type Format = 'short' | 'json' | 'yaml';

interface Section {
	readonly name: string;
	readonly aliases: readonly string[];
	readonly summary: string;
	readonly flags: readonly FlagSpec[];
	/** The `config_dump` query istioctl sends (clusterPath, listenerPath …). */
	readonly query: string;
	/** bootstrap's own `-o` defaults to json; the others inherit `short`. */
	readonly defaultOutput?: Format;
	/** The message when no pod is named (`cluster requires pod name or --file parameter`). */
	readonly what: string;
	/** `-o short`: the section's table. */
	short(dump: EnvoyDump, flags: ParsedFlags, now: Date): w.Result;
	/** `-o json|yaml` (PrintClusterDump & co): the filtered resources, or why there are none. */
	resources(dump: EnvoyDump, flags: ParsedFlags): unknown;
	/** `all -o json` prints the admin's bytes as they came (JSONToYAML only for yaml). */
	readonly verbatimJson?: boolean;
}

/** One section's output in `format`: its table, or its resources as JSON (four spaces) or YAML. */
function render(s: Section, d: EnvoyDump, format: Format, f: ParsedFlags, now: Date): w.Result {
	if (format === 'short') return s.short(d, f, now);
	if (format === 'json' && s.verbatimJson) return { out: `${d.body}\n` };
	const items = s.resources(d, f);
	return isTargetError(items) ? { error: items.error, out: '' } : { out: rawDump(items, format) };
}

const flag = (name: string, type: FlagSpec['type'], description: string): FlagSpec => ({
	name,
	type,
	description
});
const FQDN = flag('fqdn', 'string', 'Filter clusters by substring of Service FQDN field');
const DIRECTION = flag('direction', 'string', 'Filter clusters by Direction field');
const SUBSET = flag('subset', 'string', 'Filter clusters by substring of Subset field');
const ADDRESS = flag('address', 'string', 'Filter listeners by address field');
const TYPE = flag('type', 'string', 'Filter listeners by type field');
const VERBOSE = flag('verbose', 'bool', 'Output more information (default true)');

const verbose = (f: ParsedFlags) => f.values.get('verbose') !== false;

const clusterFilter = (f: ParsedFlags): w.ClusterFilter => ({
	fqdn: str(f, 'fqdn') ?? '',
	port: int(f, 'port') ?? 0,
	subset: str(f, 'subset') ?? '',
	direction: str(f, 'direction') ?? ''
});

const listenerFilter = (f: ParsedFlags): w.ListenerFilter => ({
	address: str(f, 'address') ?? '',
	port: int(f, 'port') ?? 0,
	type: str(f, 'type') ?? '',
	verbose: verbose(f)
});

const SECTIONS: readonly Section[] = [
	{
		name: 'all',
		aliases: ['a'],
		summary: 'Retrieves all configuration for the Envoy in the specified pod',
		what: 'all',
		query: '?include_eds=true',
		flags: [
			FILE,
			flag('with-headers', 'bool', 'Print summary with headers'),
			VERBOSE,
			FQDN,
			DIRECTION,
			SUBSET,
			flag('port', 'int', 'Filter clusters and listeners by Port field'),
			ADDRESS,
			TYPE,
			flag('name', 'string', 'Filter routes by route name field')
		],
		verbatimJson: true,
		short: (d, f, now) =>
			w.fullSummary(d, now, f.values.get('with-headers') === true, {
				cluster: clusterFilter(f),
				listener: listenerFilter(f),
				route: str(f, 'name') ?? ''
			}),
		resources: (d) => d.raw
	},
	{
		name: 'cluster',
		aliases: ['clusters', 'c'],
		summary: 'Retrieves cluster configuration for the Envoy in the specified pod',
		what: 'cluster',
		query: '?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
		flags: [FQDN, DIRECTION, SUBSET, flag('port', 'int', 'Filter clusters by Port field'), FILE],
		short: (d, f) => w.clusterSummary(d, clusterFilter(f)),
		resources(d, f) {
			const all = w.sortedClusters(d);
			if (all.length === 0) return { error: 'no clusters found' };
			return all.filter((c) => matchesCluster(c, f));
		}
	},
	{
		name: 'listener',
		aliases: ['listeners', 'l'],
		summary: 'Retrieves listener configuration for the Envoy in the specified pod',
		what: 'listener',
		query: '?mask=dynamic_listeners,static_listeners',
		flags: [ADDRESS, TYPE, flag('port', 'int', 'Filter listeners by Port field'), VERBOSE, FILE],
		short: (d, f) => w.listenerSummary(d, listenerFilter(f)),
		resources: (d) => listenersOf(d)
	},
	{
		name: 'route',
		aliases: ['routes', 'r'],
		summary: 'Retrieves route configuration for the Envoy in the specified pod',
		what: 'route',
		query: '?mask=dynamic_route_configs,static_route_configs',
		flags: [flag('name', 'string', 'Filter listeners by route name field'), VERBOSE, FILE],
		short: (d, f) => w.routeSummary(d, str(f, 'name') ?? '', verbose(f)),
		resources: (d, f) => routesOf(d).filter((r) => !str(f, 'name') || r['name'] === str(f, 'name'))
	},
	{
		name: 'endpoint',
		aliases: ['endpoints', 'ep'],
		summary: 'Retrieves endpoint configuration for the Envoy in the specified pod',
		what: 'endpoints',
		query: '?include_eds=true',
		flags: [
			flag('address', 'string', 'Filter endpoints by address field'),
			flag('port', 'int', 'Filter endpoints by Port field'),
			flag('cluster', 'string', 'Filter endpoints by cluster name field'),
			flag('status', 'string', 'Filter endpoints by status field'),
			FILE
		],
		short: (d, f) =>
			w.clustersEndpointSummary(d, {
				address: str(f, 'address') ?? '',
				port: int(f, 'port') ?? 0,
				cluster: str(f, 'cluster') ?? '',
				status: str(f, 'status') ?? ''
			}),
		resources: (d) => endpointsOf(d)
	},
	{
		name: 'secret',
		aliases: ['secrets', 's'],
		summary: 'Retrieves secret configuration for the Envoy in the specified pod',
		what: 'secret',
		query: '?mask=dynamic_active_secrets,dynamic_warming_secrets',
		flags: [FILE],
		short: (d, _f, now) => w.secretSummary(d, now),
		resources: (d) => d.section('SecretsConfigDump') ?? {}
	},
	{
		name: 'bootstrap',
		aliases: ['b'],
		summary: 'Retrieves bootstrap configuration for the Envoy in the specified pod',
		what: 'bootstrap',
		query: '?mask=bootstrap',
		defaultOutput: 'json',
		flags: [FILE],
		short: (d) => ({ out: w.bootstrapSummary(d) }),
		resources: (d) => d.section('BootstrapConfigDump') ?? {}
	}
];

const matchesCluster = (c: Json, f: ParsedFlags): boolean =>
	w.verifyCluster(clusterFilter(f), typeof c['name'] === 'string' ? c['name'] : '');

/** getPodName: `-n`, else the context's namespace (`default`). */
export function resolvePod(
	ctx: CommandContext,
	flags: ParsedFlags,
	arg: string
): PodRef | { error: string } {
	const namespace = str(flags, 'namespace') || 'default';
	return inferPod(ctx.cluster.api, arg, namespace);
}

/** readFile: a config dump saved earlier (`curl localhost:15000/config_dump > f.json`). */
function readDumpFile(ctx: CommandContext, file: string): string | { error: string } {
	if (ctx.vfs.isDirectory(file)) return { error: `read ${file}: is a directory` };
	return ctx.vfs.read(file) ?? { error: `open ${file}: no such file or directory` };
}

/** getPodName, then extractConfigDump with the section's mask. */
async function fromPod(
	ctx: CommandContext,
	flags: ParsedFlags,
	s: Section,
	port: number
): Promise<string | { error: string }> {
	const ref = resolvePod(ctx, flags, flags.positional[0] as string);
	if (isTargetError(ref)) return ref;
	return envoyDo(ctx.cluster, ref, 'GET', `config_dump${s.query}`, port, 'sidecar');
}

function sectionCommand(s: Section): IstioctlCommand {
	const specs = [...PC_FLAGS, ...s.flags];
	return {
		name: s.name,
		aliases: s.aliases,
		summary: s.summary,
		usage: `istioctl proxy-config ${s.name} [<type>/]<name>[.<namespace>] [flags]`,
		flags: specs,
		async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
			const flags = parseCommandFlags(io, argv, specs);
			if (typeof flags === 'number') return flags;
			// PersistentPreRunE validates the admin port before anything else.
			const port = int(flags, 'proxy-admin-port') ?? 15000;
			if (port < 1 || port > 65535)
				return fail(io, `port number ${port} must be in the range 1..65535`);
			const file = str(flags, 'file') ?? '';
			if ((flags.positional.length === 1) === (file !== ''))
				return fail(io, `${s.what} requires pod name or --file parameter`);
			const output = str(flags, 'output') ?? s.defaultOutput ?? 'short';
			const body = file !== '' ? readDumpFile(ctx, file) : await fromPod(ctx, flags, s, port);
			if (isTargetError(body)) return fail(io, body.error);
			const dump = parseEnvoyDump(body);
			if ('error' in dump) return fail(io, dump.error);
			if (output !== 'short' && output !== 'json' && output !== 'yaml')
				return fail(io, `output format "${output}" not supported`);
			const r = render(s, dump, output, flags, simDate(ctx.cluster.now()));
			io.stdout(r.out);
			return 'error' in r ? fail(io, r.error) : 0;
		}
	};
}

export const proxyConfigCommand: IstioctlCommand = {
	name: 'proxy-config',
	aliases: ['pc'],
	summary: 'Retrieve information about proxy configuration from Envoy [kube only]',
	long: 'A group of commands used to retrieve information about proxy configuration from the Envoy config dump',
	example: `  # Retrieve information about proxy configuration from an Envoy instance.
  istioctl proxy-config <clusters|listeners|routes|endpoints|ecds|bootstrap|log|secret> <pod-name[.namespace]>`,
	usage: 'istioctl proxy-config [command]',
	flags: PC_FLAGS,
	subcommands: [...SECTIONS.map(sectionCommand), logCommand]
};
