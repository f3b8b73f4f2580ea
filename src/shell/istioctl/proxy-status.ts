/**
 * `istioctl proxy-status` (`ps`): asks every running istiod which proxies are connected and
 * whether each has ACKed the latest push, per xDS type. Mirrors istio
 * istioctl/pkg/proxystatus/proxystatus.go (1.30): istiod's `debug/syncz` (real istioctl
 * port-forwards; we run curl in the istiod container), `-n` keeps the proxies of one namespace,
 * and `ps <pod>` of a ztunnel says a sync diff is not available. Rendering lives in
 * proxy-status-writer.ts.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Pod } from '../../mesh/api/objects.ts';
import type { Cluster } from '../../mesh/cluster.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { int, str, type FlagSpec } from '../kubectl/flags.ts';
import { clusterNowMs } from '../kubectl/printers/duration.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import {
	statusTable,
	verboseStatusTable,
	type ProxyRow,
	type TypeStatus
} from './proxy-status-writer.ts';
import type { IstioctlCommand } from './types.ts';
import { inferPod, isTargetError, ztunnelPod } from './ztunnel-config/target.ts';

const FLAGS: readonly FlagSpec[] = [
	{
		name: 'authority',
		type: 'string',
		description: 'XDS Subject Alternative Name (for example istiod.istio-system.svc)'
	},
	{ name: 'cert-dir', type: 'string', description: 'XDS Endpoint certificate directory' },
	{ name: 'file', type: 'string', description: 'Envoy config dump JSON file' },
	{
		name: 'insecure',
		type: 'bool',
		description: 'Skip server certificate and domain verification. (NOT SECURE!)'
	},
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of json|yaml|table (default "table")'
	},
	{
		name: 'plaintext',
		type: 'bool',
		description: 'Use plain-text HTTP/2 when connecting to server (no TLS).'
	},
	{ name: 'proxy-admin-port', type: 'int', description: 'Envoy proxy admin port (default 15000)' },
	{ name: 'revision', short: 'r', type: 'string', description: 'Control plane revision' },
	{
		name: 'timeout',
		type: 'string',
		description: 'The duration to wait before failing (default 30s)'
	},
	{
		name: 'verbosity',
		short: 'v',
		type: 'int',
		description:
			'Verbosity level for proxy status output. 0=default, 1=show all xDS types (max verbosity)'
	},
	{ name: 'xds-address', type: 'string', description: 'XDS Endpoint' },
	{ name: 'xds-label', type: 'string', description: 'Istiod pod label selector' },
	{ name: 'xds-port', type: 'int', description: 'Istiod pod port' }
];

/** istiod's monitoring port, where pilot/pkg/xds/debug.go serves `/debug/syncz`. */
const DEBUG_PORT = 15014;
const DISCOVERY_CONTAINER = 'discovery';

/** queryEachShard: the running istiod pods (label `app=istiod` unless `--xds-label`). */
function istiodPods(api: ApiServer, namespace: string, selector: string): Pod[] | string {
	const type = api.resolve('pods');
	if (!type) return [];
	const r = api.list(type, { namespace, labelSelector: selector });
	if (isApiError(r)) return r.message;
	return (r as Pod[])
		.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp)
		.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (o: Obj, k: string): string => (typeof o[k] === 'string' ? o[k] : '');

/** debug.go SyncStatus JSON → rows; the ISTIOD column is the pod that answered. */
export function parseSyncz(body: string, istiod: string): ProxyRow[] | string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return 'could not parse sync status: invalid JSON';
	}
	if (!Array.isArray(parsed)) return 'could not parse sync status: not a list';
	return parsed.filter(isObj).map((s) => {
		const types: Record<string, TypeStatus> = {};
		const resources = isObj(s['resources']) ? s['resources'] : {};
		for (const [typeUrl, r] of Object.entries(resources)) {
			if (!isObj(r)) continue;
			const sentAt = Date.parse(text(r, 'sentTime'));
			types[typeUrl] = {
				...(text(r, 'sent') ? { sent: text(r, 'sent') } : {}),
				...(text(r, 'acked') ? { acked: text(r, 'acked') } : {}),
				// Go's zero time means "never sent".
				...(Number.isNaN(sentAt) || sentAt < 0 ? {} : { sentAt }),
				...(text(r, 'lastError') ? { lastError: text(r, 'lastError') } : {})
			};
		}
		return {
			proxyId: text(s, 'proxy'),
			clusterId: text(s, 'cluster_id'),
			istiod,
			version: text(s, 'istio_version'),
			types
		};
	});
}

