/**
 * A server on the simulated internet answering HTTPS on 443, as a load balancer in front of
 * the site does (httpbin.org sits behind one): it terminates TLS with a certificate for the
 * site's name from the simulated web PKI and relays the plaintext to the site's own port 80 on
 * loopback. Loaded only by the external hosts, so pods never carry the TLS code for it.
 */
import { isConnectError, type Socket } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import { isTlsError } from '../tls/errors.ts';
import { createReplayCache, serverAuthServer } from '../tls/handshake.ts';
import { ip, ms } from '../types.ts';
import { issueServerCert } from '../tls/web-pki.ts';

const HANDSHAKE_TIMEOUT = ms(10_000);

/**
 * Copies `from` to `to`. `forwarded`: headers a load balancer adds to each request head
 * (`X-Forwarded-For`, `X-Forwarded-Proto`), inserted after each request line it passes.
 */
async function pump(from: Socket, to: Socket, forwarded?: string): Promise<void> {
	const encoder = new TextEncoder();
	const decoder = new TextDecoder();
	let atLineStart = true;
	for (;;) {
		const r = await from.read();
		if (r.type === 'data' && forwarded !== undefined && atLineStart) {
			// A request line starts here (curl sends one request per connection, its head first).
			const text = decoder.decode(r.bytes);
			const eol = text.indexOf('\r\n');
			if (eol > 0 && /^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(text.slice(0, eol))) {
				// The balancer's own X-Forwarded-Proto replaces one a client sent (a proxy's).
				const after = text.slice(eol + 2);
				const end = after.indexOf('\r\n\r\n');
				const head = end < 0 ? after : after.slice(0, end + 2);
				const rest =
					head.replace(/^x-forwarded-proto:[^\r\n]*\r\n/gim, '') +
					(end < 0 ? '' : after.slice(end + 2));
				to.write(encoder.encode(`${text.slice(0, eol + 2)}${forwarded}${rest}`));
				atLineStart = false;
				continue;
			}
		}
		if (r.type === 'data') {
			atLineStart = false;
			to.write(r.bytes);
		} else {
			if (r.type === 'eof') to.end();
			else to.reset();
			return;
		}
	}
}

/** Listens on 443 for `hostname` and relays each TLS session to 127.0.0.1:`backendPort`. */
export async function startHttpsFront(
	ctx: HostContext,
	hostname: string,
	backendPort: number
): Promise<void> {
	const serial = Array.from({ length: 8 }, () => ctx.rng.int(256).toString(16).padStart(2, '0'));
	const identity = await issueServerCert(hostname, ctx.clock.now(), serial.join(''), ctx.crypto);
	const replayCache = createReplayCache();
	ctx.net.listen(443, (socket) => {
		void (async () => {
			const channel = await serverAuthServer(socket, {
				identity,
				clock: ctx.clock,
				crypto: ctx.crypto,
				handshakeTimeout: HANDSHAKE_TIMEOUT,
				replayCache
			});
			if (isTlsError(channel)) return;
			const backend = await ctx.net.connect({ ip: ip('127.0.0.1'), port: backendPort });
			if (isConnectError(backend)) {
				channel.reset();
				return;
			}
			const forwarded = `X-Forwarded-For: ${socket.remote.ip}\r\nX-Forwarded-Proto: https\r\n`;
			await Promise.all([pump(channel, backend, forwarded), pump(backend, channel)]);
		})();
	});
}
