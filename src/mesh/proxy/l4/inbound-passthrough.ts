/**
 * The plaintext inbound listener (15006): a connection to an enrolled pod from outside the mesh.
 * Policy runs with no peer identity ("Requests from sources out of mesh will have no peer
 * identity"), so principal and namespace rules cannot match it; a denial resets the client.
 * Mirrors ztunnel src/proxy/inbound_passthrough.rs proxy_inbound_plaintext. A sidecar also
 * hands it the connections its mTLS filter chain terminated (`peer`): policy then sees the
 * client's proven identity, as Envoy's inbound chain does.
 */
import { isConnectError, type Socket } from '../../net/socket.ts';
import type { SecureStream } from '../../tls/stream.ts';
import { peerCertificate } from './traffic.ts';
import type { RbacConnection } from './rbac.ts';
import { handleConnection } from './connection-manager.ts';
import { ConnectionResult, earlyDeny } from './connection-result.ts';
import { decide } from './decision.ts';
import { connectionFailed, policyRejection, unknownDestinationWorkload } from './errors.ts';
import { guessInboundService } from './inbound.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

export class InboundPassthrough {
	readonly #pi: ProxyInputs;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
	}

	/**
	 * Serves one connection; `socket.local` is the pod address the client dialled. `secure`: the
	 * same connection after a sidecar's Istio mTLS handshake (the client's identity proven).
	 */
	async serve(socket: Socket, secure?: SecureStream): Promise<void> {
		const pi = this.#pi;
		const src = socket.remote;
		const dst = socket.local;
		const state = pi.state();
		const dest = state.workloadByIp(dst.ip);
		if (!dest) {
			earlyDeny(pi, {
				src,
				dst,
				reporter: 'destination',
				error: unknownDestinationWorkload(dst.ip),
				source: state.workloadByIp(src.ip)
			});
			socket.reset();
			return;
		}
		const service = guessInboundService(state, dst, undefined, dest);
		const identity = secure?.peerIdentity;
		const conn: RbacConnection = { src, dst, srcIdentity: identity };
		const http = pi.inboundHttp?.handles(dest, dst) ? pi.inboundHttp : undefined;
		const policies = state.policiesFor(dest);
		const verdict = decide(http ? http.connectionPolicies(policies) : policies, conn);
		if (http && !verdict.rejection) {
			await http.serve(secure ?? socket, {
				src,
				dst,
				identity,
				peerCertificate: secure?.peerCertificate,
				...(secure ? { transport: 'tls' as const } : {}),
				traceparent: undefined,
				destination: dest,
				service
			});
			return;
		}
		const result = new ConnectionResult(pi, src, dst, undefined, {
			reporter: 'destination',
			source: state.workloadByIp(src.ip),
			destination: dest,
			destinationService: service,
			...(identity ? { derivedSourceIdentity: identity } : {}),
			securityPolicy: secure ? 'mutual_tls' : 'unknown'
		});
		if (secure) result.facts.peerCertificate = peerCertificate(secure.peerCertificate);
		result.facts.decision = verdict.decision;
		if (verdict.rejection) {
			result.record(policyRejection(verdict.rejection));
			socket.reset();
			return;
		}
		const app = await pi.net.connect(dst, { source: src, timeout: CONNECTION_TIMEOUT });
		if (isConnectError(app)) {
			result.record(connectionFailed(app));
			socket.reset();
			return;
		}
		await handleConnection(pi, { ctx: conn, dest }, secure ?? socket, app, result);
	}
}
