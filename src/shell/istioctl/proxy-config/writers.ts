/**
 * The tables `istioctl proxy-config` prints from an Envoy config dump. Mirrors istio
 * istioctl/pkg/writer/envoy/configdump (cluster.go, listener.go, route.go, endpoint.go,
 * configdump.go) and writer/compare/sds (the secret table): same columns, sort orders,
 * tabwriter padding and the `cluster/`… prefixes `all` adds (includeConfigType).
 */
import { parsePemChain } from '../../../mesh/tls/certificate.ts';
import { isTlsError } from '../../../mesh/tls/errors.ts';
import { tabwrite } from '../../kubectl/printers/tabwriter.ts';
import {
	activeSecrets,
	clusters,
	endpointConfigs,
	list,
	listeners,
	obj,
	routeConfigs,
	str,
	type EnvoyDump,
	type Json
} from './dump.ts';

export type Result = { out: string } | { error: string; out: string };
const pad = (p: number) => ({ minwidth: 0, padding: p });

/** model.ParseSubsetKey: `direction|port|subset|fqdn`. */
function parseSubsetKey(name: string): {
	direction: string;
	port: number;
	subset: string;
	fqdn: string;
} {
	const parts = name.split('|');
	if (parts.length <= 3) return { direction: '', port: 0, subset: '', fqdn: name };
	return {
		direction: parts[0] ?? '',
		port: Number(parts[1]) || 0,
		subset: parts[2] ?? '',
		fqdn: parts.slice(3).join('|')
	};
}

export interface ClusterFilter {
	readonly fqdn?: string;
	readonly port?: number;
	readonly subset?: string;
	readonly direction?: string;
}

