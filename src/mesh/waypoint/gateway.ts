/**
 * The ingress role (gatewayClassName `istio`): HTTP listeners on the Gateway's listener ports,
 * routed by the HTTPRoutes attached to the Gateway (WaypointConfig.listeners); an HTTPS port
 * first terminates TLS with the certificate its ClientHello's SNI selects (gateway-tls.ts), then
 * routes as HTTP with the chosen listener's routes; a TCP port (alpha Gateway API) proxies each
 * connection to the backend its TCPRoute picks by weight (tcp-proxy.ts). A request
 * picks the routes whose hostname matches its Host (exact names before wildcards before `*`).
 * Backends in the mesh are reached over HBONE, others in plaintext (upstream.ts decides by the
 * endpoint's tunnel protocol). Listeners follow config pushes: new ports open, removed ones close.
 */
import type { HttpRequest } from '../net/http/message.ts';
import { getHeader } from '../net/http/message.ts';
import type { Listener, Socket } from '../net/socket.ts';
import type { NetStack } from '../net/socket.ts';
import type { GatewayListener, ServiceRoutes } from '../xds/waypoint-config.ts';
import { serveHttp } from '../proxy/l7/http-connection-manager.ts';
import { proxyTcp, tcpCluster } from '../proxy/l7/tcp-proxy.ts';
import { edgeRequest } from '../proxy/l7/edge-request.ts';
import type { RequestTarget } from '../proxy/l7/plan.ts';
import type { WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import type { L7ProxyState } from '../proxy/l7/state.ts';
import { isTlsError } from '../tls/errors.ts';
import { serverAuthServer } from '../tls/handshake.ts';
import { ms } from '../types.ts';
import { chooseServer, loadServers } from './gateway-tls.ts';

/** Envoy's listener `transport_socket_connect_timeout` is unset; a stalled hello is cut here. */
const TLS_HANDSHAKE_TIMEOUT = ms(15_000);

function hostMatches(pattern: string, host: string): 0 | 1 | 2 | undefined {
	if (pattern === host) return 0;
	if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))) return 1;
	if (pattern === '*') return 2;
	return undefined;
}

/** The routes of `listener` for a Host header: the most specific hostname class wins. */
export function routesForHost(listener: GatewayListener, hostHeader: string): ServiceRoutes[] {
	const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
	let best: ServiceRoutes[] = [];
	let rank = 3;
	for (const r of listener.routes) {
		const m = hostMatches(r.hostname.toLowerCase(), host);
		if (m === undefined) continue;
		if (m < rank) {
			rank = m;
			best = [r];
		} else if (m === rank) best.push(r);
	}
	return best;
}

export function gatewayTarget(
	state: L7ProxyState,
	port: number,
	req: HttpRequest,
	chosen?: GatewayListener
): RequestTarget {
	const listener = chosen ?? state.config.listeners?.find((l) => l.port === port);
	const routes = listener ? routesForHost(listener, getHeader(req.headers, 'host') ?? '') : [];
	return {
		service: undefined,
		workload: undefined,
		port,
		routes,
		policies: state.policiesFor(undefined),
		basicAuth: state.basicAuthFor(undefined),
		jwt: state.jwtFor(undefined),
		fallback: undefined
	};
}

export class GatewayListeners {
	readonly #inputs: WaypointInputs;
	readonly #net: NetStack;
	readonly #open = new Map<number, Listener>();
	readonly #run: (socket: Socket, task: Promise<void>) => void;

	constructor(
		inputs: WaypointInputs,
		net: NetStack,
		run: (socket: Socket, task: Promise<void>) => void
	) {
		this.#inputs = inputs;
		this.#net = net;
		this.#run = run;
	}

	/** Opens and closes listeners to match the config's; returns ports that could not bind. */
	sync(state: L7ProxyState): number[] {
		const wanted = new Set((state.config.listeners ?? []).map((l) => l.port));
		for (const [port, l] of this.#open) {
			if (!wanted.has(port)) {
				l.close();
				this.#open.delete(port);
			}
		}
		const failed: number[] = [];
		for (const port of wanted) {
			if (this.#open.has(port)) continue;
			const l = this.#net.listen(port, (s) => this.#run(s, this.#serve(s, port)));
			if ('type' in l) failed.push(port);
			else this.#open.set(port, l);
		}
		return failed;
	}

	async #serve(socket: Socket, port: number): Promise<void> {
		const inputs = this.#inputs;
		const onPort = (inputs.state().config.listeners ?? []).filter((l) => l.port === port);
		const tcp = onPort.find((l) => l.protocol === 'TCP');
		if (tcp)
			return proxyTcp(inputs, socket, tcpCluster(tcp.tcpRoutes ?? [], undefined, inputs.rng));
		let stream: Socket = socket;
		let chosen: GatewayListener | undefined;
		if (onPort.some((l) => l.protocol === 'HTTPS')) {
			// Credentials as pushed when the connection arrives: a rotated Secret serves new ones.
			const servers = await loadServers(inputs.crypto, onPort);
			const channel = await serverAuthServer(socket, {
				identityFor: (sni) => {
					const s = chooseServer(servers, sni);
					chosen = s?.listener;
					return s?.serving;
				},
				clock: inputs.clock,
				crypto: inputs.crypto,
				handshakeTimeout: TLS_HANDSHAKE_TIMEOUT
			});
			if (isTlsError(channel)) return;
			stream = channel;
		}
		return serveHttp(
			inputs,
			stream,
			{
				identity: undefined,
				peerCertificate: undefined,
				remote: socket.remote,
				local: socket.local,
				connectTraceparent: undefined,
				mtls: false
			},
			(req) => gatewayTarget(inputs.state(), port, req, chosen),
			(req, down) => edgeRequest(req, down, inputs.state().config.numTrustedProxies ?? 0)
		);
	}
}
