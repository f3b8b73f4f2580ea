import { describe, expect, it } from 'vitest';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import {
	ContentType,
	RecordOpener,
	RecordReader,
	RecordSealer,
	encodeRecord
} from '../../../src/mesh/tls/record.ts';
import { socketPair } from '../../support/socket-pair.ts';

const crypto = globalThis.crypto;
const key = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(7), 'AES-GCM', false, [
	'encrypt',
	'decrypt'
]);
const keys = { key, iv: new Uint8Array(12).fill(1) };
const text = (s: string) => new TextEncoder().encode(s);

async function readRecords(bytes: Uint8Array, chunk: number) {
	const pair = socketPair();
	for (let off = 0; off < bytes.length; off += chunk) pair.a.write(bytes.slice(off, off + chunk));
	pair.a.end();
	const reader = new RecordReader(pair.b);
	const out = [];
	for (;;) {
		const r = await reader.next();
		out.push(r);
		if (r.type !== 'record') return out;
	}
}

describe('RecordReader', () => {
	it.each([1, 3, 7, 1000])('reassembles records delivered in %i-byte chunks', async (chunk) => {
		const bytes = new Uint8Array([
			...encodeRecord(ContentType.Handshake, text('hello')),
			...encodeRecord(ContentType.Alert, Uint8Array.of(2, 40))
		]);
		const records = await readRecords(bytes, chunk);
		expect(
			records.map((r) => (r.type === 'record' ? [r.contentType, r.fragment] : r.type))
		).toEqual([
			[ContentType.Handshake, text('hello')],
			[ContentType.Alert, Uint8Array.of(2, 40)],
			'eof'
		]);
	});

	it('a stream that is not TLS is a decode error', async () => {
		const [r] = await readRecords(text('GET / HTTP/1.1\r\n\r\n'), 100);
		expect(isTlsError(r) && r.message).toBe('decode error: not a TLS record');
	});

	it('FIN in the middle of a record is a decode error', async () => {
		const whole = encodeRecord(ContentType.Handshake, text('hello'));
		const [r] = await readRecords(whole.slice(0, 7), 100);
		expect(isTlsError(r) && r.message).toBe('decode error: connection closed mid-record');
	});
});

describe('record protection', () => {
	async function sealed(n: number) {
		const sealer = new RecordSealer(keys, crypto);
		const out = [];
		for (let i = 0; i < n; i++)
			out.push(await sealer.seal(ContentType.ApplicationData, text(`msg ${i}`)));
		return out;
	}
	async function open(records: Uint8Array[]) {
		const pair = socketPair();
		for (const r of records) pair.a.write(r);
		const reader = new RecordReader(pair.b);
		const opener = new RecordOpener(keys, crypto);
		const out: string[] = [];
		for (let i = 0; i < records.length; i++) {
			const rec = await reader.next();
			if (rec.type !== 'record') throw new Error('no record');
			const o = await opener.open(rec);
			out.push(isTlsError(o) ? o.message : new TextDecoder().decode(o.content));
		}
		return out;
	}

	it('opens records in order', async () => {
		expect(await open(await sealed(3))).toEqual(['msg 0', 'msg 1', 'msg 2']);
	});

	it('rejects a replayed, a reordered and an altered record', async () => {
		const [r0, r1] = await sealed(2);
		expect(await open([r0!, r0!])).toEqual(['msg 0', 'bad record MAC']);
		expect(await open([r1!, r0!])).toEqual(['bad record MAC', 'bad record MAC']);
		const altered = r0!.slice();
		altered[7]! ^= 0xff;
		expect(await open([altered])).toEqual(['bad record MAC']);
		// The header is authenticated too (additional data).
		const relabelled = r0!.slice();
		relabelled[0] = ContentType.Handshake;
		expect(await open([relabelled])).toEqual(['bad record MAC']);
	});
});
