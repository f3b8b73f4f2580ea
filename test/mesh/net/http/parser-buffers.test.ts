/**
 * The parser reads from the arriving chunk: a message inside one chunk is parsed where it lies
 * (its body a view of the chunk), a message straddling chunks is assembled in a buffer of the
 * parser's own, and neither ever changes a body already handed out.
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../../src/mesh/net/http/message.ts';
import { Http1Parser } from '../../../../src/mesh/net/http/parser.ts';
import { CAPTURE_PAYLOAD_BYTES, capturedPayload } from '../../../../src/mesh/net/capture.ts';

const request = (n: number, body: string): string =>
	`POST /r${n} HTTP/1.1\r\nHost: h\r\nContent-Length: ${utf8(body).length}\r\n\r\n${body}`;

function drain(p: Http1Parser): { target: string; body: Uint8Array }[] {
	const out: { target: string; body: Uint8Array }[] = [];
	for (;;) {
		const step = p.nextRequest();
		if (step.type !== 'message') {
			expect(step.type).toBe('need-more');
			return out;
		}
		out.push({ target: step.message.target, body: step.message.body });
	}
}

describe('Http1Parser buffers', () => {
	it('parses a message inside one chunk in place: its body is a view of that chunk', () => {
		const chunk = utf8(request(1, 'hello'));
		const p = new Http1Parser();
		p.push(chunk);
		const [m] = drain(p);
		expect(fromUtf8(m!.body)).toBe('hello');
		expect(m!.body.buffer).toBe(chunk.buffer);
		expect(p.buffered).toBe(0);
	});

	it('assembles pipelined messages split at every byte, and keeps earlier bodies intact', () => {
		const bodies = ['a', 'x'.repeat(3000), '', 'ünïcödé', 'y'.repeat(700)];
		const wire = utf8(bodies.map((b, i) => request(i, b)).join(''));
		for (const step of [1, 7, 64, 1500, wire.length]) {
			const p = new Http1Parser();
			const got: { target: string; body: Uint8Array }[] = [];
			for (let off = 0; off < wire.length; off += step) {
				p.push(wire.slice(off, off + step));
				got.push(...drain(p));
			}
			// Read after every push: a buffer reused for later bytes would show here.
			expect(got.map((m) => m.target)).toEqual(bodies.map((_, i) => `/r${i}`));
			expect(got.map((m) => fromUtf8(m.body))).toEqual(bodies);
			expect(p.buffered).toBe(0);
		}
	});

	it('leaves the sender’s chunks as they were', () => {
		const first = utf8('GET /a HTTP/1.1\r\nHo');
		const second = utf8('st: h\r\n\r\nGET /b HTTP/1.1\r\n\r\n');
		const copies = [first.slice(), second.slice()];
		const p = new Http1Parser();
		p.push(first);
		p.push(second);
		expect(drain(p).map((m) => m.target)).toEqual(['/a', '/b']);
		expect([first, second]).toEqual(copies);
	});
});

describe('capturedPayload', () => {
	it('keeps a small segment by reference, and copies at most 256 bytes out of a big buffer', () => {
		const small = utf8('GET / HTTP/1.1\r\n\r\n');
		expect(capturedPayload(small).buffer).toBe(small.buffer);
		const body = new Uint8Array(64 * 1024).fill(65);
		const segment = body.subarray(1024, 2048);
		const kept = capturedPayload(segment);
		expect(kept.length).toBe(CAPTURE_PAYLOAD_BYTES);
		expect(kept.buffer.byteLength).toBe(CAPTURE_PAYLOAD_BYTES);
		expect(Array.from(kept)).toEqual(Array.from(segment.subarray(0, CAPTURE_PAYLOAD_BYTES)));
	});

	it('copies a view of 65 bytes or more out of a big buffer, even at its start', () => {
		const body = new Uint8Array(64 * 1024).fill(66);
		for (const length of [65, 200]) {
			const kept = capturedPayload(body.subarray(0, length));
			expect(kept.length).toBe(length);
			expect(kept.buffer.byteLength).toBe(length);
		}
	});
});
