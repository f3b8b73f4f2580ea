/** Which arrangement a window gets, the terminal's font size, and what is remembered. */
import { describe, expect, it } from 'vitest';
import { createStorage } from '../../../src/platform/storage.ts';
import {
	DEFAULT_SIZES,
	Layout,
	defaultFontSize,
	layoutMode,
	parseSizes
} from '../../../src/ui/state/layout.svelte.ts';

function memoryStorage() {
	const map = new Map<string, string>();
	const storage = createStorage(() => ({
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k)
	}));
	return { storage, map };
}

describe('layoutMode', () => {
	it.each([
		[1920, 1080, 'wide'],
		[1600, 900, 'medium'],
		[1280, 720, 'medium'],
		[1000, 700, 'medium'],
		[999, 700, 'narrow'],
		[800, 600, 'narrow'],
		[375, 667, 'narrow'],
		[1280, 400, 'narrow']
	])('%i x %i is %s', (width, height, mode) => {
		expect(layoutMode(width, height)).toBe(mode);
	});
});

describe('Layout', () => {
	it('opens with the editor closed, and a font that fits 132 columns at 1280 px', () => {
		const { storage } = memoryStorage();
		const layout = new Layout(storage, { width: 1280 });
		expect(layout.editorOpen).toBe(false);
		expect(layout.fontSize).toBe(12);
		expect(defaultFontSize(1920)).toBe(14);
		// 1280 − the lesson column, at 12 px DejaVu Sans Mono (7.2 px a cell).
		expect(Math.floor((1280 - DEFAULT_SIZES.lesson - 20) / 7.23)).toBeGreaterThanOrEqual(132);
	});

	it('remembers a chosen font size within bounds, but not the window’s default', () => {
		const { storage, map } = memoryStorage();
		const layout = new Layout(storage, { width: 1280 });
		layout.toggleEditor(true);
		expect(JSON.parse(map.get('mesh-playground:layout') ?? '{}').fontSize).toBeUndefined();
		for (let i = 0; i < 30; i++) layout.zoom(1);
		expect(layout.fontSize).toBe(24);
		const again = new Layout(storage, { width: 1920 });
		expect(again.fontSize).toBe(24);
		expect(again.editorOpen).toBe(true);
		for (let i = 0; i < 30; i++) again.zoom(-1);
		expect(again.fontSize).toBe(10);
	});

	it('opens the editor when a narrow window shows its tab', () => {
		const { storage } = memoryStorage();
		const layout = new Layout(storage, { width: 800 });
		expect(layout.narrowPane).toBe('lesson');
		layout.showNarrow('editor');
		expect(layout.editorOpen).toBe(true);
		expect(new Layout(storage).narrowPane).toBe('editor');
	});

	it('ignores garbage in storage', () => {
		expect(
			parseSizes('{"lesson":"wide","views":9999,"fontSize":1e9,"narrowPane":"nope","editorOpen":1}')
		).toEqual({
			...DEFAULT_SIZES,
			views: 75,
			editorOpen: undefined,
			fontSize: 24,
			narrowPane: 'lesson'
		});
		expect(parseSizes('not json')).toMatchObject({ ...DEFAULT_SIZES, fontSize: undefined });
	});
});
