/**
 * How a proxy reaches istiod: resolve its name, open TCP to 15012 and run TLS that authenticates
 * istiod only, against the root the pod mounts and the name it dialled (pilot-agent's
 * `buildUpstreamClientDialOpts` and `getTLSOptions`, pkg/istio-agent/xds_proxy.go; ztunnel's
 * `control_plane_client_config`, src/tls/control.rs).
 */
import { isConnectError, type NetStack } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import { isTlsError } from '../tls/errors.ts';
import { serverAuthClient } from '../tls/handshake.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms } from '../types.ts';
import { XDS_PORT } from './protocol.ts';
import { mountedRoots } from './root-cert.ts';

export const CONNECT_TIMEOUT = ms(5000);

/** What the dialler needs from the pod: its DNS, clock, WebCrypto and mounted root. */
export type DialContext = Pick<HostContext, 'dns' | 'clock' | 'crypto' | 'readFile'>;

/** `host:port` as CA_ADDR / XDS_ADDRESS give it; a missing or bad port is 15012. */
export function splitAddress(address: string): { host: string; port: number } {
	const colon = address.lastIndexOf(':');
	if (colon < 0) return { host: address, port: XDS_PORT };
	return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) || XDS_PORT };
}

/** A TLS stream to istiod, or why there is none (the wording of the `connect-failed` event). */
export async function dialIstiod(
	ctx: DialContext,
	net: NetStack,
	host: string,
	port: number
): Promise<TlsChannel | string> {
	const trusted = mountedRoots(ctx);
	if (!Array.isArray(trusted)) return (trusted as { error: string }).error;
	const ip = ctx.dns.lookup(host);
	if (!ip) return 'no such host';
	const socket = await net.connect({ ip, port }, { timeout: CONNECT_TIMEOUT });
	if (isConnectError(socket)) return socket.type;
	const tls = await serverAuthClient(socket, {
		trustRoot: trusted,
		serverName: host,
		clock: ctx.clock,
		crypto: ctx.crypto,
		handshakeTimeout: CONNECT_TIMEOUT
	});
	return isTlsError(tls) ? `tls handshake: ${tls.message}` : tls;
}
