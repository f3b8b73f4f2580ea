/**
 * What a gateway's connection manager does to a request before its filters see it: Istio builds
 * gateway listeners with `use_remote_address: true` and `xff_num_trusted_hops` from the proxy's
 * `gatewayTopology.numTrustedProxies` (pilot/pkg/networking/core/gateway.go
 * buildGatewayConnectionManager), so Envoy (source/common/http/conn_manager_utility.cc
 * mutateRequestHeaders, utility.cc getLastAddressFromXFF and appendXff) takes the trusted client
 * address from X-Forwarded-For, appends its peer to it, and, the request being external, names
 * that address in x-envoy-external-address. Since Envoy 1.33 no address is internal unless
 * `internal_address_config` says so, and Istio leaves it unset (ENABLE_HCM_INTERNAL_NETWORKS off).
 */
import { getHeader, type HttpRequest, withoutHeader } from '../../net/http/message.ts';
import { parseCidr } from '../matchers.ts';
import { ip, type SocketAddr } from '../../types.ts';
import type { Downstream } from './plan.ts';

const XFF = 'x-forwarded-for';
const EXTERNAL_ADDRESS = 'x-envoy-external-address';

/** parseInternetAddressNoThrow, for the addresses the playground uses (IPv4; IPv6 by shape). */
const isIp = (s: string): boolean =>
	(!s.includes('/') && parseCidr(s) !== undefined) ||
	(s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

/**
 * getLastAddressFromXFF: the address `skip` entries from the right of X-Forwarded-For (split on
 * ",", whitespace trimmed), or undefined when the header is absent, too short or not an IP.
 */
export function lastAddressFromXff(xff: string | undefined, skip: number): string | undefined {
	if (xff === undefined) return undefined;
	let rest = xff;
	for (let i = 0; i < skip; i++) {
		const comma = rest.lastIndexOf(',');
		if (comma < 0) return undefined;
		rest = rest.slice(0, comma);
	}
	const comma = rest.lastIndexOf(',');
	const candidate = (comma >= 0 ? rest.slice(comma + 1) : rest).trim();
	return isIp(candidate) ? candidate : undefined;
}

/**
 * The request as the gateway's filters and upstream see it, and the downstream with Envoy's
 * trusted remote address: the XFF entry `numTrustedHops` from the right, else the peer. An
 * address read from XFF has no port (Envoy prints it `:0`).
 */
export function edgeRequest(
	req: HttpRequest,
	down: Downstream,
	numTrustedHops: number
): { req: HttpRequest; down: Downstream } {
	const xff = getHeader(req.headers, XFF);
	const fromXff = numTrustedHops > 0 ? lastAddressFromXff(xff, numTrustedHops - 1) : undefined;
	const trusted: SocketAddr = fromXff !== undefined ? { ip: ip(fromXff), port: 0 } : down.remote;
	// appendXff: "," and no space, after whatever the client sent.
	const appended = xff !== undefined && xff !== '' ? `${xff},${down.remote.ip}` : down.remote.ip;
	let headers = withoutHeader(withoutHeader(req.headers, 'x-envoy-internal'), EXTERNAL_ADDRESS);
	headers = withoutHeader(headers, XFF);
	headers = [...headers, [XFF, appended], [EXTERNAL_ADDRESS, trusted.ip]];
	return { req: { ...req, headers }, down: { ...down, trustedRemote: trusted } };
}
