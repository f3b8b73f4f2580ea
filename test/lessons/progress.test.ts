import { describe, expect, it } from 'vitest';
import { parseProgress, ProgressStore, type ProgressStorage } from '../../src/lessons/progress.ts';

function memory(initial: string | null = null): ProgressStorage & { text: string | null } {
	return {
		text: initial,
		load() {
			return this.text;
		},
		save(text) {
			this.text = text;
		}
	};
}

describe('ProgressStore', () => {
	it('records steps, survives a reload and summarises', () => {
		const storage = memory();
		const store = new ProgressStore(storage);
		store.record('join-the-mesh', 0, { status: 'solved', hints: 1 });
		store.record('join-the-mesh', 1, { status: 'solved-with-help', hints: 2 });
		store.setCurrent('join-the-mesh', 2);
		const again = new ProgressStore(storage);
		expect(again.problem).toBeUndefined();
		expect(again.step('join-the-mesh', 1)).toEqual({ status: 'solved-with-help', hints: 2 });
		expect(again.lesson('join-the-mesh')?.current).toBe(2);
		expect(again.summary('join-the-mesh', 4)).toEqual({ solved: 1, withHelp: 1, total: 4 });
		expect(JSON.parse(storage.text!).version).toBe(1);
	});

	it('exports to a file and imports it elsewhere', () => {
		const a = new ProgressStore(memory());
		a.record('x', 0, { status: 'solved', hints: 0, prediction: { choice: 1, correct: true } });
		const b = new ProgressStore(memory());
		expect(b.import(a.export())).toBeUndefined();
		expect(b.step('x', 0)?.prediction).toEqual({ choice: 1, correct: true });
	});

	it('keeps whether a prediction was settled (its explanation showing) across export and import', () => {
		const a = new ProgressStore(memory());
		a.record('x', 0, {
			status: 'pending',
			hints: 0,
			prediction: { choice: 0, correct: false, settled: true }
		});
		a.record('x', 1, { status: 'pending', hints: 0, prediction: { choice: 2, correct: true } });
		const b = new ProgressStore(memory());
		expect(b.import(a.export())).toBeUndefined();
		expect(b.step('x', 0)?.prediction).toEqual({ choice: 0, correct: false, settled: true });
		expect(b.step('x', 1)?.prediction).toEqual({ choice: 2, correct: true });
	});

	it.each([
		{ name: 'not JSON', text: 'nope', error: /not JSON/ },
		{ name: 'no version', text: '{"lessons":{}}', error: /no "version"/ },
		{ name: 'a newer version', text: '{"version":9,"lessons":{}}', error: /newer than this page/ }
	])('refuses $name on import', ({ text, error }) => {
		const store = new ProgressStore(memory());
		expect(store.import(text)).toMatch(error);
	});

	it('drops malformed steps instead of trusting them', () => {
		const doc = parseProgress(
			'{"version":1,"lessons":{"x":{"current":1,"steps":{"0":{"status":"hacked"},"1":{"status":"solved","hints":-3}}}}}'
		);
		expect(doc).toEqual({
			version: 1,
			lessons: { x: { current: 1, steps: { '1': { status: 'solved', hints: 0 } } } }
		});
	});

	it('warns, and keeps working in memory, when storage throws', () => {
		const blocked: ProgressStorage = {
			load() {
				throw new Error('SecurityError');
			},
			save() {
				throw new Error('SecurityError');
			}
		};
		const store = new ProgressStore(blocked);
		expect(store.problem).toMatch(/blocks storage/);
		store.record('x', 0, { status: 'solved', hints: 0 });
		expect(store.step('x', 0)?.status).toBe('solved');
	});

	it('ignores a corrupt saved document with a message', () => {
		const store = new ProgressStore(memory('{broken'));
		expect(store.problem).toMatch(/saved progress was ignored/);
		expect(store.document.lessons).toEqual({});
	});
});
