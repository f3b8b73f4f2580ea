/** `istioctl pc endpoint`: istioctl/pkg/writer/envoy/configdump/endpoint.go and clusters.go. */
import { tabwrite } from '../../../kubectl/printers/tabwriter.ts';
import { clusters, endpointConfigs, list, obj, str, type EnvoyDump, type Json } from '../dump.ts';
import { bySubsetKey, cmp } from './cluster.ts';
import { type Result, pad } from './common.ts';

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
