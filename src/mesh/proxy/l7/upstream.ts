/**
 * One upstream attempt: reach the chosen endpoint and exchange one HTTP/1.1 request. An
 * enrolled endpoint (HBONE) is reached through its node's ztunnel at `<pod ip>:15008` with the
 * pod's identity as the required SAN and `CONNECT <pod ip>:<target port>`; the waypoint
 * presents its own certificate, so the destination sees the waypoint's identity, as in Istio
 * ("waypoints do not impersonate the identity of the source workload"). Anything else gets
 * plain TCP, or, from a sidecar to a sidecar pod, Istio mTLS over TCP (`istioMtls`). Mirrors the
 * waypoint's `connect_originate` listener (pilot waypoint.go).
 *
 * HBONE tunnels share pooled connections (hbone/pool.ts, Envoy's upstream HTTP/2 pool): one
 * handshake per destination pod, many CONNECT streams on it.
 */
import type { Clock } from '../../clock.ts';
import { isHboneError } from '../../hbone/connect.ts';
import { HbonePool, type Opened } from '../../hbone/pool.ts';
import {
	type HttpRequest,
	type HttpResponse,
	serializeRequest,
	withoutHeader
} from '../../net/http/message.ts';
import { Http1Parser } from '../../net/http/parser.ts';
import { readResponse } from '../../net/http/read.ts';
import { isConnectError, type NetStack, type Socket } from '../../net/socket.ts';
import type { WorkloadCerts, X509Certificate } from '../../tls/certificate.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureClient, serverAuthClient } from '../../tls/handshake.ts';
import { webRoots } from '../../tls/web-pki.ts';
import { type IdentityError, isIdentityError } from '../../tls/identity.ts';
import { formatAddr, ms, type IpAddr, type SocketAddr } from '../../types.ts';
import type { SecureStream } from '../../tls/stream.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import { originateIstioMtls } from '../istio-mtls.ts';
import { clusterHostname } from './plan.ts';
import { HBONE_PORT } from '../ports.ts';
import { type Endpoint, workloadIdentity } from './state.ts';

/** Istio's default cluster connect timeout (meshConfig.connectTimeout). */
export const CONNECT_TIMEOUT = ms(10_000);

export interface UpstreamDeps {
	readonly net: NetStack;
	/**
	 * The pod's resolver: a ServiceEntry endpoint that is a hostname (resolution DNS) is resolved
	 * as the connection is made, as Envoy's STRICT_DNS / LOGICAL_DNS clusters do.
	 */
	readonly resolve?: (hostname: string) => IpAddr | undefined;
	/** A DestinationRule's TLS origination for this host (`tls.mode: SIMPLE`), if any. */
	readonly originateTls?: (hostname: string) => { readonly sni?: string } | undefined;
	readonly clock: Clock;
	readonly crypto: Crypto;
	/** The waypoint's own certificate (istiod's CA). */
	certificate(): Promise<WorkloadCerts | IdentityError>;
	trustRoots(): readonly X509Certificate[];
	/** Pooled HBONE connections to destination pods (one per waypoint; see `createUpstreamPool`). */
	readonly pool: UpstreamPool;
	/**
	 * A sidecar: whether a plain-TCP endpoint of the service `hostname` gets Istio mutual TLS
	 * (auto mTLS, or the DestinationRule's ISTIO_MUTUAL / DISABLE).
	 */
	readonly istioMtls?: (ep: Endpoint, hostname: string | undefined) => boolean;
}

/** A destination pod's HBONE address and the identity it must prove. */
export interface UpstreamKey {
	readonly dst: SocketAddr;
	readonly dstId: SpiffeId;
}

export type UpstreamPool = HbonePool<UpstreamKey, SecureStream, string>;

