/**
 * netfilter's hook points as a SYN meets them: the rules a host's stack runs when one of its
 * sockets opens a connection and when a connection arrives. The stack holds no rule of its own;
 * whoever installs one supplies it (a CNI plugin, an init container's iptables), as on Linux.
 * Later segments of a connection follow its SYN (conntrack), so only SYNs are judged.
 *
 * Loopback (127.0.0.0/8) never reaches a hook: it stays inside the host.
 */
import type { IpAddr, SocketAddr } from '../types.ts';
import type { NetworkTables } from './tables.ts';

/** A connection this host opens, as a rule sees it. */
export interface LocalSyn {
	/** This host's address. */
	readonly self: IpAddr;
	/** Where the SYN is going: as addressed in `output`, the chosen endpoint in `postrouting`. */
	readonly dst: SocketAddr;
	/** The opening socket's owner (iptables `-m owner --uid-owner`); 0 for a container's own. */
	readonly uid: number;
	/** The socket speaks for another address (IP_TRANSPARENT with a foreign source). */
	readonly spoofed: boolean;
	readonly tables: NetworkTables;
}

/** A connection arriving at this host, as a rule sees it. */
export interface ArrivingSyn {
	readonly self: IpAddr;
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	/** The host that really sent it, when `src` is spoofed. */
	readonly from?: IpAddr;
	readonly tables: NetworkTables;
}

export type OutputVerdict =
	/** REJECT, or a redirect to a socket nobody holds: the caller sees "connection refused". */
	| { readonly type: 'reject' }
	/**
	 * Policy routing: the SYN goes to `via` with its destination unchanged (that host's rules
	 * decide which socket takes it); `via` may be this host.
	 */
	| { readonly type: 'route'; readonly via: IpAddr };

/**
 * A new connection crossing the node between network namespaces (a pod's veth, the node's
 * POSTROUTING), after DNAT: its real source (a transparent proxy's spoofed one too) and the
 * endpoint it goes to. Established connections are not judged again (conntrack).
 */
export interface ForwardedSyn {
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	readonly tables: NetworkTables;
}

/** DROP: the SYN is lost; the sender retransmits it and, if it stays dropped, times out. */
export type FilterVerdict = { readonly type: 'drop' };

export type PreroutingVerdict =
	/** nat REDIRECT: any listener on `port` takes it; the socket keeps the original destination (SO_ORIGINAL_DST). */
	| { readonly type: 'redirect'; readonly port: number }
	/**
	 * mangle TPROXY: a listener on `port` takes it, even for an address that is not ours, but
	 * only on a transparent stack (IP_TRANSPARENT); elsewhere the rule matches nothing.
	 */
	| { readonly type: 'tproxy'; readonly port: number };

/** One installed set of rules (an iptables chain); each point may be left out. `undefined`: no match, next rule. */
export interface NetfilterHook {
	/** Names the rules: installing a hook of the same chain again replaces it (`iptables -F`). */
	readonly chain: string;
	/** nat OUTPUT, before kube-proxy's DNAT: a capture here sees the Service address. */
	output?(syn: LocalSyn): OutputVerdict | undefined;
	/** After kube-proxy's DNAT: the chosen endpoint, and the host that must take the SYN. */
	postrouting?(syn: LocalSyn): OutputVerdict | undefined;
	/**
	 * filter, at the node's POSTROUTING: a policy enforcer's verdict on a SYN that leaves a
	 * network namespace for the node's wire (kube-network-policies' nfqueue). Asked again for
	 * each retransmission.
	 */
	filter?(syn: ForwardedSyn): FilterVerdict | undefined;
	/**
	 * nat POSTROUTING on the node for a connection the node itself opens to a local pod (kubelet's
	 * probes): the source address it leaves with, undefined to keep the node's.
	 */
	hostSnat?(pod: HostView): IpAddr | undefined;
	/** PREROUTING: which local listener takes an arriving SYN before it is delivered to its port. */
	prerouting?(syn: ArrivingSyn): PreroutingVerdict | undefined;
	/**
	 * Whether `peer` holds sockets inside this host's network namespace (sockets a rule redirects
	 * to, hosted elsewhere here): traffic between the two never crosses the node's wire, and the
	 * capture marks it so.
	 */
	sharesNamespace?(link: NamespaceLink): boolean;
	/**
	 * DNS (UDP 53) captured to a proxy: the names it answers itself besides the cluster's
	 * Services, by address; undefined when this host's queries are not captured. Everything else
	 * the proxy forwards.
	 */
	dnsProxy?(host: HostView): Readonly<Record<string, IpAddr>> | undefined;
	/**
	 * Listening sockets a peer holds inside this host's namespace (what `ss -l` shows there
	 * beside the host's own): ztunnel's in-pod listeners in an enrolled pod.
	 */
	heldListeners?(host: HostView): readonly HeldListener[];
	/**
	 * The rules this hook stands for in this host's namespace, as `iptables-save` (family 4) or
	 * `ip6tables-save` (6) prints them; none when it has installed nothing here.
	 */
	savedRules?(host: HostView, family: IpFamily): readonly SavedRule[];
}

/** The netfilter tables, in the order iptables-nft lists them (nft.h `enum nft_table_type`). */
export const IPTABLES_TABLES = ['filter', 'mangle', 'raw', 'security', 'nat'] as const;
export type IptablesTable = (typeof IPTABLES_TABLES)[number];

export type IpFamily = 4 | 6;

/** One rule as iptables-save prints it: `-A <chain> <spec>` in `*<table>`. */
export interface SavedRule {
	readonly table: IptablesTable;
	readonly chain: string;
	readonly spec: string;
}

/** A listening socket as `ss` prints its local address (`*`, `127.0.0.1`, `[::1]`). */
export interface HeldListener {
	readonly protocol: 'tcp' | 'udp';
	readonly address: string;
	readonly port: number;
	/** The listen backlog (`ss`'s Send-Q of a listening socket). */
	readonly backlog: number;
}

/** This host as a rule sees it outside a SYN. */
export interface HostView {
	readonly self: IpAddr;
	readonly tables: NetworkTables;
}

/** This host and a peer, for `sharesNamespace`. */
export interface NamespaceLink extends HostView {
	readonly peer: IpAddr;
}

/** Who owns a view's sockets: a uid that rules can match, and whether it has IP_TRANSPARENT. */
export interface SocketOwner {
	readonly uid: number;
	/** May speak for another address (`ConnectOptions.source`) and take TPROXYed connections. */
	readonly transparent: boolean;
}

/** The first verdict of `hooks`, in installation order (`judge` asks one hook). */
export function firstVerdict<V>(
	hooks: Iterable<NetfilterHook>,
	judge: (hook: NetfilterHook) => V | undefined
): V | undefined {
	for (const hook of hooks) {
		const verdict = judge(hook);
		if (verdict !== undefined) return verdict;
	}
	return undefined;
}
