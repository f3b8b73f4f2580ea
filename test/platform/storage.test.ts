import { describe, expect, it } from 'vitest';
import { createStorage, type KeyValueStore } from '../../src/platform/storage.ts';

function mapStore(): KeyValueStore & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k)
	};
}

const throwing: KeyValueStore = {
	getItem: () => {
		throw new Error('SecurityError');
	},
	setItem: () => {
		throw new Error('QuotaExceededError');
	},
	removeItem: () => {
		throw new Error('SecurityError');
	}
};

describe('storage', () => {
	it('round-trips under a prefix and validates what it reads', () => {
		const backend = mapStore();
		const s = createStorage(() => backend);
		expect(s.read('theme', ['dark', 'light'], 'dark')).toBe('dark');
		expect(s.write('theme', 'light')).toBe(true);
		expect(backend.map.get('mesh-playground:theme')).toBe('light');
		expect(s.read('theme', ['dark', 'light'], 'dark')).toBe('light');
		backend.map.set('mesh-playground:theme', 'purple');
		expect(s.read('theme', ['dark', 'light'], 'dark')).toBe('dark');
		s.remove('theme');
		expect(backend.map.size).toBe(0);
	});

	const broken = [
		{ name: 'store that throws on every call', backend: () => throwing },
		{
			name: 'getter that throws (sandboxed iframe)',
			backend: (): KeyValueStore => {
				throw new Error('SecurityError');
			}
		},
		{ name: 'no store at all', backend: () => undefined }
	];
	it.each(broken)('falls back quietly with a $name', ({ backend }) => {
		const s = createStorage(backend);
		expect(s.read('theme', ['dark', 'light'], 'dark')).toBe('dark');
		expect(s.write('theme', 'light')).toBe(false);
		expect(() => s.remove('theme')).not.toThrow();
	});
});