/** The waypoint's pool: it opens each connection with its own certificate. */
export function createUpstreamPool(deps: Omit<UpstreamDeps, 'pool'>): UpstreamPool {
	const open = async (key: UpstreamKey): Promise<Opened<SecureStream, string>> => {
		const certs = await deps.certificate();
		if (isIdentityError(certs)) return { error: `no certificate: ${certs.message}` };
		const socket = await deps.net.connect(key.dst, { timeout: CONNECT_TIMEOUT });
		if (isConnectError(socket)) return { error: `delayed connect error: ${socket.type}` };
		const stream = await secureClient(socket, {
			identity: certs,
			trustRoot: deps.trustRoots(),
			expectedPeer: key.dstId,
			clock: deps.clock,
			handshakeTimeout: CONNECT_TIMEOUT,
			crypto: deps.crypto
		});
		return isTlsError(stream) ? { error: `TLS_error:|${stream.message}` } : { stream };
	};
	return new HbonePool({
		clock: deps.clock,
		keyOf: (k) => `${formatAddr(k.dst)}[${k.dstId}]`,
		open
	});
}

export type AttemptResult =
	| {
			readonly type: 'response';
			readonly response: HttpResponse;
			/** Request and response bytes on this attempt (for %BYTES_*% and metrics). */
			readonly bytesSent: number;
			/** %UPSTREAM_LOCAL_ADDRESS% of the connection that carried it. */
			readonly local: string;
	  }
	/** Nothing reached the app: %UPSTREAM_TRANSPORT_FAILURE_REASON% is `reason`. */
	| { readonly type: 'connect-failure'; readonly reason: string }
	| { readonly type: 'reset'; readonly reason: string };

export interface Attempt {
	readonly result: Promise<AttemptResult>;
	/** Gives up (a timeout): resets the connection; the result becomes a reset. */
	cancel(): void;
}

/** `envoy://connect_originate/<ip>:<port>` for HBONE, `<ip>:<port>` for plain TCP (%UPSTREAM_HOST%). */
export function upstreamHost(ep: Endpoint): string {
	const addr = `${ep.workload.address || ep.workload.hostname || ''}:${ep.port}`;
	return (ep.workload.protocol === 'HBONE' && !ep.source) || ep.connectTo
		? `envoy://connect_originate/${addr}`
		: addr;
}

/** Content-Length framing for a request whose body is already decoded. */
function framed(req: HttpRequest): HttpRequest {
	let headers = withoutHeader(withoutHeader(req.headers, 'transfer-encoding'), 'content-length');
	const m = req.method.toUpperCase();
	if (req.body.length > 0 || m === 'POST' || m === 'PUT' || m === 'PATCH') {
		headers = [...headers, ['content-length', String(req.body.length)]];
	}
	return { ...req, version: 'HTTP/1.1', headers };
}

export type OpenedSocket = { readonly socket: Socket } | { readonly error: string };

