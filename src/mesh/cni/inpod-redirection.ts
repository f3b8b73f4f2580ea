/**
 * istio-cni's in-pod redirection for ambient (cni/pkg/iptables): the rules that send an enrolled
 * pod's traffic through its node's ztunnel, installed on every host's stack as its network is set
 * up (istio-cni runs as a chained CNI plugin, and does nothing for a pod it has not enrolled).
 * The rules read the enrolment from the network tables: enrolled pod → its node's ztunnel, and
 * the pods stranded by an uninstall (`cluster/network-tables.ts`).
 *
 * Here ztunnel's in-pod sockets live on its own host: a captured SYN is routed to the ztunnel
 * with its destination unchanged, and the ztunnel's stack TPROXYs it to the listener the real
 * in-pod rules would (15001 out; 15008 HBONE in; 15006 anything else in).
 */
import {
	DNS_CAPTURE_PORT,
	HBONE_PORT,
	INBOUND_PLAINTEXT_CAPTURE_PORT,
	OUTBOUND_CAPTURE_PORT
} from '../istio/ports.ts';
import type {
	ArrivingSyn,
	HeldListener,
	HostView,
	IpFamily,
	LocalSyn,
	NamespaceLink,
	NetfilterHook,
	OutputVerdict,
	PreroutingVerdict,
	SavedRule
} from '../net/netfilter.ts';
import { ip, type IpAddr } from '../types.ts';
import { inpodRules } from './inpod-rules.ts';

const REJECT: OutputVerdict = { type: 'reject' };

/** nat OUTPUT in an enrolled pod: everything it opens goes to its ztunnel, before kube-proxy. */
function output({ self, spoofed, tables }: LocalSyn): OutputVerdict | undefined {
	// A ztunnel speaking for a pod is not the pod's own traffic.
	if (spoofed) return undefined;
	// In-pod rules that outlived ztunnel send this pod's traffic to a port nobody holds.
	if (tables.stranded?.includes(self)) return REJECT;
	const ztunnel = tables.redirection?.[self];
	return ztunnel === undefined ? undefined : { type: 'route', via: ztunnel };
}

/**
 * The destination pod's own rules, as the sender's route: a connection to an enrolled pod is
 * taken by its node's ztunnel, except the ztunnel's own delivery to the pod's app (anything but
 * HBONE, which is for the ztunnel itself).
 */
function postrouting({ self, dst, tables }: LocalSyn): OutputVerdict | undefined {
	// The destination's in-pod rules redirect it to a port nobody holds.
	if (tables.stranded?.includes(dst.ip)) return REJECT;
	const ztunnel = tables.redirection?.[dst.ip];
	if (ztunnel === undefined) return undefined;
	if (ztunnel === self && dst.port !== HBONE_PORT) return undefined;
	return { type: 'route', via: ztunnel };
}

/** On a ztunnel: which of its in-pod listeners takes a SYN from or to a pod it serves. */
function prerouting({ self, src, dst, from, tables }: ArrivingSyn): PreroutingVerdict | undefined {
	if (dst.ip === self) return undefined;
	const served = tables.redirection ?? {};
	if (from === undefined && served[src.ip] === self)
		return { type: 'tproxy', port: OUTBOUND_CAPTURE_PORT };
	if (served[dst.ip] !== self) return undefined;
	const port = dst.port === HBONE_PORT ? HBONE_PORT : INBOUND_PLAINTEXT_CAPTURE_PORT;
	return { type: 'tproxy', port };
}

/** An enrolled pod and its ztunnel: the ztunnel's sockets for the pod live in the pod's namespace. */
function sharesNamespace({ self, peer, tables }: NamespaceLink): boolean {
	const redirection = tables.redirection;
	return redirection !== undefined && (redirection[self] === peer || redirection[peer] === self);
}

/**
 * An enrolled pod's DNS goes to its ztunnel's proxy (istio-cni's `dnsCapture`, on by default in
 * 1.30), which answers the cluster's Services and these ServiceEntry hosts itself.
 */
function dnsProxy({ self, tables }: HostView): Readonly<Record<string, IpAddr>> | undefined {
	return tables.redirection?.[self] ? (tables.meshDns ?? {}) : undefined;
}

/**
 * The link-local address istio-cni SNATs kubelet's probes to (cni/pkg/iptables `ProbeIPSet`,
 * `istio-inpod-probes`: `-j SNAT --to-source 169.254.7.127` in the node's ISTIO_POSTRT chain), so
 * the pod's in-pod rules (`-s 169.254.7.127 -j ACCEPT`) let them reach the app without ztunnel.
 */
export const KUBELET_PROBE_SNAT_IP: IpAddr = ip('169.254.7.127');

/** The host rule: kubelet's connections to an enrolled pod leave the node as 169.254.7.127. */
function hostSnat({ self, tables }: HostView): IpAddr | undefined {
	return tables.redirection?.[self] === undefined ? undefined : KUBELET_PROBE_SNAT_IP;
}

/**
 * ztunnel's sockets inside an enrolled pod (proxy.rs `Proxy::from_inputs`, dns/server.rs): the
 * outbound, plaintext and HBONE listeners on every address, and its DNS proxy on loopback (TCP
 * and UDP, IPv4 and IPv6: `dnsProxyAddr: !Localhost`). Rust's std listens with a backlog of 128.
 */
function heldListeners({ self, tables }: HostView): readonly HeldListener[] {
	if (tables.redirection?.[self] === undefined) return [];
	const tcp = (address: string, port: number): HeldListener => ({
		protocol: 'tcp',
		address,
		port,
		backlog: 128
	});
	const udp = (address: string): HeldListener => ({
		protocol: 'udp',
		address,
		port: DNS_CAPTURE_PORT,
		backlog: 0
	});
	return [
		tcp('127.0.0.1', DNS_CAPTURE_PORT),
		tcp('[::1]', DNS_CAPTURE_PORT),
		tcp('*', INBOUND_PLAINTEXT_CAPTURE_PORT),
		tcp('*', OUTBOUND_CAPTURE_PORT),
		tcp('*', HBONE_PORT),
		udp('127.0.0.1'),
		udp('[::1]')
	];
}

/** The in-pod rules' text where they are installed: enrolled pods, and pods an uninstall stranded. */
function savedRules({ self, tables }: HostView, family: IpFamily): readonly SavedRule[] {
	const installed = tables.redirection?.[self] !== undefined || tables.stranded?.includes(self);
	return installed ? inpodRules(family) : [];
}

/** The ambient chain, as every host's network setup installs it. */
export const IN_POD_REDIRECTION: NetfilterHook = {
	chain: 'ISTIO_INPOD',
	output,
	postrouting,
	prerouting,
	sharesNamespace,
	dnsProxy,
	hostSnat,
	heldListeners,
	savedRules
};
