/**
 * Issue 18 (red team): a newer version's progress file was overwritten by this page (Low); with
 * two tabs, tab B overwrote tab A's solved step and shell history (Medium).
 */
import { describe, expect, it } from 'vitest';
import { ProgressStore, type ProgressStorage } from '../../src/lessons/progress.ts';
import { createStorage } from '../../src/platform/storage.ts';
import { createHistory } from '../../src/shell/history.ts';
import { historyStore } from '../../src/ui/state/history-store.ts';

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

describe('two tabs and the shell history', () => {
	it("tab B adds its commands to tab A's history instead of overwriting it", () => {
		const map = new Map<string, string>();
		const backend = {
			getItem: (k: string) => map.get(k) ?? null,
			setItem: (k: string, v: string) => void map.set(k, v),
			removeItem: (k: string) => void map.delete(k)
		};
		const a = createHistory(historyStore(createStorage(() => backend)));
		const b = createHistory(historyStore(createStorage(() => backend)));
		a.add('kubectl get pods');
		b.add('kubectl get svc');
		a.add('kubectl get nodes');
		const reloaded = createHistory(historyStore(createStorage(() => backend)));
		expect(reloaded.entries).toEqual(['kubectl get pods', 'kubectl get svc', 'kubectl get nodes']);
	});
});
