/**
 * The HBONE listener (15008): terminates mTLS with the destination pod's certificate, then serves
 * every CONNECT stream the connection carries: each gets L4 policy with the peer's identity, then
 * the app's port is opened speaking as the original client. A denial answers that stream `401`;
 * an unreachable app `503`; the connection's other streams go on.
 * Mirrors ztunnel src/proxy/inbound.rs (serve_connect, build_inbound_request,
 * validate_destination) and src/proxy.rs guess_inbound_service.
 */
import { type HboneRequest, serveHbone } from '../../hbone/connect.ts';
import { isConnectError, type Socket } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureServer } from '../../tls/handshake.ts';
import { DEFAULT_TRUST_DOMAIN, isIdentityError } from '../../tls/identity.ts';
import type { SecureStream } from '../../tls/stream.ts';
import type { SocketAddr } from '../../types.ts';
import type { RbacConnection } from './rbac.ts';
import {
	type ProxyState,
	type ServiceDescription,
	describeService,
	workloadIdentity
} from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import { handleConnection } from './connection-manager.ts';
import { findInboundUpstream } from './inbound-hostname.ts';
import { ConnectionResult, earlyDeny } from './connection-result.ts';
import { decide } from './decision.ts';
import {
	type ProxyError,
	connectionFailed,
	identityFailure,
	inboundHostnameError,
	ipMismatch,
	policyRejection,
	tlsFailure,
	unknownDestinationWorkload
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';
import { peerCertificate, traceIdOf } from './traffic.ts';

/**
 * The service the client meant: the `host=` it sent in `forwarded` if the workload backs it,
 * else the workload's service whose target port is the one being reached.
 */
export function guessInboundService(
	state: ProxyState,
	dst: SocketAddr,
	forHost: string | undefined,
	dest: Workload
): ServiceDescription | undefined {
	const services = state.servicesByWorkload(dest);
	const named = services.find((s) => s.hostname === forHost);
	if (named) return describeService(named);
	const byPort = services.find((s) =>
		Object.entries(s.ports).some(([sport, tport]) => {
			if (tport === dst.port) return true;
			const ep = s.endpoints.find((e) => e.workloadUid === dest.uid);
			return ep?.ports[Number(sport)] === dst.port;
		})
	);
	return byPort ? describeService(byPort) : undefined;
}

/** `for="…";host=productpage.default.svc.cluster.local` → the host (parse_forwarded_host). */
export function parseForwardedHost(value: string | undefined): string | undefined {
	const m = /(?:^|;)\s*host=("?)([^";,]+)\1/i.exec(value ?? '');
	return m?.[2];
}

