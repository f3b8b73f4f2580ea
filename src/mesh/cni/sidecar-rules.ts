/**
 * The rules istio-iptables installs in a sidecar pod, as `iptables-save` prints them: istio/istio
 * 1.30.3 tools/istio-iptables/pkg/capture/run.go `Run` in REDIRECT mode, with the injected flags
 * (`-b '*'`, `-i '*'`, `-x ''`, uid and gid 1337, DNS capture off), in the builder's order within
 * each chain (testdata/inbound-ports-wildcard.golden is the same set without the exclusions and
 * the catch-all). iptables-save's own order inside a rule: addresses, interfaces, protocol, then
 * the matches, with the implicit `-m tcp` of a port match. Only IPv4: istio-iptables turns IPv6 on
 * only for a pod with an IPv6 address (tools/common/config `getLocalIP`), and kind's is IPv4.
 */
import type { IpFamily, SavedRule } from '../net/netfilter.ts';

export interface SidecarRuleConfig {
	readonly outboundPort: number;
	readonly inboundPort: number;
	/** `InboundTunnelPort` (HBONE) first, then `-d`'s ports in their order. */
	readonly excludeInboundPorts: readonly number[];
	readonly proxyUid: number;
}

export function sidecarRules(c: SidecarRuleConfig, family: IpFamily): readonly SavedRule[] {
	if (family === 6) return [];
	const nat = (chain: string, spec: string): SavedRule => ({ table: 'nat', chain, spec });
	const [tunnel, ...excluded] = c.excludeInboundPorts;
	const owner = (kind: 'uid' | 'gid') => {
		const id = `--${kind}-owner ${c.proxyUid}`;
		return [
			// The app calling itself through a Service: Envoy's outbound hands it to its inbound.
			nat(
				'ISTIO_OUTPUT',
				`! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport ${tunnel} -m owner ${id} -j ISTIO_IN_REDIRECT`
			),
			nat('ISTIO_OUTPUT', `-o lo -m owner ! ${id} -j RETURN`),
			nat('ISTIO_OUTPUT', `-m owner ${id} -j RETURN`)
		];
	};
	return [
		nat('ISTIO_INBOUND', `-p tcp -m tcp --dport ${tunnel} -j RETURN`),
		nat('ISTIO_REDIRECT', `-p tcp -j REDIRECT --to-ports ${c.outboundPort}`),
		nat('ISTIO_IN_REDIRECT', `-p tcp -j REDIRECT --to-ports ${c.inboundPort}`),
		nat('PREROUTING', '-p tcp -j ISTIO_INBOUND'),
		...excluded.map((port) => nat('ISTIO_INBOUND', `-p tcp -m tcp --dport ${port} -j RETURN`)),
		nat('ISTIO_INBOUND', '-p tcp -j ISTIO_IN_REDIRECT'),
		nat('OUTPUT', '-j ISTIO_OUTPUT'),
		// Envoy's inbound passthrough connects from 127.0.0.6.
		nat('ISTIO_OUTPUT', '-s 127.0.0.6/32 -o lo -j RETURN'),
		...owner('uid'),
		...owner('gid'),
		nat('ISTIO_OUTPUT', '-d 127.0.0.1/32 -j RETURN'),
		nat('ISTIO_OUTPUT', '-j ISTIO_REDIRECT')
	];
}
