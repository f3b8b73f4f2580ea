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
