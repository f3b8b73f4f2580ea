import { describe, expect, it } from 'vitest';
import {
	parseAddress,
	parseResponse,
	requestBytes,
	setCookies,
	header
} from '../../../src/ui/browser/http.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('parseAddress', () => {
	it.each([
		{ input: 'localhost:8080/productpage', host: 'localhost', port: 8080, path: '/productpage' },
		{ input: 'http://127.0.0.1:9080', host: '127.0.0.1', port: 9080, path: '/' },
		{ input: 'http://[::1]:9080/a?b=c', host: '[::1]', port: 9080, path: '/a?b=c' },
		{ input: 'https://localhost/', host: 'localhost', port: 443, path: '/' },
		{ input: 'en.wikipedia.org/wiki/X', host: 'en.wikipedia.org', port: 80, path: '/wiki/X' }
	])('$input', ({ input, host, port, path }) => {
		expect(parseAddress(input)).toMatchObject({ type: 'url', host, port, path });
	});

	it('resolves links against the page', () => {
		expect(parseAddress('logout', 'http://localhost:9080/productpage')).toMatchObject({
			path: '/logout',
			port: 9080
		});
	});

	it.each(['ftp://x/', 'http://', 'http://a b'])('rejects %s', (input) => {
		expect(parseAddress(input).type).toBe('invalid');
	});
});

describe('requestBytes', () => {
	it('asks for one response per connection, with cookies and a form body', () => {
		const address = parseAddress('localhost:9080/login');
		if (address.type !== 'url') throw new Error('bad address');
		const req = text(
			requestBytes({ method: 'POST', address, cookie: 'session=1', body: 'username=jason' })
		);
		expect(req).toMatch(/^POST \/login HTTP\/1\.1\r\nHost: localhost:9080\r\n/);
		expect(req).toContain('Connection: close\r\nCookie: session=1\r\n');
		expect(req).toContain('Content-Length: 14\r\n\r\nusername=jason');
	});
});

describe('parseResponse', () => {
	it.each([
		{
			name: 'Content-Length',
			raw: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/html\r\n\r\nhello',
			body: 'hello'
		},
		{
			name: 'chunked',
			raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n',
			body: 'hello world'
		},
		{ name: 'read to close', raw: 'HTTP/1.0 404 NOT FOUND\r\n\r\nnope', body: 'nope' }
	])('$name', ({ raw, body }) => {
		const res = parseResponse(bytes(raw));
		if ('type' in res) throw new Error(res.type);
		expect(text(res.body)).toBe(body);
	});

	it('keeps status, headers and cookies', () => {
		const res = parseResponse(
			bytes(
				'HTTP/1.1 302 FOUND\r\nLocation: /productpage\r\nSet-Cookie: session=abc; Path=/\r\n\r\n'
			)
		);
		if ('type' in res) throw new Error(res.type);
		expect(res.status).toBe(302);
		expect(header(res, 'location')).toBe('/productpage');
		expect(setCookies(res)).toEqual([['session', 'abc']]);
	});

	it.each([
		{ raw: '', expected: { type: 'empty' } },
		{ raw: 'garbage', expected: { type: 'invalid' } },
		{ raw: 'SSH-2.0-OpenSSH\r\n\r\n', expected: { type: 'invalid' } }
	])('errors for $raw', ({ raw, expected }) => {
		expect(parseResponse(bytes(raw))).toEqual(expected);
	});
});
