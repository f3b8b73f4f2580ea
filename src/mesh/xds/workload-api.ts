/**
 * What istiod sends a ztunnel: the "simplified set of resources" of ambient's xDS, mirroring
 * ztunnel's protos (proto/workload.proto, proto/authorization.proto) with JSON-friendly shapes.
 * istiod (src/mesh/istiod) produces these; the ztunnel (src/mesh/ztunnel) consumes them.
 * Plain data only: messages cross workers by structured clone.
 */
import type { IpAddr } from '../types.ts';

/** mirrors workload.proto TunnelProtocol: HBONE when the workload is enrolled in ambient. */
export type TunnelProtocol = 'HBONE' | 'TCP';

/**
 * mirrors workload.proto GatewayAddress: where traffic to a workload or service goes first
 * when a waypoint serves it (`istio.io/use-waypoint`). istiod resolves the waypoint's Service.
 */
export interface GatewayAddress {
	/** The waypoint Service's hostname: `waypoint.default.svc.cluster.local`. */
	readonly hostname: string;
	readonly namespace: string;
	/** The waypoint Service's VIP. */
	readonly address: IpAddr;
	/** The waypoint's HBONE port: 15008. */
	readonly hboneMtlsPort: number;
}

export interface Workload {
	/** `<cluster>//Pod/<namespace>/<name>` as istiod builds it. */
	readonly uid: string;
	readonly name: string;
	readonly namespace: string;
	/** Empty when the workload is a `hostname` (a ServiceEntry endpoint resolved by DNS). */
	readonly address: IpAddr;
	/**
	 * workload.proto `hostname`: a DNS name ztunnel resolves when it connects (a ServiceEntry
	 * with DNS resolution and no endpoint addresses).
	 */
	readonly hostname?: string;
	readonly node: string;
	readonly serviceAccount: string;
	readonly trustDomain: string;
	readonly protocol: TunnelProtocol;
	/** The Deployment (or other controller) name: `productpage-v1`. */
	readonly workloadName: string;
	/** `app` label, else workload name (istio's canonical service). */
	readonly canonicalName: string;
	readonly canonicalRevision: string;
	/**
	 * The pod's labels, in a waypoint's config only. Not in ztunnel's Workload proto; istiod keeps
	 * them beside it (pilot model.WorkloadInfo.Labels) and a waypoint's Envoy matches
	 * DestinationRule subsets on them.
	 */
	readonly labels?: Readonly<Record<string, string>>;
	readonly status: 'Healthy' | 'Unhealthy';
	/** `namespace/name` of every AuthorizationPolicy that selects this workload (selector scope). */
	readonly authorizationPolicies: readonly string[];
	/** `namespace/hostname` → port map of the services this workload backs. */
	readonly services: Readonly<Record<string, Readonly<Record<number, number>>>>;
	/** Set when a waypoint serves this workload (`istio.io/use-waypoint` on the pod or namespace, for workload or all traffic). */
	readonly waypoint?: GatewayAddress;
	/**
	 * workload.proto `network` and `cluster_id`, set on a split-horizon workload (the endpoints of
	 * a global Service on another network); pods of the local cluster leave them out here.
	 */
	readonly network?: string;
	readonly clusterId?: string;
	/** workload.proto `capacity`: how many remote endpoints a split-horizon workload stands for. */
	readonly capacity?: number;
	/** workload.proto `network_gateway`: reach this workload through that network's gateway. */
	readonly networkGateway?: NetworkGatewayAddress;
}

/** mirrors workload.proto GatewayAddress as a network gateway: an address on its network. */
export interface NetworkGatewayAddress {
	readonly network: string;
	/** An IP, or a hostname the gateway's status gave. */
	readonly address: string;
	readonly hboneMtlsPort: number;
}

/** mirrors workload.proto LoadBalancing.Scope: what an endpoint must share with the client. */
export type LoadBalancingScope = 'REGION' | 'ZONE' | 'SUBZONE' | 'NODE' | 'CLUSTER' | 'NETWORK';

/**
 * mirrors workload.proto LoadBalancing: STRICT keeps only endpoints matching every scope,
 * FAILOVER the best-ranked ones (ranked by how many leading scopes match), STANDARD any.
 */
