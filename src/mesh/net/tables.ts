/**
 * What every host's network stack knows about the cluster: DNS records and Service VIPs with
 * their ready endpoints (the kube-proxy view). The cluster computes these from the API server and
 * the runtime pushes them to every host whenever they change.
 */
import type { IpAddr } from '../types.ts';

export interface ServiceEndpoint {
	readonly ip: IpAddr;
	/** The container port the service port maps to on this endpoint (targetPort, resolved). */
	readonly port: number;
}

export interface ServicePortEntry {
	readonly vip: IpAddr;
	readonly port: number;
	/** `namespace/name` of the Service, for logs and captures. */
	readonly service: string;
	/** Ready endpoints only; empty means kube-proxy rejects the connection (refused). */
	readonly endpoints: readonly ServiceEndpoint[];
}

export interface NetworkTables {
	/** Fully qualified name (`productpage.default.svc.cluster.local`) → address. */
	readonly dns: Readonly<Record<string, IpAddr>>;
	readonly services: readonly ServicePortEntry[];
	/**
	 * Redirected addresses: address → the host whose sockets take its traffic (a transparent
	 * proxy). Data for the netfilter rules that use it: istio-cni's (cni/inpod-redirection.ts)
	 * map each enrolled pod to its node's ztunnel; net's own code never reads it. Absent or
	 * empty without such rules.
	 */
	readonly redirection?: Readonly<Record<string, IpAddr>>;
	/**
	 * Addresses whose redirection outlived the proxy that held it (Istio uninstalled while its
	 * pods were enrolled): their rules refuse every connection from or to them until they are
	 * re-created (istio/istio#49067). Read by istio-cni's rules only.
	 */
	readonly stranded?: readonly IpAddr[];
	/**
	 * ztunnel's DNS proxy: ServiceEntry hosts → their first VIP (auto-allocated or given), answered
	 * to enrolled pods only (istio-cni's rule captures their DNS: `NetfilterHook.dnsProxy`).
	 * Absent without ambient or ServiceEntries.
	 */
	readonly meshDns?: Readonly<Record<string, IpAddr>>;
	/** Bumped on every change so hosts can ignore stale pushes. */
	readonly version: number;
}

export const EMPTY_TABLES: NetworkTables = { dns: {}, services: [], version: 0 };
