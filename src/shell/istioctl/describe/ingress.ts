/**
 * printIngressInfo of `istioctl x describe` (describe.go, 1.30.3): the running
 * `istio=ingressgateway` pods and the Services that select them; from each pod's config dump, the
 * VirtualServices routing to the described Services through a Gateway that selects one of them,
 * printed with the address the gateway is exposed on.
 */
import { isApiError } from '../../../mesh/api/errors.ts';
import type { KubeObject, Pod, Service } from '../../../mesh/api/objects.ts';
import { ruleFor } from '../../../mesh/istiod/sidecar-tls.ts';
import type { Cluster } from '../../../mesh/cluster.ts';
import type { CommandIO } from '../../command.ts';
import { fail } from '../common.ts';
import { parseEnvoyDump, routeConfigs } from '../proxy-config/dump.ts';
import { envoyDo } from '../proxy-config/target.ts';
import { labelsMatch, listOf, SEPARATOR, virtualServiceFor, type Options } from './lookup.ts';
import { destRuleSubsets, portProtocol, printVirtualService } from './print.ts';

interface IngressInfo {
	readonly service: Service;
	readonly pods: Pod[];
}

/** ingressInfo.getIngressIP: the LoadBalancer's address, else the first pod's host. */
function ingressIp(ingress: IngressInfo): string {
	const lb = (ingress.service.status as { loadBalancer?: { ingress?: { ip?: string }[] } })
		?.loadBalancer?.ingress?.[0]?.ip;
	return lb || ingress.pods[0]?.status?.hostIP || 'unknown';
}

/** printIngressService: the gateway Service's `http`/`http2` ports as URLs. */
function printIngressService(ingress: IngressInfo): string {
	let out = '';
	for (const port of ingress.service.spec.ports ?? []) {
		if ((port.protocol ?? 'TCP') !== 'TCP' || (port.name !== 'http' && port.name !== 'http2'))
			continue;
		const protocol = portProtocol(port);
		const scheme = protocol === 'HTTP' || protocol === 'HTTP2' ? 'http' : '';
		const suffix = scheme === 'http' && port.port === 80 ? '' : `:${port.port}`;
		out += `Exposed on Ingress Gateway ${scheme}://${ingressIp(ingress)}${suffix}\n`;
	}
	return out;
}

/**
 * printIngressInfo: the running `istio=ingressgateway` pods and their Services; from each pod's
 * config dump, the VirtualServices routing to the described Services through a Gateway that
 * selects one of them, printed with the gateway's address.
 */
export async function printIngressInfo(
	cluster: Cluster,
	services: readonly Service[],
	podsLabels: readonly Record<string, string>[],
	o: Options,
	io: CommandIO
): Promise<number> {
	const pods = listOf<Pod>(cluster, 'pods').filter(
		(p) => p.metadata.labels?.['istio'] === 'ingressgateway' && p.status?.phase === 'Running'
	);
	if (pods.length === 0) {
		io.stdout('Skipping Gateway information (no ingress gateway pods)\n');
		return 0;
	}
	const ingresses: IngressInfo[] = [];
	for (const ns of [...new Set(pods.map((p) => p.metadata.namespace ?? 'default'))]) {
		for (const svc of listOf<Service>(cluster, 'services', ns)) {
			const selected = pods.filter(
				(p) =>
					p.metadata.namespace === ns &&
					labelsMatch(svc.spec.selector ?? {}, p.metadata.labels ?? {})
			);
			if (selected.length > 0) ingresses.push({ service: svc, pods: selected });
		}
	}
	if (ingresses.length === 0)
		io.stdout('Skipping Gateway information (no ingress gateway service)\n');
	const drs = listOf<KubeObject>(cluster, 'destinationrules.networking.istio.io');
	const seenGateways = new Set<string>();
	const get = (typed: string, ns: string, name: string): KubeObject | undefined => {
		const type = cluster.api.resolve(typed);
		const r = type ? cluster.api.get(type, ns, name) : undefined;
		return r && !isApiError(r) ? r : undefined;
	};
	for (const pod of pods) {
		const ref = { name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default' };
		const body = await envoyDo(cluster, ref, 'GET', 'config_dump', o.adminPort, 'envoy');
		if (typeof body !== 'string') {
			const prefix = `failed to execute command on ${ref.name}.${ref.namespace} envoy: `;
			return fail(
				io,
				`failed to execute command on ingress gateway sidecar: ${body.error.replace(prefix, '')}`
			);
		}
		const dump = parseEnvoyDump(body);
		if ('error' in dump)
			return fail(io, `can't parse ingress gateway sidecar config_dump: ${dump.error}`);
		const routes = routeConfigs(dump);
		for (const svc of services) {
			const svcNs = svc.metadata.namespace ?? 'default';
			const hostname = `${svc.metadata.name}.${svcNs}.svc.cluster.local`;
			for (const port of svc.spec.ports ?? []) {
				const dr = ruleFor(drs, [...new Set([ref.namespace, svcNs, o.istioNs])], hostname);
				const subsets = destRuleSubsets(dr, podsLabels);
				const vsRef = virtualServiceFor(routes, svc, port.port);
				if (!vsRef) continue;
				const vs = get('virtualservices.networking.istio.io', vsRef.namespace, vsRef.name);
				if (!vs) {
					io.stdout(
						`WARNING: Proxy is stale; it references to non-existent virtual service ${vsRef.name}.${vsRef.namespace}\n`
					);
					continue;
				}
				const gateways = (vs['spec'] as { gateways?: unknown } | undefined)?.gateways;
				for (const raw of Array.isArray(gateways) ? (gateways as unknown[]) : []) {
					if (typeof raw !== 'string' || raw === '' || raw === 'mesh') continue;
					const slash = raw.indexOf('/');
					const gwNs = slash >= 0 ? raw.slice(0, slash) : vsRef.namespace;
					const gwName = slash >= 0 ? raw.slice(slash + 1) : raw;
					const id = `${gwNs}/${gwName}`;
					if (seenGateways.has(id)) continue;
					const gw = get('gateways.networking.istio.io', gwNs, gwName);
					if (!gw) {
						io.stdout(
							`WARNING: Proxy is stale; it references to non-existent gateway ${gwNs}/${gwName}\n`
						);
						continue;
					}
					seenGateways.add(id);
					const selector = (gw['spec'] as { selector?: Record<string, string> } | undefined)
						?.selector;
					if (!selector) {
						io.stdout(`Ingress Gateway ${gwNs}/${gwName} be applied all workloads`);
						continue;
					}
					const matched = ingresses
						.filter((i) => i.pods.some((p) => labelsMatch(selector, p.metadata.labels ?? {})))
						.sort((a, b) => (ingressIp(a) < ingressIp(b) ? -1 : 1));
					if (matched.length === 0) continue;
					io.stdout(SEPARATOR);
					for (const ingress of matched) io.stdout(printIngressService(ingress));
					io.stdout(printVirtualService(vs, '', svc, subsets, dr, o.ns));
				}
			}
		}
	}
	return 0;
}