export interface LoadBalancing {
	readonly routingPreference: readonly LoadBalancingScope[];
	readonly mode: 'STANDARD' | 'STRICT' | 'FAILOVER';
	/** ALLOW_ALL (`publishNotReadyAddresses`): unhealthy endpoints may be picked too. */
	readonly healthPolicy?: 'ONLY_HEALTHY' | 'ALLOW_ALL';
}

export interface ServiceEndpoint {
	readonly workloadUid: string;
	/** service port → target port on this endpoint. */
	readonly ports: Readonly<Record<number, number>>;
	readonly status: 'Healthy' | 'Unhealthy';
}

export interface Service {
	readonly name: string;
	readonly namespace: string;
	/** `productpage.default.svc.cluster.local` */
	readonly hostname: string;
	readonly vips: readonly IpAddr[];
	/** Each VIP's network (workload.proto NetworkAddress), where istiod knows one; else none. */
	readonly vipNetworks?: readonly string[];
	/** service port → target port (0 when the target port is named and resolved per endpoint). */
	readonly ports: Readonly<Record<number, number>>;
	/**
	 * Not on a ztunnel's stream (workload.proto's Service has none): the ztunnel derives them from
	 * the workloads' `services` (`delta.ts` `withEndpoints`), as ztunnel's ServiceStore does.
	 */
	readonly endpoints: readonly ServiceEndpoint[];
	/** Set when a waypoint serves this service (`istio.io/use-waypoint` on the service or namespace, for service or all traffic). */
	readonly waypoint?: GatewayAddress;
	/**
	 * workload.proto `ingress_use_waypoint`: an ingress gateway sends this service's traffic to
	 * its waypoint (`istio.io/ingress-use-waypoint=true` on the Service or its namespace).
	 */
	readonly ingressUseWaypoint?: boolean;
	/** Absent: no preference (any healthy endpoint). */
	readonly loadBalancing?: LoadBalancing;
	/**
	 * workload.proto `subject_alt_names`: for a global Service, the identities of its workloads
	 * on other networks (multicluster.go SplitHorizonServices), which a double-HBONE inner
	 * tunnel requires of the final hop.
	 */
	readonly subjectAltNames?: readonly string[];
}

/** mirrors authorization.proto StringMatch: exact, prefix (`abc*`), suffix (`*abc`), presence (`*`). */
export type StringMatch =
	| { readonly exact: string }
	| { readonly prefix: string }
	| { readonly suffix: string }
	| { readonly presence: true };

/** mirrors authorization.proto Address (an IP block). */
export interface IpBlock {
	readonly address: string;
	readonly length: number;
}

/** Every non-empty field must match (AND); within a field any value may match (OR). */
export interface Match {
	readonly namespaces?: readonly StringMatch[];
	readonly notNamespaces?: readonly StringMatch[];
	readonly principals?: readonly StringMatch[];
	readonly notPrincipals?: readonly StringMatch[];
	readonly sourceIps?: readonly IpBlock[];
	readonly notSourceIps?: readonly IpBlock[];
	readonly destinationIps?: readonly IpBlock[];
	readonly notDestinationIps?: readonly IpBlock[];
	readonly destinationPorts?: readonly number[];
	readonly notDestinationPorts?: readonly number[];
}

/** A rule clause: matches when any of its matches does. */
export interface Rules {
	readonly matches: readonly Match[];
}

/** A policy rule: matches when all of its clauses do. */
export interface Group {
	readonly rules: readonly Rules[];
}

export type AuthorizationScope = 'Global' | 'Namespace' | 'WorkloadSelector';

export interface Authorization {
	readonly name: string;
	readonly namespace: string;
	readonly scope: AuthorizationScope;
	readonly action: 'Allow' | 'Deny';
	/** The policy matches when any group matches. No groups: never matches. */
	readonly groups: readonly Group[];
}

/** One push from istiod to one ztunnel: the full state it needs (state-of-the-world). */
export interface ZtunnelConfig {
	/** Bumped by istiod on every push (the xDS nonce/version). */
	readonly version: number;
	readonly workloads: readonly Workload[];
	readonly services: readonly Service[];
	readonly policies: readonly Authorization[];
	/**
	 * In a sidecar's push only: whether its Envoy writes access logs (Telemetry API). Not part of
	 * ztunnel's protocol; ztunnel's own connection log is always on.
	 */
	readonly accessLogging?: boolean;
}
