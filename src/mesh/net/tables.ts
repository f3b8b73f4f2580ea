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

/** One NetworkPolicy port, compiled: a number range, or a name resolved on the destination pod. */
export interface PolicyPort {
	readonly protocol: string;
	/** Absent: every port of the protocol. */
	readonly port?: number;
	readonly endPort?: number;
	/** A named container port of the destination pod (egress; ingress names are resolved). */
	readonly name?: string;
}

/** One peer, compiled: the pods its selectors chose, by address, or an ipBlock. */
export type PolicyPeer =
	| { readonly pods: readonly IpAddr[] }
	| { readonly cidr: string; readonly except: readonly string[] };

export interface PolicyRule {
	/** Absent: every peer. */
	readonly peers?: readonly PolicyPeer[];
	/** Absent: every port. */
	readonly ports?: readonly PolicyPort[];
}

/** A pod isolated in one direction: the rules of every policy selecting it, combined. */
export interface PolicyIsolation {
	/** `namespace/name` of each policy, for the reader. */
	readonly policies: readonly string[];
	readonly rules: readonly PolicyRule[];
}

export interface PolicyPod {
	readonly ingress?: PolicyIsolation;
	readonly egress?: PolicyIsolation;
	/** Named container ports (`http` → 9080/TCP), for egress rules that name a port. */
	readonly namedPorts?: Readonly<
		Record<string, { readonly port: number; readonly protocol: string }>
	>;
}

/**
 * NetworkPolicy as a node's enforcer holds it (networkpolicy/compile.ts): every pod by address.
 * Data for the rules that read it (networkpolicy/hook.ts); net's own code never does.
 */
export interface PolicyTable {
	readonly pods: Readonly<Record<string, PolicyPod>>;
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
	/** Absent while no NetworkPolicy exists (nothing is isolated). */
	readonly networkPolicy?: PolicyTable;
	/** Bumped on every change so hosts can ignore stale pushes. */
	readonly version: number;
}

export const EMPTY_TABLES: NetworkTables = { dns: {}, services: [], version: 0 };
