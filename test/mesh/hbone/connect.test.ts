import { describe, expect, it } from 'vitest';
import {
	type HboneRefusal,
	type HboneRequest,
	HboneClient,
	hboneAccept,
	hboneConnect,
	isHboneError,
	parseAuthority,
	serveHbone
} from '../../../src/mesh/hbone/connect.ts';
import {
	Flags,
	type Frame,
	FrameReader,
	FrameType,
	type HeaderField,
	PREFACE,
	decodeHeaderBlock,
	encodeFrame,
	encodeHeaderBlock,
	readU32
} from '../../../src/mesh/hbone/frame.ts';
import type { Socket } from '../../../src/mesh/net/socket.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { secureClient, secureServer } from '../../../src/mesh/tls/handshake.ts';
import { ip } from '../../../src/mesh/types.ts';
import { readAll, socketPair } from '../../support/socket-pair.ts';
import { CURL, PRODUCTPAGE, createPki } from '../tls/pki.ts';

const text = (s: string) => new TextEncoder().encode(s);
const TARGET = { ip: ip('10.244.2.7'), port: 9080 };

/** Every frame in `wire` (the client's, so it starts with the preface when `preface`). */
function frames(wire: Uint8Array, preface: boolean): Frame[] {
	const out = new FrameReader(preface).push(wire);
	if (!Array.isArray(out)) throw new Error(out.code);
	return out;
}

function headersOf(f: Frame | undefined): HeaderField[] {
	const fields = f ? decodeHeaderBlock(f.payload) : [];
	if (!Array.isArray(fields)) throw new Error(fields.code);
	return fields;
}

/** A server that accepts every CONNECT and echoes `<target>: <bytes>` back once the client ends. */
function echoServer(stream: Socket, seen: HboneRequest[] = []): Promise<void> {
	return serveHbone(stream, (req) => {
		seen.push(req);
		const tunnel = req.respond(200);
		void readAll(tunnel).then(({ text: got }) => {
			tunnel.write(text(`${req.target.port}: ${got}`));
			tunnel.end();
		});
	});
}

