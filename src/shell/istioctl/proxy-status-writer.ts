/**
 * The tables `istioctl proxy-status` prints from istiod's sync status. Pure: rows in, text out.
 * Mirrors istio istioctl/pkg/writer/pilot/status.go (1.30): by default one row per proxy with
 * the types it subscribes to (`NAME CLUSTER ISTIOD VERSION SUBSCRIBED TYPES`); with `-v 1` one
 * column per xDS type, `IGNORED` where a proxy does not subscribe (a ztunnel takes no CDS/LDS/
 * EDS/RDS/ECDS, only WADS and WDS). Statuses follow pilot/pkg/xds/statusgen.go debugSyncStatus.
 */
import { tabwrite, type TabwriterOptions } from '../kubectl/printers/tabwriter.ts';
import { humanDuration } from '../kubectl/printers/duration.ts';

/** `tabwriter.Writer.Init(w, 0, 8, 5, ' ', 0)`. */
const TABLE: TabwriterOptions = { minwidth: 0, padding: 5 };
const IGNORED = 'IGNORED';

/** One type's sync state, as `/debug/syncz` reports it (debug.go ResourceStatus). */
export interface TypeStatus {
	readonly sent?: string;
	readonly acked?: string;
	/** Unix milliseconds of the last push of this type. */
	readonly sentAt?: number;
	readonly lastError?: string;
}

/** One connected proxy, as one istiod reports it. */
export interface ProxyRow {
	readonly proxyId: string;
	readonly clusterId: string;
	/** The istiod pod the proxy is connected to. */
	readonly istiod: string;
	/** The proxy's own ISTIO_VERSION metadata (empty when it sent none). */
	readonly version: string;
	/** Type URL → status, one entry per subscribed type. */
	readonly types: Readonly<Record<string, TypeStatus>>;
}

/** pkg/model/xds.go GetShortType. */
const SHORT: Readonly<Record<string, string>> = {
	'type.googleapis.com/envoy.config.cluster.v3.Cluster': 'CDS',
	'type.googleapis.com/envoy.config.listener.v3.Listener': 'LDS',
	'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': 'RDS',
	'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment': 'EDS',
	'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret': 'SDS',
	'type.googleapis.com/istio.networking.nds.v1.NameTable': 'NDS',
	'type.googleapis.com/istio.mesh.v1alpha1.ProxyConfig': 'PCDS',
	'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig': 'ECDS',
	'type.googleapis.com/istio.workload.Address': 'WDS',
	'type.googleapis.com/istio.workload.Workload': 'WDS',
	'type.googleapis.com/istio.security.Authorization': 'WADS'
};

export const shortType = (typeUrl: string): string => SHORT[typeUrl] ?? typeUrl;

/** CDS, LDS, EDS, RDS keep their legacy order; other types follow, sorted by URL. */
const CORE_ORDER = [
	'type.googleapis.com/envoy.config.cluster.v3.Cluster',
	'type.googleapis.com/envoy.config.listener.v3.Listener',
	'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
	'type.googleapis.com/envoy.config.route.v3.RouteConfiguration'
];
/** getAllKnownXdsTypes: the columns `-v 1` always shows. */
const KNOWN_TYPES = [
	...CORE_ORDER,
	'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig'
];

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** debugSyncStatus then formatStatus: `SYNCED (4s)`, `STALE (2m)`, `NOT SENT`, `ERROR (1s)`. */
export function formatStatus(s: TypeStatus, nowMs: number): string {
	let status: string;
	if (s.lastError) status = 'ERROR';
	else if (!s.sent) return 'NOT SENT';
	else status = s.acked === s.sent ? 'SYNCED' : 'STALE';
	return s.sentAt === undefined ? status : `${status} (${humanDuration(nowMs - s.sentAt)})`;
}

function columnTypes(rows: readonly ProxyRow[]): string[] {
	const seen = new Set(rows.flatMap((r) => Object.keys(r.types)));
	const core = CORE_ORDER.filter((t) => seen.has(t));
	const extras = [...seen].filter((t) => !CORE_ORDER.includes(t)).sort(byText);
	return [...core, ...extras];
}

const sorted = (rows: readonly ProxyRow[]): ProxyRow[] =>
	[...rows].sort((a, b) => byText(a.proxyId, b.proxyId));

/** The default table: `SUBSCRIBED TYPES` is `2 (WADS,WDS)`, or `0`. */
export function statusTable(rows: readonly ProxyRow[]): string {
	const types = columnTypes(rows);
	let text = 'NAME\tCLUSTER\tISTIOD\tVERSION\tSUBSCRIBED TYPES\n';
	for (const r of sorted(rows)) {
		const subscribed = types.filter((t) => r.types[t] !== undefined).map(shortType);
		const cell = subscribed.length > 0 ? `${subscribed.length} (${subscribed.join(',')})` : '0';
		text += `${r.proxyId}\t${r.clusterId}\t${r.istiod}\t${r.version}\t${cell}\n`;
	}
	return tabwrite(text, TABLE);
}

/** `-v 1`: a column per type (known and seen, sorted by URL), `IGNORED` where not subscribed. */
export function verboseStatusTable(rows: readonly ProxyRow[], nowMs: number): string {
	const types = [...new Set([...columnTypes(rows), ...KNOWN_TYPES])].sort(byText);
	let text = ['NAME', 'CLUSTER', ...types.map(shortType), 'ISTIOD', 'VERSION'].join('\t') + '\n';
	for (const r of sorted(rows)) {
		const cells = types.map((t) => {
			const s = r.types[t];
			return s ? formatStatus(s, nowMs) : IGNORED;
		});
		text += [r.proxyId, r.clusterId, ...cells, r.istiod, r.version].join('\t') + '\n';
	}
	return tabwrite(text, TABLE);
}
