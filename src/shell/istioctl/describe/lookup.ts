/**
 * What `istioctl x describe` reads (istioctl/pkg/describe/describe.go, 1.30.3): objects from the
 * API server, and from a proxy's Envoy config dump the VirtualService its routes name
 * (getIstioVirtualServiceNameForSvc: the `istio.config` metadata of the first route whose
 * virtual host or cluster is the Service's).
 */
import { isApiError } from '../../../mesh/api/errors.ts';
import type { KubeObject, Service } from '../../../mesh/api/objects.ts';
import type { Cluster } from '../../../mesh/cluster.ts';
import { list, obj, str as text } from '../proxy-config/dump.ts';

export const SEPARATOR = '--------------------\n';

/** The describe commands' options: -n, --ignoreUnmeshed, --proxy-admin-port, -i. */
export interface Options {
	readonly ns: string;
	readonly ignoreUnmeshed: boolean;
	readonly adminPort: number;
	readonly istioNs: string;
}

export function listOf<T extends KubeObject>(
	cluster: Cluster,
	typed: string,
	namespace?: string
): T[] {
	const type = cluster.api.resolve(typed);
	if (!type) return [];
	const r = cluster.api.list(type, namespace === undefined ? {} : { namespace });
	return isApiError(r) ? [] : (r as T[]);
}

export const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
	Object.entries(selector).every(([k, v]) => labels[k] === v);

/** getIstioVirtualServiceNameForSvc: the VS named by the first route for the Service's host. */
export function virtualServiceFor(
	routes: readonly Record<string, unknown>[],
	svc: Service,
	port: number
): { name: string; namespace: string } | undefined {
	const svcNs = svc.metadata.namespace ?? 'default';
	const hostRe = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/;
	const clusterRe = new RegExp(
		`^outbound\\|${port}\\|[^|]*\\|([^.]+)\\.([^.]+)\\.svc\\.cluster\\.local$`
	);
	for (const rc of routes) {
		const name = text(rc['name']);
		if (name !== String(port) && !name.startsWith('http.') && !name.startsWith('https.')) continue;
		for (const vh of list(rc['virtual_hosts'])) {
			const domains = Array.isArray(vh['domains']) ? (vh['domains'] as unknown[]).map(text) : [];
			const hostHit = domains.some((d) => {
				const m = hostRe.exec(d);
				return m !== null && m[1] === svc.metadata.name && m[2] === svcNs;
			});
			for (const route of list(vh['routes'])) {
				const action = obj(route['route']);
				const weighted = list(obj(action['weighted_clusters'])['clusters']);
				const clusterName = text(action['cluster']) || text(weighted[0]?.['name']);
				const m = clusterRe.exec(clusterName);
				const clusterHit = m !== null && m[1] === svc.metadata.name && m[2] === svcNs;
				if (!(hostHit || clusterHit)) continue;
				const config = text(obj(obj(obj(route['metadata'])['filter_metadata'])['istio'])['config']);
				const vs =
					/\/apis\/networking(\.istio\.io)?\/v1(?:alpha3)?\/namespaces\/([^/]+)\/virtual-service\/([^/]+)/.exec(
						config
					);
				return vs ? { namespace: vs[2] as string, name: vs[3] as string } : undefined;
			}
		}
	}
	return undefined;
}
