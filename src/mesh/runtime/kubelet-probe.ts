/**
 * A kubelet probe's way from its node into the pod (pkg/kubelet/prober dials the pod IP from the
 * node's network namespace): the node's nat POSTROUTING may rewrite its source (istio-cni SNATs
 * probes of an ambient pod to 169.254.7.127), then the node's filter judges the SYN as it enters
 * the pod's veth. Traffic from the node's own address is not judged: kindnet, like most CNIs,
 * lets a node reach its pods whatever the NetworkPolicies (Istio's "Ambient and Kubernetes
 * NetworkPolicy" page rests on that).
 */
import { firstVerdict, type NetfilterHook } from '../net/netfilter.ts';
import type { NetworkTables } from '../net/tables.ts';
import type { IpAddr } from '../types.ts';

export type ProbeHop =
	{ readonly type: 'sent'; readonly source: IpAddr } | { readonly type: 'dropped' };

/** The source a probe of `pod:port` arrives from, or dropped by the node's filter. */
export function probeHop(
	pod: IpAddr,
	port: number,
	node: IpAddr,
	hooks: readonly NetfilterHook[],
	tables: NetworkTables
): ProbeHop {
	const source = firstVerdict(hooks, (h) => h.hostSnat?.({ self: pod, tables })) ?? node;
	if (source === node) return { type: 'sent', source };
	const syn = { src: { ip: source, port: 0 }, dst: { ip: pod, port }, tables };
	const dropped = firstVerdict(hooks, (h) => h.filter?.(syn))?.type === 'drop';
	return dropped ? { type: 'dropped' } : { type: 'sent', source };
}
