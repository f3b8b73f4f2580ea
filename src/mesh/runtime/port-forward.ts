/**
 * kubelet's port-forward (the CRI `PortForward` call): a connection that starts inside the pod's
 * network namespace, from 127.0.0.1, straight to one of the pod's ports. It never touches the
 * wire, kube-proxy or a ztunnel, which is why `kubectl port-forward` reaches a pod whatever
 * Services or policies say. Mirrors kubelet's `pkg/kubelet/cri/streaming/portforward`.
 */
import type { Segment } from '../net/protocol.ts';
import type { OutboundSegment } from '../net/stack.ts';
import { concat } from '../tls/bytes.ts';
import { connId, ip, type ConnId, type SimMillis, type SocketAddr, type IpAddr } from '../types.ts';

export const LOCALHOST: IpAddr = ip('127.0.0.1');

/** What came back over one forwarded connection. */
export type ForwardResult =
	/** Everything the pod's server wrote before it closed the connection. */
	| { readonly type: 'data'; readonly bytes: Uint8Array }
	/** Nothing listens on the port: kubelet's `connect: connection refused`. */
	| { readonly type: 'refused' }
	/** The server reset the connection (or the pod went away) after accepting it. */
	| { readonly type: 'reset'; readonly bytes: Uint8Array }
	/** The server sent more than `limit` bytes: the forward reset the connection and kept none. */
	| { readonly type: 'too-large'; readonly limit: number }
	/** The node's filter dropped the SYN (a kubelet probe a NetworkPolicy denies): no answer ever. */
	| { readonly type: 'dropped' };

/**
 * The most one forwarded connection brings back (the browser pane shows pages, not downloads;
 * the same figure as the HTTP parser's body limit). A server that streams on is reset.
 */
export const MAX_FORWARD_BYTES = 16 * 1024 * 1024;

export interface PortForwarder {
	/** Takes the segments of its own connections; false for any other segment. */
	intercept(segment: OutboundSegment): boolean;
	/**
	 * Opens a connection to `port`, writes `request`, half-closes, reads until the server closes.
	 * From 127.0.0.1 unless `source` names another address (kubelet's probes come from the node).
	 */
	forward(port: number, request: Uint8Array, source?: IpAddr): Promise<ForwardResult>;
}

export interface PortForwarderDeps {
	readonly podIp: IpAddr;
	/** Hands a segment to the pod's own stack. */
	readonly deliver: (segment: Segment) => void;
	readonly now: () => SimMillis;
}

interface Open {
	readonly local: SocketAddr;
	readonly remote: SocketAddr;
	readonly request: Uint8Array;
	readonly chunks: Uint8Array[];
	bytes: number;
	accepted: boolean;
	/** Resolved already (a connect-only probe): what still comes is swallowed until it closes. */
	settled: boolean;
	readonly done: (r: ForwardResult) => void;
}

export function createPortForwarder(deps: PortForwarderDeps): PortForwarder {
	const open = new Map<ConnId, Open>();
	let next = 0;

	// Asynchronous both ways, as a socket is: the stack never re-enters itself.
	const toPod = (segment: Segment): void => queueMicrotask(() => deps.deliver(segment));

	function receive(segment: OutboundSegment): void {
		const conn = open.get(segment.conn);
		if (!conn) return;
		const header = { conn: segment.conn, src: conn.local, dst: conn.remote, at: deps.now() };
		switch (segment.type) {
			case 'accept':
				conn.accepted = true;
				if (conn.request.length > 0) toPod({ ...header, type: 'data', bytes: conn.request });
				toPod({ ...header, type: 'close' });
				// kubelet's TCP probe (an empty request from the node) only needs the connect.
				if (conn.request.length === 0 && conn.local.ip !== LOCALHOST) {
					conn.settled = true;
					conn.done({ type: 'data', bytes: new Uint8Array() });
				}
				break;
			case 'data':
				conn.bytes += segment.bytes.length;
				if (conn.bytes > MAX_FORWARD_BYTES) {
					open.delete(segment.conn);
					toPod({ ...header, type: 'reset', reason: 'reset' });
					conn.done({ type: 'too-large', limit: MAX_FORWARD_BYTES });
					break;
				}
				conn.chunks.push(segment.bytes);
				break;
			case 'close':
				open.delete(segment.conn);
				conn.done({ type: 'data', bytes: concat(conn.chunks) });
				break;
			case 'reset':
				open.delete(segment.conn);
				conn.done(
					conn.accepted ? { type: 'reset', bytes: concat(conn.chunks) } : { type: 'refused' }
				);
				break;
			default:
				break;
		}
	}

	return {
		intercept(segment) {
			// Every segment the pod sends asks: with no forward open (nearly always), no lookup.
			if (open.size === 0) return false;
			const conn = open.get(segment.conn);
			if (!conn || segment.dst.ip !== conn.local.ip) return false;
			queueMicrotask(() => receive(segment));
			return true;
		},
		forward(port, request, source = LOCALHOST) {
			const n = next++;
			const conn = connId(`port-forward/${deps.podIp}/${n}`);
			const local = { ip: source, port: 40000 + (n % 20000) };
			const remote = { ip: deps.podIp, port };
			return new Promise((resolve) => {
				open.set(conn, {
					local,
					remote,
					request,
					chunks: [],
					bytes: 0,
					accepted: false,
					settled: false,
					done: resolve
				});
				toPod({ type: 'connect', conn, src: local, dst: remote, at: deps.now() });
			});
		}
	};
}
