/**
 * The headers ztunnel puts on an outbound CONNECT: `forwarded` (the client and the Service it
 * meant) and `baggage` (the source workload). Mirrors ztunnel 1.30.3 src/proxy/outbound.rs
 * build_forwarded and src/baggage.rs baggage_header_val.
 */
import { type SocketAddr, formatAddr } from '../../types.ts';
import type { Workload } from '../../xds/workload-api.ts';
import type { ServiceDescription } from './state/proxy-state.ts';

/** `for="<client>";host=<service>` (outbound.rs build_forwarded). */
export function buildForwarded(remote: SocketAddr, svc: ServiceDescription | undefined): string {
	const f = `for="${formatAddr(remote)}"`;
	return svc ? `${f};host=${svc.hostname}` : f;
}

/** The source's W3C baggage (baggage.rs baggage_header_val; our workloads are Deployments). */
export function buildBaggage(source: Workload): string {
	return [
		'k8s.cluster.name=Kubernetes',
		`k8s.namespace.name=${source.namespace}`,
		`k8s.deployment.name=${source.workloadName}`,
		`service.name=${source.canonicalName}`,
		`service.version=${source.canonicalRevision}`
	].join(',');
}
