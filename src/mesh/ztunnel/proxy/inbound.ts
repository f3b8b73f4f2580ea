/**
 * The HBONE listener (15008): terminates mTLS with the destination pod's certificate, reads the
 * CONNECT, applies L4 policy with the peer's identity, then opens the app's port speaking as the
 * original client. A denial answers `401`; an unreachable app `503`.
 * Mirrors ztunnel src/proxy/inbound.rs (serve_connect, build_inbound_request,
 * validate_destination) and src/proxy.rs guess_inbound_service.
 */
import { type HboneRequest, hboneAccept, isHboneError } from '../../hbone/connect.ts';
import { isConnectError, type Socket } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureServer } from '../../tls/handshake.ts';
import { isIdentityError } from '../../tls/identity.ts';
import type { SecureStream } from '../../tls/stream.ts';
import type { SocketAddr } from '../../types.ts';
import { assertRbac, type RbacConnection } from '../rbac.ts';
import {
	type ProxyState,
	type ServiceDescription,
	describeService,
	workloadIdentity
} from '../state/proxy-state.ts';
import type { Workload } from '../state/xds.ts';
import { ConnectionResult, logEarlyDeny } from './connection-result.ts';
import { copyBidirectional } from './copy.ts';
import {
	connectionFailed,
	identityFailure,
	ipMismatch,
	policyRejection,
	tlsFailure,
	unknownDestinationWorkload
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

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

	/** Serves one connection to `<pod ip>:15008`. */
	async serve(socket: Socket): Promise<void> {
		const pi = this.#pi;
		const dest = pi.state().workloadByIp(socket.local.ip);
		if (!dest) {
			logEarlyDeny(
				pi.accessLog,
				socket.remote,
				socket.local,
				'destination',
				unknownDestinationWorkload(socket.local.ip)
			);
			socket.reset();
			return;
		}
		const certs = await pi.secrets.fetchCertificate(workloadIdentity(dest));
		if (isIdentityError(certs)) {
			logEarlyDeny(
				pi.accessLog,
				socket.remote,
				socket.local,
				'destination',
				identityFailure(certs.message)
			);
			socket.reset();
			return;
		}
		const stream = await secureServer(socket, {
			identity: certs,
			trustRoot: pi.trustRoots(),
			clock: pi.clock,
			handshakeTimeout: CONNECTION_TIMEOUT,
			replayCache: pi.replayCache,
			...(pi.crypto ? { crypto: pi.crypto } : {})
		});
		if (isTlsError(stream)) {
			const error = tlsFailure(stream.message);
			logEarlyDeny(pi.accessLog, socket.remote, socket.local, 'destination', error);
			return;
		}
		const req = await hboneAccept(stream);
		if (isHboneError(req)) return;
		await this.#serveConnect(socket.local, req, dest);
	}

	async #serveConnect(
		local: SocketAddr,
		req: HboneRequest<SecureStream>,
		dest: Workload
	): Promise<void> {
		const pi = this.#pi;
		const state = pi.state();
		const src = req.stream.remote;
		// validate_destination: the tunnel may only reach the pod it was addressed to.
		if (req.target.ip !== local.ip) {
			logEarlyDeny(pi.accessLog, src, local, 'destination', ipMismatch(local.ip, req.target.ip));
			req.respond(400);
			return;
		}
		// The connection is to 15008; policy sees the real (target) port.
		const conn: RbacConnection = { src, dst: req.target, srcIdentity: req.stream.peerIdentity };
		const forwarded = req.headers.find(([n]) => n === 'forwarded')?.[1];
		const result = new ConnectionResult(pi, src, local, req.target, {
			reporter: 'destination',
			source: state.workloadByIp(src.ip),
			derivedSourceIdentity: req.stream.peerIdentity,
			destination: dest,
			destinationService: guessInboundService(
				state,
				req.target,
				parseForwardedHost(forwarded),
				dest
			),
			securityPolicy: 'mutual_tls'
		});
		const rejection = assertRbac(state.policiesFor(dest), conn);
		if (rejection) {
			result.record(policyRejection(rejection));
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
		await copyBidirectional(tunnel, app, result);
		result.record();
	}
}
