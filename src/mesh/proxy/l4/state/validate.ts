/**
 * What ztunnel refuses in a push: its xDS handler converts each proto into its own state and a
 * resource that does not convert fails the whole response, which is NACKed (ztunnel
 * src/xds.rs `handle`, `WorkloadError`). Here: addresses that are not IPv4 and unknown tunnel
 * protocols, the fields every request decision reads.
 */
import type { ZtunnelConfig } from '../../../xds/workload-api.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The first reason the config cannot be applied, or undefined. */
export function configError(config: ZtunnelConfig): string | undefined {
	for (const w of config.workloads) {
		// A hostname workload (ServiceEntry, DNS resolution) has no address of its own.
		const named = typeof w.hostname === 'string' && w.hostname !== '' && w.address === '';
		// A split-horizon workload (another network's endpoints) is reached through its gateway.
		const behindGateway = w.networkGateway !== undefined && w.address === '';
		if (!named && !behindGateway && (typeof w.address !== 'string' || !IPV4.test(w.address)))
			return `workload ${w.uid}: invalid IP address ${JSON.stringify(w.address)}`;
		if (w.protocol !== 'HBONE' && w.protocol !== 'TCP')
			return `workload ${w.uid}: unknown tunnel protocol ${JSON.stringify(w.protocol)}`;
	}
	for (const svc of config.services) {
		const bad = svc.vips.find((v) => typeof v !== 'string' || !IPV4.test(v));
		if (bad !== undefined)
			return `service ${svc.hostname}: invalid IP address ${JSON.stringify(bad)}`;
	}
	return undefined;
}