export function verifyCluster(f: ClusterFilter, name: string): boolean {
	if (f.fqdn && !name.includes(f.fqdn)) return false;
	if (f.direction && !name.includes(f.direction)) return false;
	if (f.subset && !name.includes(f.subset)) return false;
	if (f.port && !name.includes(`|${f.port}|`)) return false;
	return true;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** retrieveSortedClusterSlice's order (safelyParseSubsetKey): FQDN, subset, port, direction. */
function bySubsetKey(x: string, y: string): number {
	const a = parseSubsetKey(x);
	const b = parseSubsetKey(y);
	return (
		cmp(a.fqdn, b.fqdn) ||
		cmp(a.subset, b.subset) ||
		cmp(a.port, b.port) ||
		cmp(a.direction, b.direction)
	);
}

export function sortedClusters(d: EnvoyDump): Json[] {
	return clusters(d).sort((x, y) => bySubsetKey(str(x['name']), str(y['name'])));
}

/** PrintClusterSummary. */
export function clusterSummary(d: EnvoyDump, f: ClusterFilter, withType = false): Result {
	const all = sortedClusters(d);
	if (all.length === 0) return { error: 'no clusters found', out: '' };
	let out = `${withType ? 'NAME\t' : ''}SERVICE FQDN\tPORT\tSUBSET\tDIRECTION\tTYPE\tDESTINATION RULE\n`;
	for (const c of all) {
		const name = str(c['name']);
		if (!verifyCluster(f, name)) continue;
		const type = str(c['type']) || 'EDS';
		const first = withType ? `cluster/${name}\t` : '';
		if (name.split('|').length > 3) {
			const k = parseSubsetKey(name);
			out += `${first}${k.fqdn}\t${k.port}\t${k.subset || '-'}\t${k.direction}\t${type}\t\n`;
		} else out += `${first}${name}\t-\t-\t-\t${type}\t\n`;
	}
	return { out: tabwrite(out, pad(5)) };
}

/** protDescrs in listener.go. */
const PROTOCOLS: Record<string, string> = {
	'http/1.1,h2c': 'App: HTTP',
	'h2,http/1.1': 'App: HTTP TLS',
	'istio-http/1.0,istio-http/1.1,istio-h2': 'App: Istio HTTP Plain'
};

function getMatches(m: Json | undefined): string {
	const match = obj(m);
	const d: string[] = [];
	const sni = (match['server_names'] as string[] | undefined) ?? [];
	if (sni.length > 0) d.push(`SNI: ${sni.join(',')}`);
	if (str(match['transport_protocol'])) d.push(`Trans: ${str(match['transport_protocol'])}`);
	const app = (match['application_protocols'] as string[] | undefined) ?? [];
	if (app.length > 0) d.push(PROTOCOLS[app.join(',')] ?? `App: ${app.join(',')}`);
	const port = typeof match['destination_port'] === 'number' ? `:${match['destination_port']}` : '';
	const ranges = list(match['prefix_ranges']);
	if (ranges.length > 0)
		d.push(
			`Addr: ${ranges.map((r) => `${str(r['address_prefix'])}/${Number(r['prefix_len'] ?? 0)}`).join(',')}${port}`
		);
	else if (port) d.push(`Addr: *${port}`);
	return d.length > 0 ? d.join('; ') : 'ALL';
}

const chainsOf = (l: Json): Json[] => [
	...list(l['filter_chains']),
	...(l['default_filter_chain'] ? [obj(l['default_filter_chain'])] : [])
];

function describeMatch(m: Json): string {
	const c: string[] = [];
	if (str(m['prefix'])) c.push(`${str(m['prefix'])}*`);
	if (str(m['path_separated_prefix'])) c.push(`PathPrefix:${str(m['path_separated_prefix'])}`);
	if (str(m['path'])) c.push(str(m['path']));
	const re = obj(m['safe_regex']);
	if (str(re['regex'])) c.push(`regex ${str(re['regex'])}`);
	return c.join(' ');
}

function routeCluster(r: Json): string {
	return str(obj(r['route'])['cluster']);
}

function describeRouteConfig(rc: Json): string {
	const vhosts = list(rc['virtual_hosts']);
	const [vh] = vhosts;
	if (vhosts.length === 1 && vh) {
		const routes = list(vh['routes']);
		const domains = (vh['domains'] as string[] | undefined) ?? [];
		const [r] = routes;
		if (domains.length === 1 && domains[0] === '*' && routes.length === 1 && r) {
			const m = obj(r['match']);
			const cl = routeCluster(r);
			if (str(m['prefix']) === '/' && cl) return cl.includes('Cluster') ? cl : `Cluster: ${cl}`;
		}
	}
	const parts = vhosts.map((v) => {
		const domains = (v['domains'] as string[] | undefined) ?? [];
		const ds = domains.length === 1 && domains[0] === '*' ? '' : domains.join('/');
		const rs = list(v['routes'])
			.map((r) => describeMatch(obj(r['match'])))
			.join(', ');
		return ds === '' ? rs : `${ds} ${rs}`;
	});
	return `Inline Route: ${parts.join('; ')}`;
}

const HCM = 'envoy.filters.network.http_connection_manager';
const TCP = 'envoy.filters.network.tcp_proxy';

function getFilterType(filters: Json[]): string {
	for (const f of filters) {
		const tc = obj(f['typed_config']);
		if (f['name'] === HCM) {
			if (tc['route_config']) return describeRouteConfig(obj(tc['route_config']));
			const rds = str(obj(tc['rds'])['route_config_name']);
			return rds ? `Route: ${rds}` : 'HTTP';
		}
		if (f['name'] === TCP && str(tc['cluster']) !== 'BlackHoleCluster') {
			const cl = str(tc['cluster']);
			return cl.includes('Cluster') ? cl : `Cluster: ${cl}`;
		}
	}
	return 'Non-HTTP/Non-TCP';
}

function listenerType(l: Json): string {
	let http = 0;
	let tcp = 0;
	for (const c of chainsOf(l))
		for (const f of list(c['filters'])) {
			if (f['name'] === HCM) http++;
			else if (f['name'] === TCP && str(obj(f['typed_config'])['cluster']) !== 'BlackHoleCluster')
				tcp++;
		}
	return http > 0 ? (tcp === 0 ? 'HTTP' : 'HTTP+TCP') : tcp > 0 ? 'TCP' : 'UNKNOWN';
}

const sockAddr = (l: Json) => obj(obj(l['address'])['socket_address']);
const lAddress = (l: Json) => str(sockAddr(l)['address']);
const lPort = (l: Json) => Number(sockAddr(l)['port_value'] ?? 0);

export interface ListenerFilter {
	readonly address?: string;
	readonly port?: number;
	readonly type?: string;
	readonly verbose: boolean;
}

/** PrintListenerSummary: sorted by port, address, type; verbose lists each filter chain. */
export function listenerSummary(d: EnvoyDump, f: ListenerFilter, withType = false): Result {
	const all = listeners(d);
	if (all.length === 0) return { error: 'no listeners found', out: '' };
	const shown = all
		.filter(
			(l) =>
				(!f.address || lAddress(l) === f.address) &&
				(!f.port || lPort(l) === f.port) &&
				(!f.type || listenerType(l) === f.type.toUpperCase())
		)
		.sort(
			(a, b) =>
				cmp(lPort(a), lPort(b)) ||
				cmp(lAddress(a), lAddress(b)) ||
				cmp(listenerType(a), listenerType(b))
		);
	let out = `${withType ? 'NAME\t' : ''}ADDRESSES\tPORT\t${f.verbose ? 'MATCH\tDESTINATION' : 'TYPE'}\n`;
	for (const l of shown) {
		const first = withType ? `listener/${str(l['name'])}\t` : '';
		if (!f.verbose) {
			out += `${first}${lAddress(l)}\t${lPort(l)}\t${listenerType(l)}\n`;
			continue;
		}
		const matches = chainsOf(l)
			.map((c) => ({
				match: getMatches(obj(c['filter_chain_match'])),
				dest: getFilterType(list(c['filters']))
			}))
			.sort((a, b) => cmp(b.dest, a.dest));
		for (const m of matches) out += `${first}${lAddress(l)}\t${lPort(l)}\t${m.match}\t${m.dest}\n`;
	}
	return { out: tabwrite(out, pad(1)) };
}

/** unexpandDomains + describeRouteDomains. */
export function describeRouteDomains(domains: readonly string[]): string {
	if (domains.length === 0) return '';
	if (domains.length === 1) return domains[0] as string;
	// Without a port: no ':' at all, or an IPv6 literal alone (`[fd00::1]`, not `[fd00::1]:80`).
	const noPort = domains.filter(
		(x) => !x.includes(':') || (x.split(':').length - 1 > 2 && x.endsWith(']'))
	);
	const set = new Set(noPort);
	const drop = new Set<string>();
	for (const h of noPort) {
		const full = h.replace(/\.svc\.cluster\.local$/, '');
		if (full !== h && set.has(full)) drop.add(h);
		const part = h.replace(/\.svc$/, '');
		if (part !== h && set.has(part)) drop.add(h);
	}
	const kept = noPort.filter((h) => !drop.has(h));
	if (kept.length > 2) return `${kept.slice(0, 2).join(', ')} + ${kept.length - 2} more...`;
	return kept.join(', ');
}

/** renderConfig: `/apis/networking.istio.io/v1/namespaces/<ns>/virtual-service/<name>`. */
function describeManagement(r: Json): string {
	const path = str(obj(obj(obj(r['metadata'])['filter_metadata'])['istio'])['config']);
	if (path === '') return '';
	if (!path.startsWith('/apis/networking.istio.io/')) return '<unknown>';
	const p = path.split('/');
	return p.length === 8 ? `${p[7]}.${p[5]}` : '';
}

/** PrintRouteSummary (padding 5); passthrough routes are left out. */
export function routeSummary(
	d: EnvoyDump,
	name: string,
	verbose: boolean,
	withType = false
): Result {
	const all = routeConfigs(d);
	if (all.length === 0) return { error: 'no routes found', out: '' };
	let out = verbose
		? 'NAME\tVHOST NAME\tDOMAINS\tMATCH\tVIRTUAL SERVICE\n'
		: 'NAME\tVIRTUAL HOSTS\n';
	for (const rc of all) {
		if (name && str(rc['name']) !== name) continue;
		const rname = withType ? `route/${str(rc['name'])}` : str(rc['name']);
		const vhosts = list(rc['virtual_hosts']);
		if (!verbose) {
			out += `${rname}\t${vhosts.length}\n`;
			continue;
		}
		for (const vh of vhosts) {
			const routes = list(vh['routes']);
			const domains = describeRouteDomains((vh['domains'] as string[] | undefined) ?? []);
			for (const r of routes)
				if (routeCluster(r) !== 'PassthroughCluster')
					out += `${rname}\t${str(vh['name'])}\t${domains}\t${describeMatch(obj(r['match']))}\t${describeManagement(r)}\n`;
			if (routes.length === 0) out += `${rname}\t${str(vh['name'])}\t${domains}\t/*\t404\n`;
		}
	}
	return { out: tabwrite(out, pad(5)) };
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** PrintSecretSummary → sds writer's table (tabwriter padding 5). */
export function secretSummary(d: EnvoyDump, now: Date, withType = false): Result {
	const secrets = activeSecrets(d);
	if (secrets.length === 0) return { out: 'No active or warming secrets found.\n' };
	let out = 'RESOURCE NAME\tTYPE\tSTATUS\tVALID CERT\tSERIAL NUMBER\tNOT AFTER\tNOT BEFORE\n';
	for (const s of secrets) {
		const secret = obj(s['secret']);
		const chain = str(obj(obj(secret['tls_certificate'])['certificate_chain'])['inline_bytes']);
		const ca = str(obj(obj(secret['validation_context'])['trusted_ca'])['inline_bytes']);
		const certs = parsePemChain(atob(chain || ca));
		const first = isTlsError(certs) ? undefined : certs[0];
		const name = `${withType ? 'secret/' : ''}${str(s['name'])}`;
		if (!first) {
			out += `${name}\t\tACTIVE\tfalse\t\t\t\n`;
			continue;
		}
		const serial = first.serialNumber.toLowerCase().replace(/^0+/, '').padStart(32, '0');
		const valid = now > first.notBefore && now < first.notAfter;
		out += `${name}\t${chain ? 'Cert Chain' : 'CA'}\tACTIVE\t${valid}\t${serial}\t${rfc3339(first.notAfter)}\t${rfc3339(first.notBefore)}\n`;
	}
	return { out: tabwrite(out, pad(5)) };
}

function endpointAddress(a: Json): string {
	const sock = obj(a['socket_address']);
	if (str(sock['address'])) return `${str(sock['address'])}:${Number(sock['port_value'] ?? 0)}`;
	const pipe = str(obj(a['pipe'])['path']);
	if (pipe) return pipe;
	const internal = obj(a['envoy_internal_address']);
	if (str(internal['server_listener_name']))
		return `envoy://${str(internal['server_listener_name'])}/${str(internal['endpoint_id'])}`;
	return 'unknown';
}

/** PrintEndpointsSummary over the config dump's EDS (what `all` prints; padding 5). */
export function endpointsSummary(d: EnvoyDump, withType = false): Result {
	let out = 'NAME\tSTATUS\tLOCALITY\tCLUSTER\n';
	// retrieveSortedEndpointsSlice: assignments with endpoints, in the clusters' order.
	const assignments = [
		...endpointConfigs(d),
		...clusters(d)
			.map((c) => obj(c['load_assignment']))
			.filter((la) => str(la['cluster_name']))
	]
		.filter((la) => list(la['endpoints']).some((e) => list(e['lb_endpoints']).length > 0))
		.sort((a, b) => bySubsetKey(str(a['cluster_name']), str(b['cluster_name'])));
	for (const eds of assignments)
		for (const llb of list(eds['endpoints']))
			for (const ep of list(llb['lb_endpoints'])) {
				const addr = endpointAddress(obj(obj(ep['endpoint'])['address']));
				out += `${withType ? 'endpoint/' : ''}${addr}\t${str(ep['health_status']) || 'UNKNOWN'}\t\t${str(eds['cluster_name'])}\n`;
			}
	return { out: tabwrite(out, pad(5)) };
}

export interface EndpointFilter {
	readonly address?: string;
	readonly port?: number;
	readonly cluster?: string;
	readonly status?: string;
}

/** clusters.go retrieveEndpointAddress: the host part (a pipe as `unix://…`) and the port. */
function hostAddress(a: Json): { address: string; port: number } {
	const sock = obj(a['socket_address']);
	if (str(sock['address']))
		return { address: str(sock['address']), port: Number(sock['port_value'] ?? 0) };
	const pipe = str(obj(a['pipe'])['path']);
	if (pipe) return { address: `unix://${pipe}`, port: 0 };
	const internal = obj(a['envoy_internal_address']);
	if (str(internal['server_listener_name']))
		return {
			address: `envoy://${str(internal['server_listener_name'])}/${str(internal['endpoint_id'])}`,
			port: 0
		};
	return { address: 'unknown', port: 0 };
}

/**
 * `pc endpoint`: the clusters writer over Envoy's `/clusters` host statuses (every host of every
 * cluster, healthy here), filtered (EndpointFilter.Verify: exact, case-insensitive) and sorted by
 * address, port, cluster.
 */
export function clustersEndpointSummary(d: EnvoyDump, f: EndpointFilter): Result {
	const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
	const rows: { address: string; port: number; cluster: string }[] = [];
	const assignments = [
		...endpointConfigs(d),
		...clusters(d)
			.map((c) => obj(c['load_assignment']))
			.filter((la) => str(la['cluster_name']))
	];
	for (const eds of assignments)
		for (const llb of list(eds['endpoints']))
			for (const ep of list(llb['lb_endpoints'])) {
				const h = hostAddress(obj(obj(ep['endpoint'])['address']));
				const cluster = str(eds['cluster_name']);
				if (f.address && !eq(h.address, f.address)) continue;
				if (f.port && h.port !== f.port) continue;
				if (f.cluster && !eq(cluster, f.cluster)) continue;
				if (f.status && !eq('HEALTHY', f.status)) continue;
				rows.push({ ...h, cluster });
			}
	rows.sort(
		(a, b) => cmp(a.address, b.address) || cmp(a.port, b.port) || cmp(a.cluster, b.cluster)
	);
	let out = 'ENDPOINT\tSTATUS\tOUTLIER CHECK\tCLUSTER\n';
	for (const r of rows)
		out += `${r.port !== 0 ? `${r.address}:${r.port}` : r.address}\tHEALTHY\tOK\t${r.cluster}\n`;
	return { out: tabwrite(out, pad(5)) };
}

/** PrintBootstrapSummary (padding 1). */
export function bootstrapSummary(d: EnvoyDump): string {
	const node = obj(obj(obj(d.section('BootstrapConfigDump'))['bootstrap'])['node']);
	const md = obj(node['metadata']);
	const build = obj(node['user_agent_build_version']);
	const v = obj(build['version']);
	const bmd = obj(build['metadata']);
	let out = '';
	if (str(md['ISTIO_VERSION'])) out += `Istio Version:\t${str(md['ISTIO_VERSION'])}\n`;
	let envoy = `${Number(v['major_number'] ?? 0)}.${Number(v['minor_number'] ?? 0)}.${Number(v['patch'] ?? 0)}`;
	if (str(bmd['build.label'])) envoy += `-${str(bmd['build.label'])}`;
	if (str(bmd['revision.status'])) envoy += `/${str(bmd['revision.status'])}`;
	out += `Envoy Version:\t${envoy}\n`;
	return tabwrite(out, pad(1));
}

/** PrintFullSummary: each section, a blank line between; stops at the first error. */
export function fullSummary(
	d: EnvoyDump,
	now: Date,
	withHeaders: boolean,
	filters: { cluster: ClusterFilter; listener: ListenerFilter; route: string } = {
		cluster: {},
		listener: { verbose: true },
		route: ''
	}
): Result {
	const header = (s: string) => (withHeaders ? `------ ${s} ------\n\n` : '');
	let out = header('BOOTSTRAP INFO') + bootstrapSummary(d) + '\n';
	const parts: [string, () => Result][] = [
		['CLUSTER INFO', () => clusterSummary(d, filters.cluster, true)],
		['LISTENER INFO', () => listenerSummary(d, filters.listener, true)],
		['ROUTE INFO', () => routeSummary(d, filters.route, filters.listener.verbose, true)],
		['SECRET INFO', () => secretSummary(d, now, true)],
		['ENDPOINTS INFO', () => endpointsSummary(d, true)]
	];
	for (const [i, [name, run]] of parts.entries()) {
		out += header(name);
		const r = run();
		out += r.out;
		if ('error' in r) return { error: r.error, out };
		if (i < parts.length - 1) out += '\n';
	}
	return { out };
}
