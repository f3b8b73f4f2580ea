/** Issue 18 (red team), Low: a newer version's progress file was overwritten by this page. */
import { describe, expect, it } from 'vitest';
import { ProgressStore, type ProgressStorage } from '../../src/lessons/progress.ts';

describe('progress written by a newer page', () => {
	it('is left as it is when this page records a step, and replaced only by an import', () => {
		const newer = '{"version":9,"lessons":{"x":{"future":true}}}';
		const storage: ProgressStorage & { text: string | null } = {
			text: newer,
			load() {
				return this.text;
			},
			save(text) {
				this.text = text;
			}
		};
		const store = new ProgressStore(storage);
		expect(store.problem).toBe(
			'saved progress was ignored: progress file version 9 is newer than this page understands (1)'
		);
		store.record('meet-the-cluster', 0, { status: 'solved', hints: 0 });
		expect(storage.text).toBe(newer);
		expect(store.step('meet-the-cluster', 0)?.status).toBe('solved');
		expect(store.import('{"version":1,"lessons":{}}')).toBeUndefined();
		expect(JSON.parse(storage.text!)).toEqual({ version: 1, lessons: {} });
	});
});

describe('two tabs', () => {
	it("tab B does not overwrite tab A's solved step", () => {
		let text: string | null = null;
		const shared: ProgressStorage = {
			load: () => text,
			save: (t) => {
				text = t;
			}
		};
		const a = new ProgressStore(shared);
		const b = new ProgressStore(shared);
		a.record('meet-the-cluster', 0, { status: 'solved', hints: 0 });
		b.record('meet-the-cluster', 0, { status: 'pending', hints: 1 });
		b.record('meet-the-cluster', 1, { status: 'solved-with-help', hints: 2 });
		b.record('join-the-mesh', 0, { status: 'solved', hints: 0 });
		const reloaded = new ProgressStore(shared);
		expect(reloaded.step('meet-the-cluster', 0)).toEqual({ status: 'solved', hints: 1 });
		expect(reloaded.step('meet-the-cluster', 1)?.status).toBe('solved-with-help');
		expect(reloaded.step('join-the-mesh', 0)?.status).toBe('solved');
	});
});

describe('one tab', () => {
	it('can still put a step back to its earlier state (Undo after Solve)', () => {
		let text: string | null = null;
		const store = new ProgressStore({ load: () => text, save: (t) => void (text = t) });
		store.record('x', 0, { status: 'solved-with-help', hints: 3 });
		store.record('x', 0, { status: 'pending', hints: 1 });
		expect(new ProgressStore({ load: () => text, save: () => {} }).step('x', 0)).toEqual({
			status: 'pending',
			hints: 1
		});
	});
});
