/** `istioctl pc route`: istioctl/pkg/writer/envoy/configdump/route.go. */
import { tabwrite } from '../../../kubectl/printers/tabwriter.ts';
import { list, obj, routeConfigs, str, type EnvoyDump, type Json } from '../dump.ts';
import { type Result, pad } from './common.ts';
import { describeMatch, routeCluster } from './listener.ts';

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
