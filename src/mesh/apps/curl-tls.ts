/**
 * curl's TLS (OpenSSL in curlimages/curl): the handshake for an https URL, verifying the
 * server's chain against the image's CA bundle (the simulated web PKI, web-pki.ts) and its name.
 * Loaded only when a URL is https, so plain-HTTP pods never carry the TLS code. Failures read as
 * curl 8 prints them (lib/vtls/openssl.c): 60 for verification, 35 for the rest.
 */
import type { TlsFailure } from '../net/http/client.ts';
import type { Socket } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import { serverAuthClient } from '../tls/handshake.ts';
import { isTlsError, type TlsError } from '../tls/errors.ts';
import { ms } from '../types.ts';
import { webRoots } from '../tls/web-pki.ts';

const HANDSHAKE_TIMEOUT = ms(10_000);

function failure(e: TlsError, serverName: string): TlsFailure {
	switch (e.code) {
		case 'UnknownIssuer':
		case 'BadSignature':
			return {
				type: 'tls-failure',
				verify: true,
				message: 'SSL certificate problem: unable to get local issuer certificate'
			};
		case 'Expired':
			return {
				type: 'tls-failure',
				verify: true,
				message: 'SSL certificate problem: certificate has expired'
			};
		case 'NotValidYet':
			return {
				type: 'tls-failure',
				verify: true,
				message: 'SSL certificate problem: certificate is not yet valid'
			};
		case 'NameMismatch':
			return {
				type: 'tls-failure',
				verify: true,
				message: `SSL: no alternative certificate subject name matches target host name '${serverName}'`
			};
		default:
			return {
				type: 'tls-failure',
				verify: false,
				message: 'TLS connect error: error:0A00010B:SSL routines::wrong version number'
			};
	}
}

export async function curlTls(
	ctx: HostContext,
	socket: Socket,
	serverName: string
): Promise<Socket | TlsFailure> {
	const channel = await serverAuthClient(socket, {
		trustRoot: webRoots(),
		serverName,
		clock: ctx.clock,
		crypto: ctx.crypto,
		handshakeTimeout: HANDSHAKE_TIMEOUT
	});
	return isTlsError(channel) ? failure(channel, serverName) : channel;
}
