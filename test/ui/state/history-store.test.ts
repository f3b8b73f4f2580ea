import { describe, expect, it } from 'vitest';
import { createStorage, type KeyValueStore } from '../../../src/platform/storage.ts';
import { createHistory } from '../../../src/shell/history.ts';
import { historyStore } from '../../../src/ui/state/history-store.ts';

function memory(): KeyValueStore & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k)
	};
}

describe('historyStore', () => {
	it('gives a new shell the history of the last one (a reload)', () => {
		const backend = memory();
		const store = historyStore(createStorage(() => backend));
		const first = createHistory(store);
		first.add('kubectl get pods');
		first.add('kubectl get svc');
		const second = createHistory(historyStore(createStorage(() => backend)));
		expect(second.entries).toEqual(['kubectl get pods', 'kubectl get svc']);
	});

	it.each([
		{ name: 'not JSON', stored: '{oops' },
		{ name: 'not an array', stored: '{"a":1}' },
		{ name: 'nothing stored', stored: undefined }
	])('starts empty when the stored value is $name', ({ stored }) => {
		const backend = memory();
		if (stored !== undefined) backend.map.set('mesh-playground:shell-history', stored);
		expect(historyStore(createStorage(() => backend)).load()).toEqual([]);
	});

	it('keeps only strings, and at most the last `max` entries', () => {
		const backend = memory();
		backend.map.set('mesh-playground:shell-history', JSON.stringify(['a', 1, 'b', 'c']));
		expect(
			historyStore(
				createStorage(() => backend),
				2
			).load()
		).toEqual(['b', 'c']);
		historyStore(
			createStorage(() => backend),
			2
		).save(['x', 'y', 'z']);
		expect(backend.map.get('mesh-playground:shell-history')).toBe('["y","z"]');
	});

	it('survives storage that throws (sandboxed iframes)', () => {
		const store = historyStore(
			createStorage(() => {
				throw new Error('SecurityError');
			})
		);
		expect(store.load()).toEqual([]);
		expect(() => store.save(['a'])).not.toThrow();
	});
});
