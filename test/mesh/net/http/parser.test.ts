import { describe, expect, it } from 'vitest';
import { fromUtf8, getHeader, utf8 } from '../../../../src/mesh/net/http/message.ts';
import { Http1Parser, type ParseStep } from '../../../../src/mesh/net/http/parser.ts';
import type { HttpRequest, HttpResponse } from '../../../../src/mesh/net/http/message.ts';
import { createRng } from '../../../../src/mesh/random.ts';

function feedResponse(chunks: string[], method = 'GET', eof = false): ParseStep<HttpResponse> {
	const p = new Http1Parser();
	let step: ParseStep<HttpResponse> = { type: 'need-more' };
	for (const c of chunks) {
		p.push(utf8(c));
		step = p.nextResponse(method, false);
		if (step.type !== 'need-more') return step;
	}
	return eof ? p.nextResponse(method, true) : step;
}

function feedRequest(chunks: string[]): ParseStep<HttpRequest> {
	const p = new Http1Parser();
	let step: ParseStep<HttpRequest> = { type: 'need-more' };
	for (const c of chunks) {
		p.push(utf8(c));
		step = p.nextRequest();
		if (step.type !== 'need-more') return step;
	}
	return step;
}

describe('Http1Parser responses', () => {
	const cases: {
		name: string;
		chunks: string[];
		method?: string;
		eof?: boolean;
		status?: number;
		body?: string;
		error?: RegExp;
		needMore?: boolean;
	}[] = [
		{
			name: 'content-length in one read',
			chunks: ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'],
			status: 200,
			body: 'hello'
		},
		{
			name: 'content-length split across reads, inside the CRLF',
			chunks: ['HTTP/1.1 200 OK\r', '\nContent-Le', 'ngth: 5\r\n\r', '\nhel', 'lo'],
			status: 200,
			body: 'hello'
		},
		{
			name: 'chunked body with extensions and trailers',
			chunks: [
				'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
				'4;ext=1\r\nWiki\r\n',
				'5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n'
			],
			status: 200,
			body: 'Wikipedia'
		},
		{
			name: 'chunked split byte by byte',
			chunks: [...'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
			status: 200,
			body: 'abc'
		},
		{
			name: 'no length: body runs to EOF',
			chunks: ['HTTP/1.1 200 OK\r\n\r\nuntil close'],
			eof: true,
			status: 200,
			body: 'until close'
		},
		{
			name: 'no length and no EOF yet: needs more',
			chunks: ['HTTP/1.1 200 OK\r\n\r\npartial'],
			needMore: true
		},
		{
			name: 'HEAD response has no body despite Content-Length',
			chunks: ['HTTP/1.1 200 OK\r\nContent-Length: 4294\r\n\r\n'],
			method: 'HEAD',
			status: 200,
			body: ''
		},
		{
			name: '204 has no body',
			chunks: ['HTTP/1.1 204 No Content\r\n\r\n'],
			status: 204,
			body: ''
		},
		{
			name: '100 Continue is skipped',
			chunks: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'],
			status: 201,
			body: 'ok'
		},
		{
			name: 'bare LF line endings are accepted',
			chunks: ['HTTP/1.1 200 OK\nContent-Length: 2\n\nok'],
			status: 200,
			body: 'ok'
		},
		{
			name: 'status line without reason',
			chunks: ['HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n'],
			status: 503,
			body: ''
		},
		{ name: 'garbage status line', chunks: ['SSH-2.0-OpenSSH\r\n\r\n'], error: /status line/ },
		{
			name: 'conflicting Content-Length',
			chunks: ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
			error: /Content-Length/
		},
		{
			name: 'negative Content-Length',
			chunks: ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
			error: /Content-Length/
		},
		{
			name: 'bad chunk size',
			chunks: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
			error: /chunk size/
		},
		{
			name: 'chunk data longer than announced',
			chunks: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'],
			error: /CRLF after chunk/
		},
		{
			name: 'header without colon',
			chunks: ['HTTP/1.1 200 OK\r\nBroken header\r\n\r\n'],
			error: /malformed header/
		},
		{
			name: 'obsolete folding is refused',
			chunks: ['HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\n\r\n'],
			error: /folding/
		}
	];
	it.each(cases)('$name', (c) => {
		const step = feedResponse(c.chunks, c.method, c.eof);
		if (c.error) {
			expect(step.type).toBe('parse-error');
			if (step.type === 'parse-error') expect(step.message).toMatch(c.error);
			return;
		}
		if (c.needMore) {
			expect(step.type).toBe('need-more');
			return;
		}
		expect(step.type).toBe('message');
		if (step.type !== 'message') return;
		expect(step.message.status).toBe(c.status);
		expect(fromUtf8(step.message.body)).toBe(c.body);
	});

	it('keeps header case for display and matches it case-insensitively', () => {
		const step = feedResponse(
			['HTTP/1.1 200 OK\r\nX-Envoy-Upstream-Service-Time: 7\r\n\r\n'],
			'HEAD'
		);
		expect(step.type).toBe('message');
		if (step.type !== 'message') return;
		expect(step.message.headers[0]?.[0]).toBe('X-Envoy-Upstream-Service-Time');
		expect(getHeader(step.message.headers, 'x-envoy-upstream-service-time')).toBe('7');
	});

	it('reports progress of a partly received body', () => {
		const p = new Http1Parser();
		p.push(utf8('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
		expect(p.nextResponse('GET', false).type).toBe('need-more');
		expect(p.progress).toEqual({ headComplete: true, bodyReceived: 3, bodyExpected: 10 });
	});
});

describe('Http1Parser requests', () => {
	it('parses two pipelined requests from one buffer', () => {
		const p = new Http1Parser();
		p.push(
			utf8('GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc')
		);
		const a = p.nextRequest();
		const b = p.nextRequest();
		expect(a.type === 'message' && a.message.target).toBe('/a');
		expect(b.type === 'message' && b.message.method).toBe('POST');
		expect(b.type === 'message' && fromUtf8(b.message.body)).toBe('abc');
		expect(p.nextRequest().type).toBe('need-more');
		expect(p.buffered).toBe(0);
	});

	const bad: [string, string, RegExp][] = [
		['three-part line missing', 'GET /\r\n\r\n', /request line/],
		['bad version', 'GET / HTTP/2.0\r\n\r\n', /version/],
		['bad method', 'G(T / HTTP/1.1\r\n\r\n', /method/],
		['unknown transfer coding', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', /coding/],
		['bad header name', 'GET / HTTP/1.1\r\nBad Name: x\r\n\r\n', /header name/]
	];
	it.each(bad)('refuses %s', (_name, text, error) => {
		const step = feedRequest([text]);
		expect(step.type).toBe('parse-error');
		if (step.type === 'parse-error') expect(step.message).toMatch(error);
	});

	it('refuses a head larger than 64 KiB without waiting for its end', () => {
		const step = feedRequest([`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(70 * 1024)}`]);
		expect(step.type).toBe('parse-error');
	});
});

describe('Http1Parser fuzz', () => {
	const seeds = [
		'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
		'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n',
		'GET /productpage HTTP/1.1\r\nHost: productpage:9080\r\nUser-Agent: curl/8.17.0\r\n\r\n',
		'POST /post HTTP/1.1\r\nContent-Length: 7\r\nContent-Type: application/json\r\n\r\n{"a":1}'
	];
	const alphabet = utf8('\r\n:; 0123456789abcdefHTTP/1.GETPOST-chunked\x00\xff');

	it('never throws on 2,000 seeded random and mutated inputs', () => {
		const rng = createRng(20240601);
		let messages = 0;
		for (let i = 0; i < 2000; i++) {
			const base = utf8(seeds[rng.int(seeds.length)] ?? '');
			let bytes: Uint8Array;
			if (rng.next() < 0.25) {
				bytes = new Uint8Array(rng.int(300)).map(() => rng.int(256));
			} else {
				const arr = Array.from(base);
				const edits = 1 + rng.int(6);
				for (let e = 0; e < edits; e++) {
					const at = rng.int(arr.length + 1);
					const op = rng.int(3);
					const b = alphabet[rng.int(alphabet.length)] ?? 0;
					if (op === 0) arr.splice(at, 1);
					else if (op === 1) arr.splice(at, 0, b);
					else arr[at] = b;
				}
				bytes = Uint8Array.from(arr);
			}
			const p = new Http1Parser();
			let off = 0;
			expect(() => {
				while (off < bytes.length) {
					const n = 1 + rng.int(16);
					p.push(bytes.subarray(off, off + n));
					off += n;
					const r = i % 2 === 0 ? p.nextResponse('GET', false) : p.nextRequest();
					if (r.type === 'message') messages++;
					if (r.type === 'parse-error') break;
				}
				void p.nextResponse('GET', true);
				void p.progress;
			}).not.toThrow();
		}
		// The mutations leave some inputs intact: the fuzz exercises the success path too.
		expect(messages).toBeGreaterThan(50);
	});
});
