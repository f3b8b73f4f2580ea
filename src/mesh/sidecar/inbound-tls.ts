/**
 * The sidecar's inbound listener (15006) with its two filter chains: the TLS inspector reads the
 * first bytes; a ClientHello offering Istio's ALPN goes to the mTLS chain (the pod's certificate,
 * a client certificate of the mesh's trust domain required), anything else to the plaintext one.
 * Both end in the L4 engine's inbound (policy, metrics, logs, the app), which sees the client's
 * proven identity after mTLS. PeerAuthentication STRICT is the L4 policy that denies a connection
 * without one, so PERMISSIVE accepts both chains and STRICT only mTLS.
 * Mirrors pilot/pkg/networking/core/listener_inbound.go (the `virtualInbound` filter chain match
 * on transport_protocol and application_protocols) and pilot/pkg/security/authn (mtls modes).
 */
import type { Socket } from '../net/socket.ts';
import { isIstioMtls, terminateIstioMtls } from '../proxy/istio-mtls.ts';
import { earlyDeny } from '../proxy/l4/connection-result.ts';
import { identityFailure, tlsFailure } from '../proxy/l4/errors.ts';
import type { InboundPassthrough } from '../proxy/l4/inbound-passthrough.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from '../proxy/l4/inputs.ts';
import { workloadIdentity } from '../proxy/l4/state/proxy-state.ts';
import { isTlsError } from '../tls/errors.ts';
import { DEFAULT_TRUST_DOMAIN, isIdentityError } from '../tls/identity.ts';
import { inspectTls } from '../tls/inspector.ts';

export async function serveInbound(
	pi: ProxyInputs,
	passthrough: InboundPassthrough,
	raw: Socket
): Promise<void> {
	const inspected = await inspectTls(raw);
	const socket = inspected.socket;
	if (!isIstioMtls(inspected)) return passthrough.serve(socket);
	const state = pi.state();
	const dest = state.workloadByIp(socket.local.ip);
	const deny = (error: ReturnType<typeof tlsFailure>) =>
		earlyDeny(pi, {
			src: socket.remote,
			dst: socket.local,
			reporter: 'destination',
			error,
			source: state.workloadByIp(socket.remote.ip),
			...(dest ? { destination: dest } : {})
		});
	// No workload yet: the plaintext chain refuses it with the reason.
	if (!dest) return passthrough.serve(socket);
	const certs = await pi.secrets.fetchCertificate(workloadIdentity(dest));
	if (isIdentityError(certs)) {
		deny(identityFailure(certs.message));
		socket.reset();
		return;
	}
	const secure = await terminateIstioMtls(socket, dest.trustDomain || DEFAULT_TRUST_DOMAIN, {
		identity: certs,
		trustRoots: pi.trustRoots(),
		clock: pi.clock,
		crypto: pi.crypto,
		timeout: CONNECTION_TIMEOUT,
		replayCache: pi.replayCache
	});
	if (isTlsError(secure)) {
		deny(tlsFailure(secure.message));
		return;
	}
	await passthrough.serve(socket, secure);
}
