import { describe, expect, it } from 'vitest';
import { httpRequest } from '../../../../src/mesh/net/http/client.ts';
import { fromUtf8, makeResponse, utf8 } from '../../../../src/mesh/net/http/message.ts';
import { serve } from '../../../../src/mesh/net/http/server.ts';
import type { Socket } from '../../../../src/mesh/net/socket.ts';
import { ms } from '../../../../src/mesh/types.ts';
import { FakeNetwork, fakeHost } from '../../../support/fake-net.ts';

function setup() {
	const net = new FakeNetwork();
	const server = fakeHost(net, { ip: '10.244.0.2', name: 'server' });
	const client = fakeHost(net, { ip: '10.244.0.3', name: 'client' });
	net.addName('server', '10.244.0.2');
	return { net, server, client };
}

/** Sends raw bytes and collects everything the server writes until it closes. */
async function raw(net: FakeNetwork, sock: Socket, bytes: string, end = true): Promise<string> {
	sock.write(utf8(bytes));
	if (end) sock.end();
	let out = '';
	for (;;) {
		const r = await net.clock.run(sock.read());
		if (r.type !== 'data') return out;
		out += fromUtf8(r.bytes);
	}
}

describe('serve + httpRequest', () => {
	it('round-trips a POST; the handler sees the client address and the body', async () => {
		const { net, server, client } = setup();
		serve(server.ctx, 80, (req) =>
			makeResponse(
				201,
				`${req.method} ${req.path} ${req.query} ${fromUtf8(req.body)} from ${req.remote.ip}`
			)
		);
		const r = await net.clock.run(
			httpRequest(client.ctx, { method: 'POST', url: 'http://server/x?y=1', body: 'hi' })
		);
		expect(r.type).toBe('response');
		if (r.type !== 'response') return;
		expect(r.response.status).toBe(201);
		expect(fromUtf8(r.response.body)).toBe('POST /x y=1 hi from 10.244.0.3');
		expect(r.trace.requestHead).toBe(
			'POST /x?y=1 HTTP/1.1\r\nHost: server\r\nContent-Length: 2\r\n\r\n'
		);
	});

	it('keeps the connection open for a second request, then closes on Connection: close', async () => {
		const { net, server, client } = setup();
		let n = 0;
		serve(server.ctx, 80, () => makeResponse(200, `n=${++n}`), { date: false });
		const sock = await net.clock.run(
			client.ctx.net.connect({ ip: '10.244.0.2' as never, port: 80 })
		);
		if ('type' in sock) throw new Error('connect failed');
		const out = await raw(
			net,
			sock,
			'GET / HTTP/1.1\r\nHost: s\r\n\r\nGET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n',
			false
		);
		expect(out).toBe(
			'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nn=1' +
				'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nn=2'
		);
	});

	it('answers HEAD without a body but with the GET length', async () => {
		const { net, server, client } = setup();
		serve(server.ctx, 80, () => makeResponse(200, 'hello'), { date: false });
		const sock = await net.clock.run(
			client.ctx.net.connect({ ip: '10.244.0.2' as never, port: 80 })
		);
		if ('type' in sock) throw new Error('connect failed');
		expect(await raw(net, sock, 'HEAD / HTTP/1.1\r\nHost: s\r\n\r\n')).toBe(
			'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'
		);
	});

	it('answers garbage with 400 and closes', async () => {
		const { net, server, client } = setup();
		serve(server.ctx, 80, () => makeResponse(200, 'never'), { date: false });
		const sock = await net.clock.run(
			client.ctx.net.connect({ ip: '10.244.0.2' as never, port: 80 })
		);
		if ('type' in sock) throw new Error('connect failed');
		expect(await raw(net, sock, 'NOT HTTP AT ALL\r\n\r\n', false)).toMatch(
			/^HTTP\/1\.1 400 Bad Request\r\n/
		);
	});

	it('a throwing handler becomes a 500, not an exception', async () => {
		const { net, server, client } = setup();
		serve(server.ctx, 80, () => {
			throw new Error('bug');
		});
		const r = await net.clock.run(httpRequest(client.ctx, { url: 'server' }));
		expect(r.type === 'response' && r.response.status).toBe(500);
	});

	it('frames a chunked response and the client decodes it', async () => {
		const { net, server, client } = setup();
		serve(server.ctx, 80, () =>
			makeResponse(200, 'x'.repeat(20000), [['Transfer-Encoding', 'chunked']])
		);
		const r = await net.clock.run(httpRequest(client.ctx, { url: 'server' }));
		expect(r.type === 'response' && r.response.body.length).toBe(20000);
	});

	const errors: [string, () => ReturnType<typeof setup>, string, string][] = [
		['dns failure', setup, 'http://nowhere/', 'dns'],
		['nothing listening', setup, 'http://server:81/', 'connect'],
		['bad url', setup, 'http://server:70000/', 'bad-url'],
		['unsupported scheme', setup, 'gopher://server/', 'unsupported-protocol']
	];
	it.each(errors)('%s → %s error value', async (_name, make, url, type) => {
		const { net, client } = make();
		const r = await net.clock.run(httpRequest(client.ctx, { url, timeout: ms(1000) }));
		expect(r.type === 'error' && r.error.type).toBe(type);
	});

	it('times out a silent server and reports when', async () => {
		const { net, server, client } = setup();
		server.ctx.net.listen(80, () => {});
		const r = await net.clock.run(httpRequest(client.ctx, { url: 'server', timeout: ms(3000) }));
		expect(r.type === 'error' && r.error.type).toBe('timeout');
		expect(r.trace.doneAt - r.trace.startedAt).toBe(3000);
		expect(net.clock.pendingTimers).toBe(0);
	});
});
