/**
 * The inner tunnel of double HBONE arrives at the destination's ztunnel naming a Service, not an
 * address: `CONNECT helloworld.sample.svc.cluster.local:5000`. The local pod is the target (the
 * east-west gateway already picked it); the port is the one the pod's endpoint gives the
 * Service port, else the Service's numeric target port. Mirrors ztunnel 1.30.3
 * src/proxy/inbound.rs find_inbound_upstream (HboneAddress::SvcHostname) and
 * find_service_by_hostname; errors are proxy.rs NoHostname and NoPortForServices.
 */
import type { SvcHostname } from '../../hbone/connect.ts';
import type { SocketAddr } from '../../types.ts';
import type { Workload } from '../../xds/workload-api.ts';
import type { ProxyState } from './state/proxy-state.ts';

export type InboundHostnameError =
	| { readonly type: 'NoHostname'; readonly message: string }
	| { readonly type: 'NoPortForServices'; readonly message: string };

/** Where a hostname CONNECT to `local` (the pod `dest`) goes, or why it cannot. */
export function findInboundUpstream(
	state: ProxyState,
	local: SocketAddr,
	dest: Workload,
	svc: SvcHostname
): SocketAddr | InboundHostnameError {
	const service = state.serviceByHostname(svc.hostname, dest.namespace);
	if (!service)
		return {
			type: 'NoHostname',
			message: `no service or workload for hostname: ${svc.hostname}`
		};
	const endpointPort = service.endpoints.find((e) => e.workloadUid === dest.uid)?.ports[svc.port];
	const port = endpointPort ?? service.ports[svc.port] ?? 0;
	if (port === 0)
		return {
			type: 'NoPortForServices',
			message: `requested service ${svc.hostname}:${svc.port} found, but cannot resolve port`
		};
	return { ip: local.ip, port };
}
