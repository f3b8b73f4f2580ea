/**
 * kindnet's NetworkPolicy enforcement (kind ≥ v0.24 runs sigs.k8s.io/kube-network-policies in
 * kindnetd: kubernetes-sigs/kind#3612): a netfilter filter at the node's POSTROUTING that judges
 * the first packet of each connection and drops what the policies do not allow. Dropped, never
 * rejected: the client retransmits its SYN and times out. Installed on every pod's network as part
 * of the node's CNI chain.
 */
import type { FilterVerdict, ForwardedSyn, NetfilterHook } from '../net/netfilter.ts';
import { evaluate } from './evaluate.ts';

const DROP: FilterVerdict = { type: 'drop' };

function filter({ src, dst, tables }: ForwardedSyn): FilterVerdict | undefined {
	const table = tables.networkPolicy;
	if (!table) return undefined;
	const verdict = evaluate(table, { src: src.ip, dst: dst.ip, port: dst.port, protocol: 'TCP' });
	return verdict.allowed ? undefined : DROP;
}

export const KUBE_NETWORK_POLICIES: NetfilterHook = { chain: 'kube-network-policies', filter };
