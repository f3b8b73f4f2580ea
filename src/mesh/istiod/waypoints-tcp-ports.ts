/**
 * Which ports of the Services a waypoint serves it proxies at L4: Envoy's inbound filter chain
 * for a port whose protocol (pkg/config/protocol, "Explicit protocol selection": `appProtocol`,
 * else the port name's prefix) is TCP, TLS, HTTPS, Mongo, MySQL or Redis is a tcp_proxy, not
 * the HTTP connection manager. Ports with no protocol stay HTTP here (Simplified, README).
 */
import type { Service as KubeService } from '../api/objects.ts';
import type { Service } from '../xds/workload-api.ts';
import { serviceHostname } from './services.ts';

const TCP_PROTOCOLS = new Set(['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis']);

/** The protocol a port names explicitly, lower-cased, or undefined. */
function explicitProtocol(port: { name?: string; appProtocol?: unknown }): string | undefined {
	if (typeof port.appProtocol === 'string' && port.appProtocol !== '')
		return port.appProtocol.toLowerCase();
	const prefix = (port.name ?? '').toLowerCase().split('-')[0];
	return prefix === '' ? undefined : prefix;
}

export function isTcpServicePort(port: { name?: string; appProtocol?: unknown }): boolean {
	const protocol = explicitProtocol(port);
	return protocol !== undefined && TCP_PROTOCOLS.has(protocol);
}

/** Hostname → TCP service ports, for the served Services that have any. */
export function tcpPortsOf(
	served: readonly Service[],
	kubeServices: readonly KubeService[]
): Record<string, number[]> {
	const wanted = new Set(served.map((s) => s.hostname));
	const out: Record<string, number[]> = {};
	for (const svc of kubeServices) {
		const hostname = serviceHostname(svc.metadata.name, svc.metadata.namespace ?? 'default');
		if (!wanted.has(hostname)) continue;
		const ports = (svc.spec.ports ?? []).filter(isTcpServicePort).map((p) => p.port);
		if (ports.length > 0) out[hostname] = ports;
	}
	return out;
}