/** GetXdsResponse from one istiod: `could not get XDS from discovery pod "x": …` on failure. */
async function syncz(cluster: Cluster, pod: Pod): Promise<ProxyRow[] | string> {
	const name = pod.metadata.name;
	const failed = (why: string): string => `could not get XDS from discovery pod "${name}": ${why}`;
	const ip = pod.status?.podIP;
	if (!ip) return failed('pod has no IP address yet');
	const url = `http://${ip}:${DEBUG_PORT}/debug/syncz`;
	const r = await cluster.exec(
		pod.metadata.namespace ?? '',
		name,
		DISCOVERY_CONTAINER,
		['curl', '-s', url],
		''
	);
	if (isApiError(r)) return failed(r.message);
	if (r.exitCode !== 0) return failed(r.stderr.trim() || `curl exited with code ${r.exitCode}`);
	const rows = parseSyncz(r.stdout, name);
	return typeof rows === 'string' ? failed(rows) : rows;
}

/** `ps <pod>`: ztunnels have no Envoy config to diff; others would need a sidecar's dump. */
async function singleProxy(
	io: CommandIO,
	ctx: CommandContext,
	lookup: string,
	namespace: string
): Promise<number> {
	const api = ctx.cluster.api;
	const ref = inferPod(api, lookup, namespace);
	if (isTargetError(ref)) return fail(io, ref.error);
	if (ztunnelPod(api, ref)) {
		io.stdout(`Sync diff is not available for ztunnel pod ${ref.name}.${ref.namespace}\n`);
		return 0;
	}
	const type = api.resolve('pods');
	const pod = type ? api.get(type, ref.namespace, ref.name) : undefined;
	if (!pod || isApiError(pod))
		return fail(io, `could not contact sidecar: pods "${ref.name}" not found`);
	// An ambient app pod has no Envoy: nothing listens on its admin port.
	return fail(
		io,
		`could not contact sidecar: failure running port forward process: pod ${ref.name}.${ref.namespace} has no proxy admin port 15000`
	);
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const output = str(flags, 'output') ?? 'table';
	if (output !== 'table') return fail(io, `output format "${output}" not supported`);
	const verbosity = int(flags, 'verbosity') ?? 0;
	const namespace = str(flags, 'namespace') ?? '';
	const lookup = flags.positional[0];
	if (lookup !== undefined) return singleProxy(io, ctx, lookup, namespace || 'default');

	const istioNs = istioNamespace(flags);
	const pods = istiodPods(ctx.cluster.api, istioNs, str(flags, 'xds-label') || 'app=istiod');
	if (typeof pods === 'string') return fail(io, pods);
	if (pods.length === 0) return fail(io, `no running Istio pods in "${istioNs}"`);
	const rows: ProxyRow[] = [];
	for (const pod of pods) {
		const r = await syncz(ctx.cluster, pod);
		if (typeof r === 'string') return fail(io, r);
		rows.push(...r);
	}
	// setupStatusPrint: `-n` keeps the proxies whose metadata namespace matches.
	const shown = namespace ? rows.filter((r) => r.proxyId.endsWith(`.${namespace}`)) : rows;
	io.stdout(verbosity > 0 ? verboseStatusTable(shown, clusterNowMs(ctx)) : statusTable(shown));
	return 0;
}

export const proxyStatusCommand: IstioctlCommand = {
	name: 'proxy-status',
	aliases: ['ps'],
	summary: 'Retrieves the synchronization status of each Envoy in the mesh',
	usage: 'istioctl proxy-status [<type>/]<name>[.<namespace>] [flags]',
	flags: FLAGS,
	run
};
