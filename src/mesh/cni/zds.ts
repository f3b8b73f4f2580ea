/**
 * istio-cni's node agent → ztunnel messages over the ztunnel's UDS (`/var/run/ztunnel/ztunnel.sock`),
 * as istio/ztunnel proto/zds.proto defines them (`WorkloadRequest`: `add`, `del`, `snapshot_sent`;
 * `keep` is only for a ztunnel that reconnects mid-life, which the playground's ztunnels never do).
 * On each new connection the agent sends one `add` per pod already enrolled on the node, then
 * `snapshot_sent`; after that, an `add` or `del` as pods join or leave the mesh
 * (cni/pkg/nodeagent/ztunnelserver.go).
 */

/** zds.proto `WorkloadInfo`. */
export interface ZdsWorkloadInfo {
	readonly name: string;
	readonly namespace: string;
	readonly serviceAccount: string;
}

/** One `WorkloadRequest`; `uid` is the pod's `metadata.uid`. */
export type ZdsMessage =
	| { readonly type: 'add'; readonly uid: string; readonly info: ZdsWorkloadInfo }
	| { readonly type: 'del'; readonly uid: string }
	| { readonly type: 'snapshot-sent' };

/** What the cluster sends through a ztunnel's control channel: messages read on one stream. */
export interface ZdsDelivery {
	readonly type: 'zds';
	/** The first messages of a new connection (the agent or the ztunnel started). */
	readonly newStream: boolean;
	readonly messages: readonly ZdsMessage[];
}

export function isZdsDelivery(m: unknown): m is ZdsDelivery {
	return (
		typeof m === 'object' &&
		m !== null &&
		(m as { type?: unknown }).type === 'zds' &&
		Array.isArray((m as { messages?: unknown }).messages)
	);
}
