/** `istioctl pc cluster`: istioctl/pkg/writer/envoy/configdump/cluster.go. */
import { tabwrite } from '../../../kubectl/printers/tabwriter.ts';
import { clusters, str, type EnvoyDump, type Json } from '../dump.ts';
import { type Result, pad } from './common.ts';

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

export const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** retrieveSortedClusterSlice's order (safelyParseSubsetKey): FQDN, subset, port, direction. */
export function bySubsetKey(x: string, y: string): number {
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
