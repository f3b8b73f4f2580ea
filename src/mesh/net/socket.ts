/**
 * The socket API a host's programs use: a TCP-like byte stream. Implemented by `stack.ts` over
 * segments; apps (Bookinfo, httpbin, curl) and later proxies see only these interfaces.
 */
import type { SimMillis, SocketAddr, ConnId, IpAddr } from '../types.ts';

export type ReadResult =
	| { readonly type: 'data'; readonly bytes: Uint8Array }
	/** The peer half-closed: no more data will arrive. Repeats on every later read. */
	| { readonly type: 'eof' }
	/** The connection was reset; repeats on every later read. */
	| { readonly type: 'reset'; readonly reason: string };

export interface Socket {
	readonly id: ConnId;
	readonly local: SocketAddr;
	readonly remote: SocketAddr;
	/** Queues bytes for the peer. Ignored after `end`, `reset`, or a reset from the peer. */
	write(bytes: Uint8Array): void;
	/** Half-close: sends FIN. Reading stays possible until the peer closes too. */
	end(): void;
	/** Aborts the connection (RST) in both directions. */
	reset(): void;
	/** The next chunk, or eof/reset. Never rejects. */
	read(): Promise<ReadResult>;
}

/** Errors as a socket would report them; curl maps them to its exit codes 7 and 28. */
export type ConnectError =
	/** RST in reply to SYN: nothing listens on the port (curl: "Connection refused", exit 7). */
	| { readonly type: 'refused' }
	/** No answer before the deadline (curl exit 28). */
	| { readonly type: 'timeout' }
	/** No route to the address (curl: "No route to host", exit 7). */
	| { readonly type: 'unreachable' };

export type ListenError = { readonly type: 'address-in-use'; readonly port: number };

export interface Listener {
	readonly port: number;
	close(): void;
}

export interface NetStack {
	readonly ip: IpAddr;
	/** Accepts connections on `port`; `onAccept` runs once per new connection. */
	listen(port: number, onAccept: (socket: Socket) => void): Listener | ListenError;
	/**
	 * Opens a connection. A Service VIP is translated to one of its endpoints (the kube-proxy
	 * role) before the SYN leaves the host, so captures show pod addresses as tcpdump would.
	 */
	connect(dst: SocketAddr, options?: ConnectOptions): Promise<Socket | ConnectError>;
}

export interface ConnectOptions {
	readonly timeout?: SimMillis;
	/**
	 * Speak for another address (IP_TRANSPARENT): only a transparent host (a ztunnel) or owner (a
	 * sidecar's proxy, `socketsOf`) may. The
	 * peer sees this address; its replies come back to us.
	 */
	readonly source?: SocketAddr;
}

export function isConnectError(x: Socket | ConnectError): x is ConnectError {
	return !('read' in x);
}
