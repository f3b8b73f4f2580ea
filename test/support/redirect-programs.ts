/**
 * A stand-in ztunnel for network tests: a transparent host that splices redirected connections
 * to where they were going, speaking for the original client. It checks the plumbing istio-cni
 * and the network provide, not ztunnel's logic (which has its own tests).
 */
import type { ContainerProgram, HostContext } from '../../src/mesh/runtime/host.ts';
import { isConnectError, type Socket } from '../../src/mesh/net/socket.ts';
import { formatAddr } from '../../src/mesh/types.ts';

async function pipe(from: Socket, to: Socket): Promise<void> {
	for (;;) {
		const r = await from.read();
		if (r.type === 'data') to.write(r.bytes);
		else if (r.type === 'eof') return to.end();
		else return to.reset();
	}
}

function splice(ctx: HostContext, kind: string, port: number): void {
	ctx.net.listen(port, async (client) => {
		ctx.log('main', `${kind} ${formatAddr(client.remote)} -> ${formatAddr(client.local)}`);
		const upstream = await ctx.net.connect(client.local, { source: client.remote });
		if (isConnectError(upstream)) return client.reset();
		void pipe(client, upstream);
		void pipe(upstream, client);
	});
}

export const fakeZtunnel: ContainerProgram = {
	transparent: true,
	async start(ctx) {
		splice(ctx, 'outbound', 15001);
		splice(ctx, 'inbound-plaintext', 15006);
	},
	binaries: {}
};