/** A byte stream to `ep` (HBONE, plain TCP, Istio mTLS or TLS origination, as the endpoint needs). */
export async function openTunnel(
	deps: UpstreamDeps,
	ep: Endpoint,
	headers: Readonly<Record<string, string>>,
	track: (s: Socket) => void,
	cluster: string
): Promise<OpenedSocket> {
	if (ep.connectTo) {
		// A waypoint endpoint: HBONE to the waypoint pod itself, which proves the waypoint's identity.
		const sent = await deps.pool.send(
			{ dst: { ip: ep.workload.address, port: ep.port }, dstId: workloadIdentity(ep.workload) },
			ep.connectTo,
			headers
		);
		if ('error' in sent)
			return { error: isHboneError(sent.error) ? sent.error.message : sent.error };
		track(sent.tunnel);
		return { socket: sent.tunnel };
	}
	const hostname = ep.workload.hostname;
	if (hostname) {
		const resolved = deps.resolve?.(hostname);
		if (!resolved) return { error: `DNS resolution failed for ${hostname}` };
		const s = await deps.net.connect({ ip: resolved, port: ep.port }, { timeout: CONNECT_TIMEOUT });
		if (isConnectError(s)) return { error: `delayed connect error: ${s.type}` };
		track(s);
		const tls = deps.originateTls?.(hostname);
		if (!tls) return { socket: s };
		// TLS origination (DestinationRule SIMPLE): the server must prove the name to the web roots.
		const channel = await serverAuthClient(s, {
			trustRoot: webRoots(),
			serverName: tls.sni ?? hostname,
			clock: deps.clock,
			crypto: deps.crypto,
			handshakeTimeout: CONNECT_TIMEOUT
		});
		if (isTlsError(channel)) return { error: `TLS_error:|${channel.message}` };
		track(channel);
		return { socket: channel };
	}
	const target: SocketAddr = { ip: ep.workload.address, port: ep.port };
	if (ep.workload.protocol !== 'HBONE' || ep.source) {
		const options = ep.source ? { source: ep.source } : {};
		const s = await deps.net.connect(target, { timeout: CONNECT_TIMEOUT, ...options });
		if (isConnectError(s)) return { error: `delayed connect error: ${s.type}` };
		track(s);
		if (ep.source || !deps.istioMtls?.(ep, clusterHostname(cluster))) return { socket: s };
		// ISTIO_MUTUAL: our certificate, the endpoint's SPIFFE identity required (the SAN check).
		const certs = await deps.certificate();
		if (isIdentityError(certs)) return { error: `no certificate: ${certs.message}` };
		const secure = await originateIstioMtls(s, workloadIdentity(ep.workload), {
			identity: certs,
			trustRoots: deps.trustRoots(),
			clock: deps.clock,
			crypto: deps.crypto,
			timeout: CONNECT_TIMEOUT
		});
		if (isTlsError(secure)) return { error: `TLS_error:|${secure.message}` };
		track(secure);
		return { socket: secure };
	}
	const hbone = { ip: ep.workload.address, port: HBONE_PORT };
	const sent = await deps.pool.send(
		{ dst: hbone, dstId: workloadIdentity(ep.workload) },
		target,
		headers
	);
	if ('error' in sent) return { error: isHboneError(sent.error) ? sent.error.message : sent.error };
	track(sent.tunnel);
	return { socket: sent.tunnel };
}

/** Sends `req` to `ep` and reads one response. `connectHeaders` go on the CONNECT (traceparent). */
export function sendUpstream(
	deps: UpstreamDeps,
	ep: Endpoint,
	req: HttpRequest,
	connectHeaders: Readonly<Record<string, string>> = {},
	cluster = '',
	/** The connection is established: the pool's pending request becomes active. */
	onConnected?: () => void
): Attempt {
	let cancelled = false;
	let open: Socket | undefined;
	const track = (s: Socket) => {
		open = s;
		if (cancelled) s.reset();
	};
	const run = async (): Promise<AttemptResult> => {
		const opened = await openTunnel(deps, ep, connectHeaders, track, cluster);
		if (cancelled) return { type: 'reset', reason: 'cancelled' };
		if ('error' in opened) return { type: 'connect-failure', reason: opened.error };
		onConnected?.();
		const socket = opened.socket;
		const wire = serializeRequest(framed(req));
		socket.write(wire);
		const parser = new Http1Parser();
		const r = await readResponse(socket, parser, req.method);
		if (r.type !== 'message') {
			socket.reset();
			const reason =
				r.type === 'reset' ? r.reason : r.type === 'closed' ? 'connection termination' : r.message;
			return { type: 'reset', reason };
		}
		// One request per tunnel: close our side once the response is in.
		socket.end();
		const local = upstreamHost(ep).startsWith('envoy://')
			? 'envoy://internal_client_address/'
			: formatAddr(socket.local);
		return { type: 'response', response: r.message, bytesSent: wire.length, local };
	};
	return {
		result: run(),
		cancel() {
			cancelled = true;
			open?.reset();
		}
	};
}