describe('HBONE CONNECT over HTTP/2', () => {
	it('opens a tunnel that carries raw bytes both ways', async () => {
		const pair = socketPair();
		const client = hboneConnect(pair.a, TARGET, {
			baggage: 'k8s.namespace.name=default',
			forwarded: 'for=10.244.1.5',
			traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00'
		});
		const request = await hboneAccept(pair.b);
		if (isHboneError(request)) throw new Error(request.message);
		expect(request.target).toEqual(TARGET);
		expect(request.headers).toEqual([
			['baggage', 'k8s.namespace.name=default'],
			['forwarded', 'for=10.244.1.5'],
			['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00']
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
		// On the wire: the preface, SETTINGS, then HEADERS with CONNECT's pseudo-headers.
		const wire = pair.wire('a→b');
		expect(wire.subarray(0, PREFACE.length)).toEqual(PREFACE);
		const sent = frames(wire, true);
		expect(sent.map((f) => [f.type, f.streamId])).toEqual([
			[FrameType.Settings, 0],
			[FrameType.Headers, 1],
			[FrameType.Data, 1],
			[FrameType.Data, 1]
		]);
		expect(headersOf(sent[1]).slice(0, 2)).toEqual([
			[':method', 'CONNECT'],
			[':authority', '10.244.2.7:9080']
		]);
		expect(sent[3]?.flags).toBe(Flags.EndStream);
		// One tunnel per connection here: the server sent GOAWAY, and both ends close after it.
		expect(frames(pair.wire('b→a'), false).some((f) => f.type === FrameType.GoAway)).toBe(true);
		inbound.end();
		expect(await tunnel.read()).toEqual({ type: 'eof' });
		await new Promise((r) => setImmediate(r));
		expect(pair.a.writeClosed && pair.b.writeClosed).toBe(true);
	});

	it('multiplexes many tunnels on one connection, each on its own stream', async () => {
		const pair = socketPair();
		const seen: HboneRequest[] = [];
		const served = echoServer(pair.b, seen);
		const client = new HboneClient(pair.a);
		const ports = [9080, 9081, 9082];
		const results = await Promise.all(
			ports.map(async (port) => {
				const t = await client.connect({ ip: TARGET.ip, port });
				if (isHboneError(t)) throw new Error(t.message);
				t.write(text(`hello ${port}`));
				t.end();
				return (await readAll(t)).text;
			})
		);
		expect(results).toEqual(['9080: hello 9080', '9081: hello 9081', '9082: hello 9082']);
		expect(seen.map((r) => r.target.port)).toEqual(ports);
		const ids = frames(pair.wire('a→b'), true)
			.filter((f) => f.type === FrameType.Headers)
			.map((f) => f.streamId);
		expect(ids).toEqual([1, 3, 5]);
		expect(client.activeStreams).toBe(0);
		expect(client.usable).toBe(true);
		client.close();
		await served;
		await client.done;
		expect(pair.a.writeClosed && pair.b.writeClosed).toBe(true);
	});

	const refusals: { status: HboneRefusal; message: string }[] = [
		{ status: 401, message: 'http status: 401 Unauthorized' },
		{ status: 503, message: 'http status: 503 Service Unavailable' }
	];
	it.each(refusals)(
		'a $status answer refuses that tunnel only, with ztunnel wording',
		async ({ status, message }) => {
			const pair = socketPair();
			let first = true;
			void serveHbone(pair.b, (req) => {
				if (first) {
					first = false;
					expect(req.respond(status)).toBeUndefined();
					return;
				}
				const t = req.respond(200);
				t.write(text('ok'));
				t.end();
			});
			const client = new HboneClient(pair.a);
			expect(await client.connect(TARGET)).toEqual({ type: 'hbone-error', status, message });
			const next = await client.connect(TARGET);
			if (isHboneError(next)) throw new Error(next.message);
			expect((await readAll(next)).text).toBe('ok');
			expect(client.activeStreams).toBe(1); // ours is still open for writing
		}
	);

	/** Sends a hand-made CONNECT and returns the server's answer on stream 1. */
	async function rawConnect(fields: HeaderField[]): Promise<{
		status: string | undefined;
		endStream: boolean;
		result: ReturnType<typeof hboneAccept>;
	}> {
		const pair = socketPair();
		const result = hboneAccept(pair.b);
		pair.a.write(PREFACE);
		pair.a.write(encodeFrame(FrameType.Settings, 0, 0));
		pair.a.write(encodeFrame(FrameType.Headers, Flags.EndHeaders, 1, encodeHeaderBlock(fields)));
		await result;
		await new Promise((r) => setImmediate(r));
		const answer = frames(pair.wire('b→a'), false).find((f) => f.type === FrameType.Headers);
		return {
			status: headersOf(answer).find(([n]) => n === ':status')?.[1],
			endStream: ((answer?.flags ?? 0) & Flags.EndStream) !== 0,
			result
		};
	}

	const malformed: { name: string; fields: HeaderField[]; status: string }[] = [
		{
			name: 'not CONNECT',
			fields: [
				[':method', 'GET'],
				[':authority', '10.0.0.1:80']
			],
			status: '405'
		},
		{
			name: 'host name target',
			fields: [
				[':method', 'CONNECT'],
				[':authority', 'productpage:9080']
			],
			status: '400'
		},
		{
			name: 'port out of range',
			fields: [
				[':method', 'CONNECT'],
				[':authority', '10.0.0.1:70000']
			],
			status: '400'
		},
		{ name: 'no authority', fields: [[':method', 'CONNECT']], status: '400' }
	];
	it.each(malformed)(
		'answers a malformed CONNECT ($name) with $status',
		async ({ fields, status }) => {
			const answer = await rawConnect(fields);
			expect(answer.status).toBe(status);
			expect(answer.endStream).toBe(true);
			const r = await answer.result;
			expect(isHboneError(r) && r.status).toBe(Number(status));
		}
	);

	it('answers bytes that are not HTTP/2 with GOAWAY(PROTOCOL_ERROR) and a close', async () => {
		const pair = socketPair();
		const result = hboneAccept(pair.b);
		pair.a.write(text('CONNECT 10.244.2.7:9080 HTTP/1.1\r\n\r\n'));
		expect(await result).toEqual({
			type: 'hbone-error',
			message: 'h2 protocol error: PROTOCOL_ERROR'
		});
		const answer = await readAll(pair.a);
		expect(answer.end).toEqual({ type: 'eof' });
		const goaway = frames(text(answer.text), false).find((f) => f.type === FrameType.GoAway);
		expect(readU32(goaway?.payload ?? new Uint8Array(), 4)).toBe(0x1);
	});

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

	it('a reset tunnel (RST_STREAM) leaves the other tunnels running', async () => {
		const pair = socketPair();
		const inbound: Socket[] = [];
		void serveHbone(pair.b, (req) => inbound.push(req.respond(200)));
		const client = new HboneClient(pair.a);
		const [a, b] = await Promise.all([client.connect(TARGET), client.connect(TARGET)]);
		if (isHboneError(a) || isHboneError(b)) throw new Error('connect failed');
		a.reset();
		expect(await inbound[0]?.read()).toEqual({
			type: 'reset',
			reason: 'stream error received: stream no longer needed'
		});
		b.write(text('still here'));
		expect(await inbound[1]?.read()).toEqual({ type: 'data', bytes: text('still here') });
		inbound[1]?.reset();
		expect((await b.read()).type).toBe('reset');
	});

	it('a half-close ends one direction; the other still flows', async () => {
		const pair = socketPair();
		void echoServer(pair.b);
		const t = await new HboneClient(pair.a).connect(TARGET);
		if (isHboneError(t)) throw new Error(t.message);
		t.write(text('ping'));
		t.end();
		expect(await readAll(t)).toEqual({ text: '9080: ping', end: { type: 'eof' } });
	});

	it('after GOAWAY no new tunnel opens; the open one finishes, then the connection closes', async () => {
		const pair = socketPair();
		const served = echoServer(pair.b);
		const client = new HboneClient(pair.a);
		const open = await client.connect(TARGET);
		if (isHboneError(open)) throw new Error(open.message);
		client.close();
		expect(client.usable).toBe(false);
		expect(await client.connect(TARGET)).toEqual({
			type: 'hbone-error',
			message: 'connection is going away'
		});
		open.write(text('last'));
		open.end();
		expect((await readAll(open)).text).toBe('9080: last');
		await served;
		expect(pair.a.writeClosed).toBe(true);
	});

	it('a connection reset fails every open tunnel with its reason', async () => {
		const pair = socketPair();
		void serveHbone(pair.b, (req) => req.respond(200));
		const client = new HboneClient(pair.a);
		const t = await client.connect(TARGET);
		if (isHboneError(t)) throw new Error(t.message);
		pair.b.reset();
		expect(await t.read()).toEqual({ type: 'reset', reason: 'reset' });
		expect(client.usable).toBe(false);
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
	it('carries many tunnels in one secure connection; the wire shows none of them', async () => {
		const pki = await createPki();
		const pair = socketPair();
		const [c, s] = await Promise.all([
			secureClient(pair.a, {
				crypto: globalThis.crypto,
				identity: pki.curl,
				trustRoot: pki.ca.root,
				clock: pki.clock
			}),
			secureServer(pair.b, {
				crypto: globalThis.crypto,
				identity: pki.productpage,
				trustRoot: pki.ca.root,
				clock: pki.clock
			})
		]);
		if (isTlsError(c) || isTlsError(s)) throw new Error('handshake failed');
		const seen: HboneRequest[] = [];
		void echoServer(s, seen);
		const client = new HboneClient(c);
		for (const path of ['/productpage', '/reviews/0']) {
			const tunnel = await client.connect(TARGET);
			if (isHboneError(tunnel)) throw new Error(tunnel.message);
			expect(tunnel.stream.peerIdentity).toBe(PRODUCTPAGE);
			tunnel.write(text(`GET ${path} HTTP/1.1\r\n\r\n`));
			tunnel.end();
			expect((await readAll(tunnel)).text).toBe(`9080: GET ${path} HTTP/1.1\r\n\r\n`);
		}
		// Inbound policy sees the authenticated source identity on every stream.
		expect(seen.map((r) => r.stream.remote && (r.stream as typeof s).peerIdentity)).toEqual([
			CURL,
			CURL
		]);
		const wire = new TextDecoder('latin1').decode(pair.wire('a→b'));
		expect(wire).not.toMatch(/PRI \*|CONNECT|GET \/|10\.244\.2\.7:9080/);
	});
});
