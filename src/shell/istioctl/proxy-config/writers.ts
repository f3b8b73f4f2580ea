/**
 * The tables `istioctl proxy-config` prints from an Envoy config dump. Mirrors istio
 * istioctl/pkg/writer/envoy/configdump (one file each under `writers/`: cluster.go,
 * listener.go, route.go, endpoint.go) and writer/compare/sds (the secret table): same columns,
 * sort orders, tabwriter padding and the `cluster/`… prefixes `all` adds (includeConfigType).
 * This file keeps configdump.go's bootstrap and full summaries.
 */
import { tabwrite } from '../../kubectl/printers/tabwriter.ts';
import { obj, str, type EnvoyDump } from './dump.ts';
import { type ClusterFilter, clusterSummary } from './writers/cluster.ts';
import { type Result, pad } from './writers/common.ts';
import { endpointsSummary } from './writers/endpoint.ts';
import { type ListenerFilter, listenerSummary } from './writers/listener.ts';
import { routeSummary } from './writers/route.ts';
import { secretSummary } from './writers/secret.ts';

export { type Result } from './writers/common.ts';
export {
	type ClusterFilter,
	verifyCluster,
	sortedClusters,
	clusterSummary
} from './writers/cluster.ts';
export { type ListenerFilter, listenerSummary } from './writers/listener.ts';
export { describeRouteDomains, routeSummary } from './writers/route.ts';
export { secretSummary } from './writers/secret.ts';
export {
	endpointsSummary,
	type EndpointFilter,
	clustersEndpointSummary
} from './writers/endpoint.ts';

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
