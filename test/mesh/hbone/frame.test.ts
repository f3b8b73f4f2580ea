import { describe, expect, it } from 'vitest';
import {
	Flags,
	FrameReader,
	FrameType,
	type HeaderField,
	MAX_FRAME_PAYLOAD,
	PREFACE,
	decodeHeaderBlock,
	encodeFrame,
	encodeHeaderBlock
} from '../../../src/mesh/hbone/frame.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('HTTP/2 frames', () => {
	it('writes the 9-byte header: length, type, flags, stream id', () => {
		const f = encodeFrame(FrameType.Data, Flags.EndStream, 3, bytes(0xaa, 0xbb));
		expect([...f]).toEqual([0, 0, 2, 0x0, 0x1, 0, 0, 0, 3, 0xaa, 0xbb]);
	});

	it('reassembles frames split across chunks, and several in one chunk', () => {
		const a = encodeFrame(FrameType.Headers, Flags.EndHeaders, 1, bytes(1, 2, 3));
		const b = encodeFrame(FrameType.Data, 0, 1, bytes(4));
		const wire = new Uint8Array([...a, ...b]);
		const reader = new FrameReader(false);
		expect(reader.push(wire.subarray(0, 5))).toEqual([]);
		const out = reader.push(wire.subarray(5));
		expect(out).toEqual([
			{ type: FrameType.Headers, flags: Flags.EndHeaders, streamId: 1, payload: bytes(1, 2, 3) },
			{ type: FrameType.Data, flags: 0, streamId: 1, payload: bytes(4) }
		]);
	});

	it('a server checks the client preface, even when it arrives in pieces', () => {
		const reader = new FrameReader(true);
		expect(reader.push(PREFACE.subarray(0, 10))).toEqual([]);
		const settings = encodeFrame(FrameType.Settings, 0, 0);
		expect(reader.push(new Uint8Array([...PREFACE.subarray(10), ...settings]))).toEqual([
			{ type: FrameType.Settings, flags: 0, streamId: 0, payload: bytes() }
		]);
	});

	it.each([
		['an HTTP/1.1 request instead of the preface', new TextEncoder().encode('GET / HTTP/1.1\r\n')],
		['a TLS ClientHello', bytes(0x16, 0x03, 0x01, 0x00, 0x05)]
	])('refuses %s with PROTOCOL_ERROR', (_name, wire) => {
		expect(new FrameReader(true).push(wire)).toEqual({
			type: 'frame-error',
			code: 'PROTOCOL_ERROR'
		});
	});

	it('refuses a frame larger than SETTINGS_MAX_FRAME_SIZE', () => {
		const len = MAX_FRAME_PAYLOAD + 1;
		const header = bytes(len >> 16, (len >> 8) & 0xff, len & 0xff, 0, 0, 0, 0, 0, 1);
		expect(new FrameReader(false).push(header)).toEqual({
			type: 'frame-error',
			code: 'FRAME_SIZE_ERROR'
		});
	});
});

describe('header blocks (HPACK literals without indexing)', () => {
	const cases: { name: string; fields: HeaderField[] }[] = [
		{
			name: 'a CONNECT request',
			fields: [
				[':method', 'CONNECT'],
				[':authority', '10.244.2.7:9080'],
				['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00']
			]
		},
		{ name: 'a response status', fields: [[':status', '401']] },
		// 127 and more need the multi-byte integer form (RFC 7541 §5.1).
		{ name: 'a 126-byte value', fields: [['baggage', 'x'.repeat(126)]] },
		{ name: 'a 127-byte value', fields: [['baggage', 'x'.repeat(127)]] },
		{ name: 'a 300-byte value', fields: [['baggage', 'y'.repeat(300)]] },
		{ name: 'an empty value', fields: [['x-empty', '']] },
		{ name: 'a UTF-8 value', fields: [['x-name', 'café ✓'.repeat(30)]] },
		{ name: 'no fields', fields: [] }
	];
	it.each(cases)('round-trips $name', ({ fields }) => {
		expect(decodeHeaderBlock(encodeHeaderBlock(fields))).toEqual(fields);
	});

	it('encodes a field as 0x00, name length, name, value length, value', () => {
		expect([...encodeHeaderBlock([['a', 'bc']])]).toEqual([0x00, 1, 0x61, 2, 0x62, 0x63]);
		// A length counts UTF-8 bytes, not characters.
		expect([...encodeHeaderBlock([['a', 'é']])]).toEqual([0x00, 1, 0x61, 2, 0xc3, 0xa9]);
	});

	it.each([
		['an indexed field (static table)', bytes(0x82)],
		['a Huffman-coded name', bytes(0x00, 0x81, 0xff, 0x00)],
		['a truncated value', bytes(0x00, 1, 0x61, 5, 0x62)]
	])('refuses %s with COMPRESSION_ERROR', (_name, block) => {
		expect(decodeHeaderBlock(block)).toEqual({ type: 'frame-error', code: 'COMPRESSION_ERROR' });
	});
});