export class Inbound {
	readonly #pi: ProxyInputs;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
	}

	/**
	 * Serves one connection to `<pod ip>:15008`: one handshake, then every CONNECT stream on it,
	 * each checked by policy on its own. Resolves once the connection has ended.
	 */
	async serve(socket: Socket): Promise<void> {
		const pi = this.#pi;
		const early = (error: ProxyError, destination?: Workload) =>
			earlyDeny(pi, {
				src: socket.remote,
				dst: socket.local,
				reporter: 'destination',
				error,
				source: pi.state().workloadByIp(socket.remote.ip),
				destination
			});
		const dest = pi.state().workloadByIp(socket.local.ip);
		if (!dest) {
			early(unknownDestinationWorkload(socket.local.ip));
			socket.reset();
			return;
		}
		const certs = await pi.secrets.fetchCertificate(workloadIdentity(dest));
		if (isIdentityError(certs)) {
			early(identityFailure(certs.message), dest);
			socket.reset();
			return;
		}
		const stream = await secureServer(socket, {
			identity: certs,
			trustRoot: pi.trustRoots(),
			// Only clients of our own trust domain, as ztunnel's TrustDomainVerifier.
			expectedTrustDomain: dest.trustDomain || DEFAULT_TRUST_DOMAIN,
			clock: pi.clock,
			handshakeTimeout: CONNECTION_TIMEOUT,
			replayCache: pi.replayCache,
			crypto: pi.crypto
		});
		if (isTlsError(stream)) {
			early(tlsFailure(stream.message), dest);
			return;
		}
		// A bug in one stream drops the whole connection and surfaces to the listener's log.
		let bug: unknown;
		await serveHbone(
			stream,
			(req) => {
				this.#serveConnect(socket.local, req, dest).catch((e: unknown) => {
					bug ??= e;
					socket.reset();
				});
			},
			undefined,
			// Double HBONE's inner tunnel names the Service: the local pod serves it.
			(svc) => {
				const to = findInboundUpstream(pi.state(), socket.local, dest, svc);
				if ('ip' in to) return to;
				early(inboundHostnameError(to.type, to.message), dest);
				return 400;
			}
		);
		if (bug !== undefined) throw bug;
	}

	async #serveConnect(
		local: SocketAddr,
		req: HboneRequest<SecureStream>,
		connectedTo: Workload
	): Promise<void> {
		let dest = connectedTo;
		const pi = this.#pi;
		const state = pi.state();
		const src = req.stream.remote;
		// The connection may be older than the config: policies come from the current one.
		const current = state.workloadByIp(local.ip);
		if (current?.uid === dest.uid) dest = current;
		const traceId = traceIdOf(req.headers.find(([n]) => n === 'traceparent')?.[1]);
		const peerCert = peerCertificate(req.stream.peerCertificate);
		// validate_destination: the tunnel may only reach the pod it was addressed to.
		if (req.target.ip !== local.ip) {
			earlyDeny(pi, {
				src,
				dst: local,
				reporter: 'destination',
				error: ipMismatch(local.ip, req.target.ip),
				source: state.workloadByIp(src.ip),
				destination: dest,
				mtls: true,
				facts: { ...(traceId ? { traceId } : {}), peerCertificate: peerCert }
			});
			req.respond(400);
			return;
		}
		// The connection is to 15008; policy sees the real (target) port.
		const conn: RbacConnection = { src, dst: req.target, srcIdentity: req.stream.peerIdentity };
		const forwarded = req.headers.find(([n]) => n === 'forwarded')?.[1];
		const forHost = req.svcHostname?.hostname ?? parseForwardedHost(forwarded);
		const service = guessInboundService(state, req.target, forHost, dest);
		const http = pi.inboundHttp?.handles(dest, req.target) ? pi.inboundHttp : undefined;
		const policies = state.policiesFor(dest);
		const verdict = decide(http ? http.connectionPolicies(policies) : policies, conn);
		if (http && !verdict.rejection) {
			const tunnel = req.respond(200);
			await http.serve(tunnel, {
				src,
				dst: req.target,
				identity: req.stream.peerIdentity,
				peerCertificate: req.stream.peerCertificate,
				traceparent: req.headers.find(([n]) => n === 'traceparent')?.[1],
				destination: dest,
				service
			});
			return;
		}
		const result = new ConnectionResult(pi, src, local, req.target, {
			reporter: 'destination',
			source: state.workloadByIp(src.ip),
			derivedSourceIdentity: req.stream.peerIdentity,
			destination: dest,
			destinationService: service,
			securityPolicy: 'mutual_tls'
		});
		if (traceId) result.facts.traceId = traceId;
		result.facts.peerCertificate = peerCert;
		result.facts.decision = verdict.decision;
		if (verdict.rejection) {
			result.record(policyRejection(verdict.rejection));
			req.respond(401);
			return;
		}
		const app = await pi.net.connect(req.target, { source: src, timeout: CONNECTION_TIMEOUT });
		if (isConnectError(app)) {
			result.record(connectionFailed(app));
			req.respond(503);
			return;
		}
		const tunnel = req.respond(200);
		const destService = parseForwardedHost(forwarded);
		await handleConnection(
			pi,
			{ ctx: conn, dest, ...(destService ? { destService } : {}) },
			tunnel,
			app,
			result
		);
	}
}
