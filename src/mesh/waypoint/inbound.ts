/**
 * The waypoint's HBONE listener (15008, Envoy's `connect_terminate`): terminate mTLS with the
 * waypoint's own certificate, read each CONNECT (a client ztunnel pools: many per connection), check the authority is a Service or Pod this
 * waypoint serves, answer 200, then serve the HTTP/1.1 requests inside the tunnel.
 * The peer's certificate is the client ztunnel's proof of the client's identity: that identity
 * is what L7 policy sees. `forwarded: for="<ip:port>"` on the CONNECT names the client.
 */
import { type HboneRequest, parseAuthority, serveHbone } from '../hbone/connect.ts';
import { isTlsError } from '../tls/errors.ts';
import { createReplayCache, secureServer } from '../tls/handshake.ts';
import { isIdentityError } from '../tls/identity.ts';
import type { SecureStream } from '../tls/stream.ts';
import { ms, type SocketAddr } from '../types.ts';
import { serveHttp } from '../proxy/l7/http-connection-manager.ts';
import type { Destination, L7ProxyState } from '../proxy/l7/state.ts';
import type { Downstream, RequestTarget } from '../proxy/l7/plan.ts';
import type { WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import { authorize } from '../proxy/l7/rbac.ts';
import { tcpPolicies } from '../proxy/l7/rbac-tcp.ts';
import { proxyTcp, tcpCluster } from '../proxy/l7/tcp-proxy.ts';
import type { Socket } from '../net/socket.ts';
import { forwardInnerConnect, forwardTarget, isEastWest } from './eastwest.ts';

const HANDSHAKE_TIMEOUT = ms(10_000);

/** `for="10.244.1.5:43210"` (ztunnel's build_forwarded) → the client address. */
export function parseForwardedFor(value: string | undefined): SocketAddr | undefined {
	const m = /(?:^|;|,)\s*for="?([^";,]+)"?/i.exec(value ?? '');
	return m?.[1] ? parseAuthority(m[1]) : undefined;
}

/** How requests to `dst` are routed and authorized under the current config. */
export function targetFor(
	state: L7ProxyState,
	dst: Destination | undefined,
	port: number
): RequestTarget {
	if (!dst) {
		return {
			service: undefined,
			workload: undefined,
			port,
			routes: [],
			policies: [],
			fallback: undefined
		};
	}
	if (dst.kind === 'workload') {
		return {
			service: undefined,
			workload: dst.workload,
			port,
			routes: [],
			policies: state.policiesFor(undefined),
			basicAuth: state.basicAuthFor(undefined),
			jwt: state.jwtFor(undefined),
			fallback: { hostname: dst.workload.address, port, weight: 1 }
		};
	}
	const hostname = dst.service.hostname;
	return {
		service: dst.service,
		workload: undefined,
		port,
		routes: state.routesFor(hostname, port),
		policies: state.policiesFor(hostname),
		basicAuth: state.basicAuthFor(hostname),
		jwt: state.jwtFor(hostname),
		fallback: { hostname, port, weight: 1 }
	};
}

export class Inbound {
	readonly #inputs: WaypointInputs;
	readonly #replay = createReplayCache();

	constructor(inputs: WaypointInputs) {
		this.#inputs = inputs;
	}

	/**
	 * Serves one downstream connection: every CONNECT on it is a tunnel of its own, served
	 * concurrently (a pooled client ztunnel sends many). `streamFailed` hears a tunnel's bug; the
	 * tunnel is reset and the connection's other tunnels go on.
	 */
	async serve(socket: Socket, streamFailed: (e: unknown) => void = () => {}): Promise<void> {
		const inputs = this.#inputs;
		const certs = await inputs.certificate();
		if (isIdentityError(certs)) {
			inputs.log(
				`warning: HBONE connection from ${socket.remote.ip} refused: no certificate (${certs.message})`
			);
			socket.reset();
			return;
		}
		const stream = await secureServer(socket, {
			identity: certs,
			trustRoot: inputs.trustRoots(),
			clock: inputs.clock,
			handshakeTimeout: HANDSHAKE_TIMEOUT,
			replayCache: this.#replay,
			crypto: inputs.crypto
		});
		if (isTlsError(stream)) return;
		// An east-west gateway takes CONNECTs naming a global Service and forwards them (eastwest.ts).
		const eastWest = isEastWest(inputs.state());
		await serveHbone(
			stream,
			(req) => {
				const served = eastWest ? forwardInnerConnect(inputs, req) : this.#serveConnect(req);
				served.catch(streamFailed);
			},
			undefined,
			eastWest ? (svc) => forwardTarget(inputs.state(), svc) : undefined
		);
	}

	async #serveConnect(req: HboneRequest<SecureStream>): Promise<void> {
		const inputs = this.#inputs;
		// "The waypoint will ensure that the traffic is for a Pod or Service which uses it."
		if (!inputs.state().resolve(req.target)) {
			req.respond(503);
			return;
		}
		const header = (name: string) => req.headers.find(([n]) => n === name)?.[1];
		const down: Downstream = {
			identity: req.stream.peerIdentity,
			peerCertificate: req.stream.peerCertificate,
			remote: parseForwardedFor(header('forwarded')) ?? req.stream.remote,
			local: req.target,
			connectTraceparent: header('traceparent'),
			mtls: true
		};
		const dst = inputs.state().resolve(req.target);
		if (
			dst?.kind === 'service' &&
			inputs.state().isTcpPort(dst.service.hostname, req.target.port)
		) {
			await this.#proxyTcp(req, dst.service.hostname, down);
			return;
		}
		const tunnel = req.respond(200);
		try {
			await serveHttp(inputs, tunnel, down, () => {
				const state = inputs.state();
				return targetFor(state, state.resolve(req.target), req.target.port);
			});
		} catch (e) {
			tunnel.reset();
			throw e;
		}
	}

	/**
	 * A TCP service port: Envoy's tcp_proxy behind the network RBAC filter, built `forTCP`
	 * (rbac-tcp.ts). A denied connection is closed once accepted, as the RBAC filter closes it;
	 * otherwise bytes are spliced to one endpoint of the Service (round robin), or of the backend a
	 * TCPRoute attached to the Service picks by weight (tcp-proxy.ts).
	 */
	async #proxyTcp(
		req: HboneRequest<SecureStream>,
		hostname: string,
		down: Downstream
	): Promise<void> {
		const inputs = this.#inputs;
		const state = inputs.state();
		const port = req.target.port;
		const decision = authorize(tcpPolicies(state.policiesFor(hostname)), {
			method: '',
			path: '',
			host: '',
			headers: [],
			port,
			destinationIp: req.target.ip,
			sourceIp: down.remote.ip,
			sourceIdentity: down.identity
		});
		const tunnel = req.respond(200);
		if (!decision.allowed) {
			tunnel.end();
			return;
		}
		const routes = state.tcpRoutesFor(hostname, port);
		await proxyTcp(inputs, tunnel, tcpCluster(routes, { hostname, port }, inputs.rng));
	}
}
