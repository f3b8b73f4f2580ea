/**
 * The docker host's loopback as its programs dial it while `kubectl port-forward` runs in the
 * terminal: kubectl listens on 127.0.0.1 and [::1] (client-go tools/portforward, `--address
 * localhost`), accepts at once and carries the connection to the pod through the API server
 * and kubelet. Here a connection to such a port collects what the program writes; its first
 * read hands those bytes to `HostContext.localForward` (the terminal's port-forward registry)
 * and replays what came back. The other ports of the loopback refuse as before.
 */
import type { ReadResult, Socket, NetStack, ConnectError, ConnectOptions } from '../net/socket.ts';
import type { HostContext, LocalForwardResult } from '../runtime/host.ts';
import { concat } from '../tls/bytes.ts';
import { connId, type SocketAddr } from '../types.ts';

/** The loopback addresses kubectl's listeners take. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);

class ForwardedSocket implements Socket {
	readonly #forward: (request: Uint8Array) => Promise<LocalForwardResult>;
	readonly #written: Uint8Array[] = [];
	#replies: Promise<ReadResult[]> | undefined;
	#queue: ReadResult[] = [];
	#closed = false;

	constructor(
		readonly id: ReturnType<typeof connId>,
		readonly local: SocketAddr,
		readonly remote: SocketAddr,
		forward: (request: Uint8Array) => Promise<LocalForwardResult>
	) {
		this.#forward = forward;
	}

	write(bytes: Uint8Array): void {
		if (!this.#closed && this.#replies === undefined) this.#written.push(bytes);
	}

	end(): void {}

	reset(): void {
		this.#closed = true;
		this.#queue = [{ type: 'reset', reason: 'reset' }];
	}

	async read(): Promise<ReadResult> {
		if (this.#closed) return this.#queue[0] ?? { type: 'eof' };
		this.#replies ??= this.#forward(concat(this.#written)).then(replies);
		if (this.#queue.length === 0) this.#queue = await this.#replies;
		// The last result (eof or reset) repeats, as a socket's does.
		return (this.#queue.length > 1 ? this.#queue.shift() : this.#queue[0]) as ReadResult;
	}
}

/** What the program reads back for each outcome kubectl's side had. */
function replies(result: LocalForwardResult): ReadResult[] {
	switch (result.type) {
		case 'data':
			return [...chunk(result.bytes), { type: 'eof' }];
		case 'reset':
			return [...chunk(result.bytes), { type: 'reset', reason: 'reset' }];
		// kubelet could not connect inside the pod: kubectl closes the accepted connection
		// without a byte (curl: `Empty reply from server`), and gives up (`lost connection to pod`).
		case 'refused':
		case 'no-forward':
			return [{ type: 'eof' }];
		case 'too-large':
		case 'dropped':
			return [{ type: 'reset', reason: 'reset' }];
	}
}

function chunk(bytes: Uint8Array): ReadResult[] {
	return bytes.length > 0 ? [{ type: 'data', bytes }] : [];
}

/**
 * `ctx.net` with kubectl's listeners on the loopback: `ports()` are the local ports being
 * forwarded now. Without `ctx.localForward` (any host but the docker host) it is `ctx.net`.
 */
export function withLocalForwards(ctx: HostContext, ports: () => ReadonlySet<number>): NetStack {
	const net = ctx.net;
	if (!ctx.localForward) return net;
	// Called, not bound: on workers it is a proxy to the main thread.
	const forward = (port: number, request: Uint8Array): Promise<LocalForwardResult> =>
		(ctx.localForward as NonNullable<HostContext['localForward']>)(port, request);
	let next = 0;
	return {
		ip: net.ip,
		listen: (port, onAccept) => net.listen(port, onAccept),
		connect(dst: SocketAddr, options?: ConnectOptions): Promise<Socket | ConnectError> {
			if (!LOOPBACK.has(dst.ip) || !ports().has(dst.port)) return net.connect(dst, options);
			const n = next++;
			const local = { ip: dst.ip, port: 40000 + (n % 20000) };
			const id = connId(`local-forward/${dst.port}/${n}`);
			return Promise.resolve(
				new ForwardedSocket(id, local, dst, (request) => forward(dst.port, request))
			);
		}
	};
}
