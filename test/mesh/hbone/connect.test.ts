import { describe, expect, it } from 'vitest';
import {
	type HboneRefusal,
	hboneAccept,
	hboneConnect,
	isHboneError,
	parseAuthority
} from '../../../src/mesh/hbone/connect.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { secureClient, secureServer } from '../../../src/mesh/tls/handshake.ts';
import { ip } from '../../../src/mesh/types.ts';
import { readAll, socketPair } from '../../support/socket-pair.ts';
import { CURL, PRODUCTPAGE, createPki } from '../tls/pki.ts';

const text = (s: string) => new TextEncoder().encode(s);
const TARGET = { ip: ip('10.244.2.7'), port: 9080 };

describe('HBONE CONNECT over a plain stream', () => {
	it('opens a tunnel that carries raw bytes both ways', async () => {
		const pair = socketPair();
		const client = hboneConnect(pair.a, TARGET, {
			baggage: 'k8s.namespace.name=default',
			forwarded: 'for=10.244.1.5',
			traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
		});
		// Bytes the client sends right after CONNECT may arrive with the head: not lost.
		const request = await hboneAccept(pair.b);
		if (isHboneError(request)) throw new Error(request.message);
		expect(request.target).toEqual(TARGET);
		expect(request.headers).toEqual([
			['host', '10.244.2.7:9080'],
			['baggage', 'k8s.namespace.name=default'],
			['forwarded', 'for=10.244.1.5'],
			['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01']
		]);
		const inbound = request.respond(200);
		inbound.write(text('SSH-2.0-banner\r\n'));
		const tunnel = await client;
		if (isHboneError(tunnel)) throw new Error(tunnel.message);
		expect(await tunnel.read()).toEqual({ type: 'data', bytes: text('SSH-2.0-banner\r\n') });
		tunnel.write(text('GET / HTTP/1.1\r\n\r\n'));
		tunnel.end();
		expect(await readAll(inbound)).toEqual({
			text: 'GET / HTTP/1.1\r\n\r\n',
			end: { type: 'eof' }
		});
		expect(new TextDecoder().decode(pair.wire('a→b'))).toMatch(
			/^CONNECT 10\.244\.2\.7:9080 HTTP\/1\.1\r\nhost: 10\.244\.2\.7:9080\r\n/
		);
	});

	it('keeps tunnel bytes that arrive in the same chunk as the head', async () => {
		const pair = socketPair();
		pair.a.write(text('CONNECT 10.244.2.7:9080 HTTP/1.1\r\n\r\nearly data'));
		const request = await hboneAccept(pair.b);
		if (isHboneError(request)) throw new Error(request.message);
		const tunnel = request.respond(200);
		expect(await tunnel.read()).toEqual({ type: 'data', bytes: text('early data') });
	});

	const refusals: { status: HboneRefusal; message: string }[] = [
		{ status: 401, message: 'http status: 401 Unauthorized' },
		{ status: 503, message: 'http status: 503 Service Unavailable' }
	];
	it.each(refusals)(
		'a $status answer is an error with ztunnel wording',
		async ({ status, message }) => {
			const pair = socketPair();
			const client = hboneConnect(pair.a, TARGET);
			const request = await hboneAccept(pair.b);
			if (isHboneError(request)) throw new Error(request.message);
			expect(request.respond(status)).toBeUndefined();
			expect(await client).toEqual({ type: 'hbone-error', status, message });
			expect(await pair.a.read()).toEqual({ type: 'eof' });
		}
	);

	const malformed = [
		{ name: 'not CONNECT', head: 'GET / HTTP/1.1', status: 405 },
		{ name: 'host name target', head: 'CONNECT productpage:9080 HTTP/1.1', status: 400 },
		{ name: 'port out of range', head: 'CONNECT 10.0.0.1:70000 HTTP/1.1', status: 400 },
		{ name: 'garbage', head: 'hello', status: 400 }
	];
	it.each(malformed)(
		'answers a malformed request ($name) with $status',
		async ({ head, status }) => {
			const pair = socketPair();
			pair.a.write(text(`${head}\r\n\r\n`));
			const r = await hboneAccept(pair.b);
			expect(isHboneError(r) && r.status).toBe(status);
			const answer = await readAll(pair.a);
			expect(answer.text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
			expect(answer.end).toEqual({ type: 'eof' });
		}
	);

	it('reports a peer that closes before answering', async () => {
		const pair = socketPair();
		const client = hboneConnect(pair.a, TARGET);
		await pair.b.read();
		pair.b.end();
		expect(await client).toEqual({
			type: 'hbone-error',
			message: 'connection closed before message completed'
		});
	});

	it.each([
		['10.244.1.5:9080', { ip: '10.244.1.5', port: 9080 }],
		['10.96.0.10:53', { ip: '10.96.0.10', port: 53 }],
		['256.1.1.1:80', undefined],
		['10.0.0.1', undefined],
		['10.0.0.1:0', undefined]
	])('parseAuthority(%s)', (input, expected) => {
		expect(parseAuthority(input)).toEqual(expected);
	});
});

describe('HBONE over mTLS', () => {
	it('carries CONNECT inside the secure stream; the wire shows neither', async () => {
		const pki = await createPki();
		const pair = socketPair();
		const [c, s] = await Promise.all([
			secureClient(pair.a, { identity: pki.curl, trustRoot: pki.ca.root, clock: pki.clock }),
			secureServer(pair.b, { identity: pki.productpage, trustRoot: pki.ca.root, clock: pki.clock })
		]);
		if (isTlsError(c) || isTlsError(s)) throw new Error('handshake failed');
		const client = hboneConnect(c, TARGET);
		const request = await hboneAccept(s);
		if (isHboneError(request)) throw new Error(request.message);
		// Inbound policy sees the authenticated source identity.
		expect(request.stream === s && s.peerIdentity).toBe(CURL);
		const inbound = request.respond(200);
		const tunnel = await client;
		if (isHboneError(tunnel)) throw new Error(tunnel.message);
		expect(tunnel.stream.peerIdentity).toBe(PRODUCTPAGE);
		tunnel.write(text('GET /productpage HTTP/1.1\r\n\r\n'));
		expect(await inbound.read()).toEqual({
			type: 'data',
			bytes: text('GET /productpage HTTP/1.1\r\n\r\n')
		});
		const wire = new TextDecoder('latin1').decode(pair.wire('a→b'));
		expect(wire).not.toContain('CONNECT');
		expect(wire).not.toContain('GET /productpage');
	});
});
