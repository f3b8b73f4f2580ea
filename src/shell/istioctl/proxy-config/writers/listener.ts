/** `istioctl pc listener`: istioctl/pkg/writer/envoy/configdump/listener.go (matches, route descriptions). */
import { tabwrite } from '../../../kubectl/printers/tabwriter.ts';
import { list, listeners, obj, str, type EnvoyDump, type Json } from '../dump.ts';
import { cmp } from './cluster.ts';
import { type Result, pad } from './common.ts';

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

export function describeMatch(m: Json): string {
	const c: string[] = [];
	if (str(m['prefix'])) c.push(`${str(m['prefix'])}*`);
	if (str(m['path_separated_prefix'])) c.push(`PathPrefix:${str(m['path_separated_prefix'])}`);
	if (str(m['path'])) c.push(str(m['path']));
	const re = obj(m['safe_regex']);
	if (str(re['regex'])) c.push(`regex ${str(re['regex'])}`);
	return c.join(' ');
}

export function routeCluster(r: Json): string {
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
