/**
 * The CNI plugin chain of a kind node running Istio's ambient mode, as every pod's network gets
 * it at sandbox creation: kindnet's NetworkPolicy filter (kube-network-policies, in kindnetd
 * since kind v0.24), then istio-cni's in-pod redirection, chained after it; last, the nodes'
 * closed ports answering RST (`node-address.ts`).
 */
import type { NetfilterHook } from '../net/netfilter.ts';
import { KUBE_NETWORK_POLICIES } from '../networkpolicy/hook.ts';
import { IN_POD_REDIRECTION } from './inpod-redirection.ts';
import { NODE_ADDRESS } from './node-address.ts';

/** After istio-cni's: an enrolled pod's SYN goes to its ztunnel, whose own SYN meets the node. */
export const KIND_CNI_CHAIN: readonly NetfilterHook[] = [
	KUBE_NETWORK_POLICIES,
	IN_POD_REDIRECTION,
	NODE_ADDRESS
];
