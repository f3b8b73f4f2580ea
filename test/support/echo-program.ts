/**
 * A tiny test program: an upper-casing echo server on port 7 and a `connect HOST PORT MSG
 * [TIMEOUT]` binary that prints the reply. Runtime tests use it to check the data path without
 * depending on the apps.
 */
import type { ContainerProgram } from '../../src/mesh/runtime/host.ts';
import { isConnectError, type Socket } from '../../src/mesh/net/socket.ts';
import { ms } from '../../src/mesh/types.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function readAll(s: Socket): Promise<{ text: string; end: string }> {
	let text = '';
	for (;;) {
		const r = await s.read();
		if (r.type === 'data') text += dec.decode(r.bytes);
		else return { text, end: r.type };
	}
}

export const echoProgram: ContainerProgram = {
	control(message, ctx) {
		ctx.log('main', `control ${JSON.stringify(message)}`);
		return { received: message, at: ctx.clock.now() };
	},
	async start(ctx) {
		ctx.net.listen(7, async (s) => {
			const { text } = await readAll(s);
			ctx.log('main', `echo ${text}`);
			if (text === 'RESET') return s.reset();
			s.write(enc.encode(text.toUpperCase()));
			s.end();
		});
	},
	binaries: {
		/** Prints whether a 1 ms sim timer fired before a real WebCrypto key generation finished. */
		async race(_argv, io, ctx) {
			const order: string[] = [];
			ctx.clock.after(ms(1), () => order.push('timer'));
			await ctx.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
			order.push('key');
			await ctx.clock.sleep(ms(2));
			io.stdout(`${order.join(',')}\n`);
			return 0;
		},
		async connect(argv, io, ctx) {
			const [, host, port, msg, timeout] = argv;
			const addr = ctx.dns.lookup(host ?? '');
			if (!addr) {
				io.stderr('no such host\n');
				return 6;
			}
			const t0 = ctx.clock.now();
			const s = await ctx.net.connect(
				{ ip: addr, port: Number(port) },
				timeout ? { timeout: ms(Number(timeout)) } : {}
			);
			if (isConnectError(s)) {
				io.stderr(`${s.type} after ${(ctx.clock.now() - t0).toFixed(3)}ms\n`);
				return 7;
			}
			s.write(enc.encode(msg ?? ''));
			s.end();
			const { text, end } = await readAll(s);
			io.stdout(
				`${text} (${end}) from ${s.remote.ip}:${s.remote.port} at ${(ctx.clock.now() - t0).toFixed(3)}ms\n`
			);
			return end === 'eof' ? 0 : 56;
		}
	}
};
