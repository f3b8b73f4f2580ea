/**
 * Istio's tcp-echo sample server (istio/istio samples/tcp-echo/src/main.go, image
 * `registry.istio.io/release/tcp-echo-server:1.3`): args `PORTS PREFIX`, PORTS comma-separated;
 * on each port every line a client sends comes back as `PREFIX line`, and the connection closes
 * when the client half-closes. Its log is main.go's `listening on …`, `request: …`, `response: …`.
 */
import { fromUtf8, utf8 } from '../net/http/message.ts';
import type { Socket } from '../net/socket.ts';
import type { ContainerProgram, ContainerSpec, HostContext } from '../runtime/host.ts';

const USAGE =
	"you should run it like: 'main [PORTS...] prefix' , please notice PORTS are comma-delineated , like  port 1[,port 2]  ";

/** main.go's handleConnection: line by line (ReadBytes('\n')), a partial last line is dropped. */
async function handleConnection(
	ctx: HostContext,
	container: string,
	socket: Socket,
	prefix: string
): Promise<void> {
	let pending = '';
	for (;;) {
		const r = await socket.read();
		if (r.type !== 'data') break;
		pending += fromUtf8(r.bytes);
		let nl = pending.indexOf('\n');
		while (nl !== -1) {
			const line = pending.slice(0, nl + 1);
			pending = pending.slice(nl + 1);
			ctx.log(container, `request: ${line.slice(0, -1)}`);
			ctx.log(container, `response: ${prefix} ${line.slice(0, -1)}`);
			socket.write(utf8(`${prefix} ${line}`));
			nl = pending.indexOf('\n');
		}
	}
	// `defer conn.Close()`: Go closes the whole socket once the read side ended.
	socket.end();
}

export function tcpEchoProgram(): ContainerProgram {
	return {
		async start(ctx: HostContext, container: ContainerSpec) {
			// The image's CMD is `9000 hello`; a pod's args replace it.
			const args = container.args ?? ['9000', 'hello'];
			if (args.length !== 2) {
				ctx.log(container.name, USAGE);
				ctx.exit(container.name, 1);
				return;
			}
			const [ports = '', prefix = ''] = args;
			for (const port of ports.split(',')) {
				const n = Number(port);
				const listener = Number.isInteger(n)
					? ctx.net.listen(n, (socket) => {
							void handleConnection(ctx, container.name, socket, prefix);
						})
					: undefined;
				if (!listener || 'type' in listener) {
					ctx.log(
						container.name,
						`failed to create listener, err: listen tcp :${port}: ` +
							(listener ? 'bind: address already in use' : `address :${port}: invalid port`)
					);
					ctx.exit(container.name, 1);
					return;
				}
				// Go prints the wildcard listener as [::]:PORT (net.Listen("tcp", ":PORT")).
				ctx.log(container.name, `listening on [::]:${n}, prefix: ${prefix}`);
			}
		},
		binaries: {}
	};
}
