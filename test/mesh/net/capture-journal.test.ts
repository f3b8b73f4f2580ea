import { describe, expect, it } from 'vitest';
import {
	CAPTURE_PAYLOAD_BYTES,
	CaptureJournal,
	type CaptureEntry
} from '../../../src/mesh/net/capture.ts';
import { connId, ip, ms, nodeName } from '../../../src/mesh/types.ts';

/**
 * Entry `i`, its fields in the order the wire sets them: a data segment with a payload of
 * `i % 300` bytes, a dropped reset, or a connect or close, some retransmitted and redirected.
 */
function entry(i: number): CaptureEntry {
	const type = (['connect', 'data', 'reset', 'close'] as const)[i % 4] ?? 'connect';
	const bytes =
		type === 'data' ? Uint8Array.from({ length: i % 300 }, (_, k) => (i + k) & 255) : undefined;
	const flagged = i % 8 === 3;
	return {
		sent: ms(i * 0.5),
		at: ms(i * 0.5 + 0.123),
		conn: connId(`default/curl/${i >> 2}`),
		type,
		src: { ip: ip('10.244.1.5'), port: 40000 + i },
		dst: { ip: ip('10.96.0.10'), port: 9080 },
		srcNode: nodeName('kind-worker'),
		dstNode: nodeName(i % 3 === 0 ? 'kind-worker2' : 'kind-worker'),
		length: bytes?.length ?? 0,
		...(bytes ? { payload: bytes } : {}),
		...(type === 'reset' ? { reason: 'refused' as const, dropped: true } : {}),
		...(flagged ? { retransmission: true, hop: '10.244.1.1', redirected: true } : {})
	};
}

/** What a reader sees of an entry: its payload, cut to what the journal keeps. */
const seen = (e: CaptureEntry): CaptureEntry =>
	e.payload ? { ...e, payload: e.payload.slice(0, CAPTURE_PAYLOAD_BYTES) } : e;

describe('CaptureJournal', () => {
	it('hands back every field of what was recorded, with a payload of its own', () => {
		const journal = new CaptureJournal(100);
		const recorded = Array.from({ length: 40 }, (_, i) => entry(i));
		for (const e of recorded) journal.record(e);
		const { entries, next } = journal.since(0);
		expect(next).toBe(40);
		expect(entries).toEqual(recorded.map(seen));
		// The same keys in the same order (a clone or JSON of an entry reads the same).
		expect(entries.map((e) => Object.keys(e))).toEqual(recorded.map((e) => Object.keys(e)));
		// Writing to a sender's buffer afterwards, or to what a reader got, changes nothing kept.
		(recorded[1]?.payload as Uint8Array).fill(0);
		(entries[5]?.payload as Uint8Array).fill(0);
		expect(journal.since(1).entries.slice(0, 5)).toEqual([entry(1), ...[2, 3, 4, 5].map(entry)]);
	});

	it('keeps at most 256 bytes of a payload, and an empty payload as empty', () => {
		const journal = new CaptureJournal(10);
		const big = entry(1);
		journal.record({ ...big, payload: new Uint8Array(1000).fill(7), length: 1000 });
		journal.record({ ...big, payload: new Uint8Array(0), length: 0 });
		const [first, second] = journal.since(0).entries;
		expect(first?.payload).toEqual(new Uint8Array(CAPTURE_PAYLOAD_BYTES).fill(7));
		expect(first?.length).toBe(1000);
		expect(second?.payload).toEqual(new Uint8Array(0));
	});

	it.each([
		[10, 5],
		[10, 12],
		[10, 13],
		[10, 100],
		[4, 1000],
		[1000, 2600]
	])('with limit %i after %i records: trims to the limit past 1.25 ×, indexes stay', (limit, n) => {
		const journal = new CaptureJournal(limit);
		// The rule as it was with an array: past 1.25 × the limit, keep the newest `limit`.
		let first = 0;
		for (let i = 0; i < n; i++) {
			journal.record(entry(i));
			if (i + 1 - first > limit * 1.25) first = i + 1 - limit;
		}
		expect(journal.total).toBe(n);
		expect(journal.held).toBe(n - first);
		const all = journal.since(0);
		expect(all.next).toBe(n);
		expect(all.entries.map((e) => e.src.port - 40000)).toEqual(
			Array.from({ length: n - first }, (_, k) => first + k)
		);
		expect(all.entries.at(-1)).toEqual(seen(entry(n - 1)));
		const from = Math.max(0, n - 3);
		expect(journal.since(from).entries.map((e) => e.src.port - 40000)).toEqual(
			Array.from({ length: n - Math.max(from, first) }, (_, k) => Math.max(from, first) + k)
		);
		expect(journal.since(n + 5)).toEqual({ entries: [], next: n });
	});

	it('wakes a reader waiting for the next entry', async () => {
		const journal = new CaptureJournal(10);
		journal.record(entry(0));
		const waiting = journal.next(1);
		journal.record(entry(1));
		expect(await waiting).toEqual({ entries: [seen(entry(1))], next: 2 });
	});
});
