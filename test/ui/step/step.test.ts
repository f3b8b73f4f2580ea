import { describe, expect, it } from 'vitest';
import type { InFlightSegment } from '../../../src/mesh/runtime/stepping.ts';
import { connId, ip, ms } from '../../../src/mesh/types.ts';
import { runtimeFromSearch, searchWithRuntime } from '../../../src/ui/step/runtime-param.ts';
import { inFlightRow } from '../../../src/ui/step/segments.ts';
import { scaledDuration, speedIndex, SPEEDS } from '../../../src/ui/step/speeds.ts';

describe('?runtime= parameter', () => {
	it.each([
		{ search: '', kind: 'workers' },
		{ search: '?runtime=inprocess', kind: 'inprocess' },
		{ search: '?lesson=01&runtime=in-process', kind: 'inprocess' },
		{ search: '?runtime=InProcess', kind: 'inprocess' },
		{ search: '?runtime=workers', kind: 'workers' },
		{ search: '?runtime=quantum', kind: 'workers' }
	])('$search boots $kind', ({ search, kind }) => {
		expect(runtimeFromSearch(search)).toBe(kind);
	});

	it.each([
		{ search: '', kind: 'inprocess', expected: '?runtime=inprocess' },
		{ search: '?lesson=01', kind: 'inprocess', expected: '?lesson=01&runtime=inprocess' },
		{ search: '?runtime=inprocess', kind: 'workers', expected: '' },
		{ search: '?lesson=01&runtime=inprocess', kind: 'workers', expected: '?lesson=01' }
	] as const)('switching $search to $kind gives "$expected"', ({ search, kind, expected }) => {
		expect(searchWithRuntime(search, kind)).toBe(expected);
	});
});

const segment = (over: Partial<InFlightSegment> = {}): InFlightSegment => ({
	id: 4,
	type: 'data',
	conn: connId('c1'),
	src: { ip: ip('10.244.1.5'), port: 43210 },
	dst: { ip: ip('10.96.0.12'), port: 9080 },
	sentAt: ms(10),
	at: ms(10.25),
	from: 'default/curl-1',
	to: 'default/productpage-v1-1',
	bytes: 143,
	...over
});

describe('in-flight rows', () => {
	it.each([
		{ name: 'data', s: segment(), flag: 'DATA', summary: 'DATA 143 B' },
		{ name: 'connect', s: segment({ type: 'connect', bytes: 0 }), flag: 'SYN', summary: 'SYN' },
		{
			name: 'reset with a reason',
			s: segment({ type: 'reset', bytes: 0, reason: 'refused' }),
			flag: 'RST',
			summary: 'RST refused'
		}
	])('$name: $summary', ({ s, flag, summary }) => {
		const row = inFlightRow(s, 10);
		expect(row.flag).toBe(flag);
		expect(row.summary).toBe(summary);
		expect(row.due).toBe('+0.250 ms');
	});

	it('names both ends, the hop, and nobody when no host holds the address', () => {
		const row = inFlightRow(segment({ hop: ip('10.244.1.2'), to: undefined }), 10.25);
		expect(row.route).toBe('default/curl-1 → 10.244.1.2 (nobody)');
		expect(row.label).toBe(
			'DATA 143 B from default/curl-1 (10.244.1.5:43210) to 10.96.0.12:9080 via 10.244.1.2, arrives in 0.000 ms'
		);
	});
});

describe('animation speeds', () => {
	it.each([
		{ base: '1.2s', speed: 2, expected: '0.6s' },
		{ base: '1.2s', speed: 0.25, expected: '4.8s' },
		{ base: '900ms', speed: 1, expected: '0.9s' },
		{ base: 'indefinite', speed: 2, expected: undefined },
		{ base: '1s', speed: 0, expected: undefined }
	])('$base at $speed× lasts $expected', ({ base, speed, expected }) => {
		expect(scaledDuration(base, speed)).toBe(expected);
	});

	it.each([
		{ stored: 1, index: 2 },
		{ stored: 4, index: 4 },
		{ stored: 3, index: 4 },
		{ stored: 0.3, index: 0 }
	])('a stored speed of $stored maps to slider position $index', ({ stored, index }) => {
		expect(speedIndex(stored)).toBe(index);
		expect(SPEEDS[index]).toBeDefined();
	});
});
