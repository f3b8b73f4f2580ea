import { describe, expect, it } from 'vitest';
import { decodePayload, hexDump, payloadInfo } from '../../../src/ui/capture/payload.ts';
import {
	eventsForConnection,
	handshakeCertificates,
	summarizeConnection
} from '../../../src/ui/capture/connections.ts';
import { ms } from '../../../src/mesh/types.ts';
import { connection, event, TLS_RECORD } from '../fixtures.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('payload', () => {
	it.each([
		{
			name: 'an HTTP request is readable',
			payload: bytes('GET /productpage HTTP/1.1\r\nHost: productpage:9080\r\n\r\n'),
			kind: 'http',
			info: 'GET /productpage HTTP/1.1'
		},
		{
			name: 'an HTTP response is readable',
			payload: bytes('HTTP/1.1 200 OK\r\nServer: gunicorn\r\n\r\n<html>'),
			kind: 'http',
			info: 'HTTP/1.1 200 OK'
		},
		{
			name: 'a TLS application_data record is ciphertext',
			payload: TLS_RECORD,
			kind: 'tls',
			info: 'TLS application_data (5 bytes, encrypted)'
		},
		{
			name: 'a ClientHello, sent in the clear',
			payload: new Uint8Array([0x16, 0x03, 0x03, 0x00, 0x69, 0x01, 0x00]),
			kind: 'tls',
			info: 'TLS handshake: ClientHello (105 bytes)'
		},
		{
			name: 'a ServerHello',
			payload: new Uint8Array([0x16, 0x03, 0x03, 0x00, 0x45, 0x02, 0x00]),
			kind: 'tls',
			info: 'TLS handshake: ServerHello (69 bytes)'
		},
		{ name: 'other text', payload: bytes('hello world\n'), kind: 'text', info: 'hello world ' },
		{
			name: 'bytes',
			payload: new Uint8Array([0, 0, 0, 77, 1, 2, 200]),
			kind: 'binary',
			info: 'binary data'
		},
		{ name: 'nothing', payload: undefined, kind: 'none', info: '' }
	])('$name', ({ payload, kind, info }) => {
		const view = decodePayload(payload);
		expect(view.kind).toBe(kind);
		expect(payloadInfo(view)).toBe(info);
	});

	it('parses HTTP headers', () => {
		const view = decodePayload(bytes('GET / HTTP/1.1\r\nHost: a:1\r\nX-Y: z\r\n\r\n'));
		expect(view.kind === 'http' && view.headers).toEqual([
			['Host', 'a:1'],
			['X-Y', 'z']
		]);
	});

	it('dumps hex like Wireshark', () => {
		const dump = hexDump(bytes('ABCDEFGHIJKLMNOPQ\x01'));
		expect(dump.split('\n')).toEqual([
			'0000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP',
			'0010  51 01                                             Q.'
		]);
	});
});

describe('connections', () => {
	const entries = [
		...connection('10.244.1.5:32769', '10.244.2.4:15008', {
			conn: 'h',
			at: 1000,
			request: TLS_RECORD
		}),
		...connection('10.244.1.5:32768', '10.244.2.4:9080', { conn: 'p', at: 2000 }),
		...connection('10.244.1.5:32770', '10.244.2.4:9080', { conn: 'r', at: 3000, reset: 'refused' })
	];

	it.each([
		{ conn: 'h', protocol: 'HBONE', ended: 'FIN', segments: 5 },
		{ conn: 'p', protocol: 'HTTP', ended: 'FIN', segments: 5 },
		{ conn: 'r', protocol: 'TCP', ended: 'RST (refused)', segments: 2 }
	])('summarizes $conn as $protocol, ended $ended', ({ conn, protocol, ended, segments }) => {
		expect(summarizeConnection(conn, entries)).toMatchObject({ protocol, ended, segments });
	});

	it('finds the events for a connection, and their certificates', () => {
		const cert = {
			subject: '',
			san: 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
			issuer: 'O=cluster.local',
			notBefore: ms(0),
			notAfter: ms(86_400_000)
		};
		const events = [
			event({
				traceId: 'a',
				src: { ip: '10.244.1.5' as never, port: 32769 },
				peerCertificate: cert
			}),
			event({ traceId: 'b', src: { ip: '10.244.1.5' as never, port: 40000 } }),
			event({ traceId: 'c', start: ms(9000), end: ms(9001) })
		];
		const summary = summarizeConnection('h', entries)!;
		const matched = eventsForConnection(summary, events);
		expect(matched.map((e) => e.traceId)).toEqual(['a']);
		expect(handshakeCertificates(matched)).toEqual([
			{ seenBy: 'istio-system/ztunnel-mjv7k (outbound)', certificate: cert }
		]);
	});
});
