/**
 * Segments between workers travel as one transferred buffer per batch (segment-codec.ts): every
 * segment type survives the trip as parseSegment would accept it, and a garbage or truncated
 * buffer is a ProtocolError, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { decodeSegments, encodeSegments } from '../../../src/mesh/net/segment-codec.ts';
import { isProtocolError, parseSegment, type Segment } from '../../../src/mesh/net/protocol.ts';
import { connId, ms, type IpAddr } from '../../../src/mesh/types.ts';

const ip = (s: string) => s as IpAddr;
const header = {
	conn: connId('default/curl-5b4f6c7d8-x2x9q/17'),
	src: { ip: ip('10.244.1.3'), port: 40000 },
	dst: { ip: ip('10.96.0.15'), port: 9080 },
	at: ms(1234.567)
};

const cases: { name: string; segment: Segment }[] = [
	{ name: 'connect', segment: { ...header, type: 'connect' } },
	{ name: 'accept', segment: { ...header, type: 'accept' } },
	{
		name: 'data',
		segment: { ...header, type: 'data', bytes: new TextEncoder().encode('GET / HTTP/1.1\r\n') }
	},
	{ name: 'empty data', segment: { ...header, type: 'data', bytes: new Uint8Array(0) } },
	{ name: 'close', segment: { ...header, type: 'close' } },
	{ name: 'reset refused', segment: { ...header, type: 'reset', reason: 'refused' } },
	{ name: 'reset unreachable', segment: { ...header, type: 'reset', reason: 'unreachable' } },
	{
		name: 'hop and from (a ztunnel speaking for a pod)',
		segment: { ...header, type: 'connect', hop: ip('10.244.1.2'), from: ip('255.0.0.1') }
	},
	{ name: 'hop only', segment: { ...header, type: 'close', hop: ip('0.0.0.0') } },
	{
		name: 'a conn id that is not ASCII',
		segment: { ...header, type: 'accept', conn: connId('pod-ü/1') }
	}
];

describe('segment codec', () => {
	for (const { name, segment } of cases) {
		it(`round-trips ${name} as parseSegment reads it`, () => {
			const decoded = decodeSegments(encodeSegments([segment]));
			expect(decoded).toEqual([parseSegment(segment)]);
		});
	}

	it('keeps a batch in order, one buffer for all', () => {
		const batch = cases.map((c) => c.segment);
		const buffer = encodeSegments(batch);
		expect(buffer).toBeInstanceOf(ArrayBuffer);
		expect(decodeSegments(buffer)).toEqual(batch);
	});

	it('leaves out a segment it cannot carry (not IPv4, conn id too long), as a receiver would', () => {
		const bad: Segment = { ...header, type: 'connect', dst: { ip: ip('::1'), port: 80 } };
		const long: Segment = { ...header, type: 'close', conn: connId('x'.repeat(201)) };
		const good: Segment = { ...header, type: 'accept' };
		expect(decodeSegments(encodeSegments([bad, good, long]))).toEqual([good]);
		expect(isProtocolError(parseSegment(bad))).toBe(true);
	});

	const garbage: { name: string; message: unknown; error: string }[] = [
		{ name: 'an object', message: { type: 'data' }, error: 'not an ArrayBuffer' },
		{ name: 'an empty buffer', message: new ArrayBuffer(0), error: 'not a segment batch' },
		{ name: 'another version', message: Uint8Array.of(9, 0, 0).buffer, error: 'not a segment' },
		{ name: 'a count with nothing', message: Uint8Array.of(1, 1, 0).buffer, error: 'truncated' },
		{ name: 'trailing bytes', message: Uint8Array.of(1, 0, 0, 7).buffer, error: 'trailing' }
	];
	for (const { name, message, error } of garbage) {
		it(`rejects ${name}`, () => {
			const r = decodeSegments(message);
			expect(isProtocolError(r as never) && (r as { message: string }).message).toContain(error);
		});
	}

	it('rejects every truncation and a corrupted type, time or reason without throwing', () => {
		const full = new Uint8Array(encodeSegments(cases.map((c) => c.segment)));
		for (let n = 0; n < full.length; n++) {
			const r = decodeSegments(full.slice(0, n).buffer);
			expect(Array.isArray(r), `cut at ${n}`).toBe(false);
		}
		const one = new Uint8Array(encodeSegments([{ ...header, type: 'reset', reason: 'timeout' }]));
		const corrupt = (offset: number, value: number) => {
			const b = one.slice();
			b[offset] = value;
			return decodeSegments(b.buffer);
		};
		expect(corrupt(3, 9)).toMatchObject({ message: 'unknown segment type' });
		expect(corrupt(4, 4)).toMatchObject({ message: 'segment has unknown flags' });
		expect(corrupt(5, 4)).toMatchObject({ message: 'reset segment with an unknown reason' });
		// The time's f64 sits after the conn and the addresses; its top byte 0xff makes it NaN.
		const timeTop = 3 + 5 + header.conn.length + 12 + 7;
		expect(corrupt(timeTop, 0xff)).toMatchObject({ message: 'segment has an invalid time' });
	});
});
