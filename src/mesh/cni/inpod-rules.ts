/**
 * The rules istio-cni installs in an enrolled pod's network namespace, as `iptables-save` and
 * `ip6tables-save` print them: istio/istio 1.30.3 cni/pkg/iptables/iptables.go
 * `AppendInpodRules`, with the ambient profile's defaults (`ambient.dnsCapture: true`,
 * `ambient.ipv6: true`; no virtual interfaces; inbound capture on). The rules' behaviour is
 * inpod-redirection.ts; this is their text, in the builder's order within each chain (as in
 * cni/pkg/iptables/testdata/default.golden, the restore input), each written as iptables-save
 * prints it back (`/32` on a bare address, an implicit `-m tcp` for a port match, `--to-ports`).
 */
import {
	DNS_CAPTURE_PORT,
	HBONE_PORT,
	INBOUND_PLAINTEXT_CAPTURE_PORT,
	OUTBOUND_CAPTURE_PORT
} from '../istio/ports.ts';
import type { IpFamily, IptablesTable, SavedRule } from '../net/netfilter.ts';

/** cni/pkg/iptables: `ChainInpodPrerouting`, `ChainInpodOutput`. */
const PRERT = 'ISTIO_PRERT';
const OUTPUT = 'ISTIO_OUTPUT';

/** cni/pkg/config: InpodMark 1337 / InpodMask 0xfff, InpodTProxyMark 0x111 / 0xfff. */
const INPOD_MARK = '0x539/0xfff';
const INPOD_TPROXY_MARK = '0x111/0xfff';
const RESTORE_MASK = '0xffffffff';

/** `HOST_PROBE_SNAT_ADDRESS` and its IPv6 twin (cni/pkg/config defaults). */
const PROBE_SNAT: Readonly<Record<IpFamily, string>> = {
	4: '169.254.7.127/32',
	6: 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128'
};
const LOCALHOST: Readonly<Record<IpFamily, string>> = { 4: '127.0.0.1/32', 6: '::1/128' };

export function inpodRules(family: IpFamily): readonly SavedRule[] {
	const rule = (table: IptablesTable, chain: string, spec: string): SavedRule => ({
		table,
		chain,
		spec
	});
	const probe = PROBE_SNAT[family];
	const localhost = LOCALHOST[family];
	return [
		// Jumps from the built-in chains into Istio's own.
		rule('mangle', 'PREROUTING', `-j ${PRERT}`),
		rule('mangle', 'OUTPUT', `-j ${OUTPUT}`),
		rule('nat', 'OUTPUT', `-j ${OUTPUT}`),
		rule('raw', 'PREROUTING', `-j ${PRERT}`),
		rule('raw', 'OUTPUT', `-j ${OUTPUT}`),
		rule('nat', 'PREROUTING', `-j ${PRERT}`),
		// ztunnel's marked packets set the connection's mark.
		rule(
			'mangle',
			PRERT,
			`-m mark --mark ${INPOD_MARK} -j CONNMARK --set-xmark ${INPOD_TPROXY_MARK}`
		),
		// kubelet's probes, SNATed on the node to the link-local address, skip ztunnel both ways.
		rule('nat', PRERT, `-s ${probe} -p tcp -m tcp -j ACCEPT`),
		rule('nat', OUTPUT, `-d ${probe} -p tcp -m tcp -j ACCEPT`),
		// Inbound TCP (not HBONE, not ztunnel's own) to ztunnel's plaintext port.
		rule(
			'nat',
			PRERT,
			`! -d ${localhost} -p tcp -m tcp ! --dport ${HBONE_PORT} -m mark ! --mark ${INPOD_MARK} -j REDIRECT --to-ports ${INBOUND_PLAINTEXT_CAPTURE_PORT}`
		),
		rule(
			'mangle',
			OUTPUT,
			`-m connmark --mark ${INPOD_TPROXY_MARK} -j CONNMARK --restore-mark --nfmask ${RESTORE_MASK} --ctmask ${RESTORE_MASK}`
		),
		// DNS to ztunnel's proxy, and its own upstream queries in their own conntrack zone.
		rule(
			'nat',
			OUTPUT,
			`! -o lo -p udp -m mark ! --mark ${INPOD_MARK} -m udp --dport 53 -j REDIRECT --to-ports ${DNS_CAPTURE_PORT}`
		),
		rule(
			'nat',
			OUTPUT,
			`! -d ${localhost} -p tcp -m tcp --dport 53 -m mark ! --mark ${INPOD_MARK} -j REDIRECT --to-ports ${DNS_CAPTURE_PORT}`
		),
		rule('raw', OUTPUT, `-p udp -m mark --mark ${INPOD_MARK} -m udp --dport 53 -j CT --zone 1`),
		rule('raw', PRERT, `-p udp -m mark ! --mark ${INPOD_MARK} -m udp --sport 53 -j CT --zone 1`),
		// Outbound: ztunnel's own connections leave; the app's loopback stays; the rest to 15001.
		rule('nat', OUTPUT, `-p tcp -m mark --mark ${INPOD_TPROXY_MARK} -j ACCEPT`),
		rule('nat', OUTPUT, `! -d ${localhost} -o lo -j ACCEPT`),
		rule(
			'nat',
			OUTPUT,
			`! -d ${localhost} -p tcp -m mark ! --mark ${INPOD_MARK} -j REDIRECT --to-ports ${OUTBOUND_CAPTURE_PORT}`
		)
	];
}
