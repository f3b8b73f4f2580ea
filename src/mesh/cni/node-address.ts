/**
 * A kind node's own address as a pod reaches it: kube-proxy's rules there answer the NodePorts
 * (Service entries on the node's address, `net/kube-proxy.ts`); any other port is a closed port
 * of the node's kernel, which answers the SYN with RST (Linux tcp_v4_send_reset: curl exit 7,
 * `Could not connect to server`, at once). Without this rule the SYN went to an address no host
 * holds and timed out. Modelled as an output rule of the pod's network, as the docker host's
 * is (`apps/docker-host.ts`): the RST's 0.1 ms trip to the node is not drawn. Load-balancer
 * addresses (MetalLB's pools, further up kind's network) leave the node: another kind cluster
 * may answer them across the docker bridge (net/docker-bridge.ts). Simplified: a node of another
 * cluster (172.18.0.5 …) is refused here too, so node ports across clusters are not reached.
 */
import { findService } from '../net/kube-proxy.ts';
import type { NetfilterHook } from '../net/netfilter.ts';

/** Where kind's docker network puts the nodes (172.18.0.2 …) and the docker host (.1). */
const KIND_NODES = /^172\.18\.0\./;

export const NODE_ADDRESS: NetfilterHook = {
	chain: 'KIND-NODE-ADDRESS',
	output: (syn) =>
		KIND_NODES.test(syn.dst.ip) && syn.dst.ip !== syn.self && !findService(syn.tables, syn.dst)
			? { type: 'reject' }
			: undefined
};
