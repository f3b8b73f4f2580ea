/**
 * Issue 17, nothing lost: what the page keeps in localStorage survives a schema upgrade (a
 * fixture of version 1, today's shape before the version key), corrupted or wrong-typed values
 * (repaired with a notice the page shows, never a throw), a full quota (warned, older data kept)
 * and two tabs writing at once (no write lost, for every stored key).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProgressStore, type ProgressStorage } from '../../src/lessons/progress.ts';
import { createStorage, type KeyValueStore } from '../../src/platform/storage.ts';
import { createHistory } from '../../src/shell/history.ts';
import { historyStore } from '../../src/ui/state/history-store.ts';
import { DEFAULT_SIZES, Layout } from '../../src/ui/state/layout.svelte.ts';
import {
	KEYS,
	PROGRESS_SET_ASIDE,
	STORAGE_VERSION,
	STORAGE_VERSION_KEY,
	upgradeStorage
} from '../../src/ui/state/storage-upgrade.ts';
import { Theme } from '../../src/ui/state/theme.svelte.ts';
import { AnimationSpeed } from '../../src/ui/step/animation-speed.svelte.ts';

const V1: Record<string, string> = JSON.parse(
	readFileSync(new URL('../fixtures/storage-v1.json', import.meta.url), 'utf8')
);

/** A Map-backed localStorage; `full` makes every write throw as a full quota does. */
function memory(initial: Record<string, string> = {}) {
	const map = new Map(Object.entries(initial));
	const state = { full: false };
	const kv: KeyValueStore = {
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => {
			if (state.full) throw new DOMException('quota', 'QuotaExceededError');
			map.set(k, v);
		},
		removeItem: (k) => void map.delete(k)
	};
	return { map, kv, state, storage: createStorage(() => kv) };
}

const progressOver = (kv: KeyValueStore): ProgressStorage => ({
	load: () => kv.getItem(KEYS.progress),
	save: (text) => kv.setItem(KEYS.progress, text)
});

/** Everything a page opened on `kv` would read, through the owners' own readers. */
function pageReads(m: ReturnType<typeof memory>) {
	const layout = new Layout(m.storage, { width: 1600 });
	const progress = new ProgressStore(progressOver(m.kv));
	return {
		progress: progress.document,
		progressProblem: progress.problem,
		history: historyStore(m.storage).load(),
		theme: new Theme(m.storage).name,
		layout: { ...layout.sizes, editorOpen: layout.editorOpen, fontSize: layout.fontSize },
		narrowPane: layout.narrowPane,
		speed: new AnimationSpeed(m.kv).value
	};
}

describe('storage schema: version 1 (no version key) to 2', () => {
	it('migrates the fixture: every owner reads what version 1 stored, with no notice', () => {
		const m = memory(V1);
		expect(upgradeStorage(m.kv)).toEqual([]);
		expect(m.map.get(STORAGE_VERSION_KEY)).toBe(String(STORAGE_VERSION));
		expect(m.map.has('mesh-playground.animation-speed')).toBe(false);
		expect(m.map.get(KEYS.animationSpeed)).toBe('0.25');
		const read = pageReads(m);
		expect(read.progress).toEqual(JSON.parse(V1[KEYS.progress] ?? ''));
		expect(read.progressProblem).toBeUndefined();
		expect(read.history).toEqual(JSON.parse(V1[KEYS.history] ?? ''));
		expect(read.theme).toBe('light');
		expect(read.layout).toEqual({
			lesson: 320,
			visual: 520,
			editor: 40,
			views: 50,
			editorOpen: true,
			fontSize: 16
		});
		expect(read.narrowPane).toBe('views');
		expect(read.speed).toBe(0.25);
	});

	it('is idempotent: a second start changes nothing', () => {
		const m = memory(V1);
		upgradeStorage(m.kv);
		const after = new Map(m.map);
		expect(upgradeStorage(m.kv)).toEqual([]);
		expect(m.map).toEqual(after);
	});

	it("a newer page's storage is left untouched, with a notice", () => {
		const m = memory({ ...V1, [STORAGE_VERSION_KEY]: '7', [KEYS.theme]: 'solarized' });
		const before = new Map(m.map);
		expect(upgradeStorage(m.kv).map((n) => n.message)).toEqual([
			'Saved settings come from a newer version of the playground (storage version 7); this page uses what it understands and changes nothing it does not.'
		]);
		expect(m.map).toEqual(before);
	});
});

describe('corrupted or wrong-typed values', () => {
	it.each([
		{
			key: KEYS.theme,
			value: '42',
			notice: 'Saved theme could not be read (unknown theme "42"); it was reset.'
		},
		{
			key: KEYS.history,
			value: '["ok", 3, null]',
			notice: 'Saved shell history could not be read (entries that are not text); it was reset.'
		},
		{
			key: KEYS.history,
			value: '{"not":"a list"',
			notice: 'Saved shell history could not be read (not a JSON list); it was reset.'
		},
		{
			key: KEYS.layout,
			value: '[1,2,3]',
			notice: 'Saved pane layout could not be read (not a JSON object); it was reset.'
		},
		{
			key: KEYS.animationSpeed,
			value: 'fast',
			notice: 'Saved animation speed could not be read (not a speed: "fast"); it was reset.'
		},
		{
			key: KEYS.language,
			value: 'tlh',
			notice: 'Saved language could not be read (not a language of this page: "tlh"); it was reset.'
		}
	])('$key = $value: reset to the default, and the page says so', ({ key, value, notice }) => {
		const m = memory({ [STORAGE_VERSION_KEY]: '2', [key]: value });
		expect(upgradeStorage(m.kv)).toEqual([{ key, message: notice }]);
		expect(m.map.has(key)).toBe(false);
		const read = pageReads(m);
		expect(read.theme).toBe('dark');
		expect(read.history).toEqual([]);
		expect(read.speed).toBe(1);
	});

	it('a layout with some wrong-typed fields keeps the others', () => {
		const m = memory({
			[KEYS.layout]: '{"lesson":300,"visual":"wide","editorOpen":"yes","views":50}'
		});
		expect(upgradeStorage(m.kv).map((n) => n.message)).toEqual([
			'Saved pane layout had unreadable visual, editorOpen; they were reset.'
		]);
		const read = pageReads(m);
		expect(read.layout).toMatchObject({
			lesson: 300,
			visual: DEFAULT_SIZES.visual,
			views: 50,
			editorOpen: false
		});
	});

	it.each([
		['not JSON', '{"version":1,"lessons":{', 'not a progress file: it is not JSON'],
		['no version', '{"lessons":{}}', 'not a progress file: no "version"'],
		[
			'wrong-typed lessons',
			'{"version":1,"lessons":[]}',
			'not a progress file: "lessons" is not an object'
		]
	])(
		'progress that is %s is set aside, not destroyed, and lessons start afresh',
		(_, text, why) => {
			const m = memory({ [KEYS.progress]: text });
			expect(upgradeStorage(m.kv)).toEqual([
				{
					key: KEYS.progress,
					message: `Saved lesson progress could not be read (${why}); it was set aside under "${PROGRESS_SET_ASIDE}" and lessons start afresh.`
				}
			]);
			expect(m.map.get(PROGRESS_SET_ASIDE)).toBe(text);
			const read = pageReads(m);
			expect(read.progress.lessons).toEqual({});
			expect(read.progressProblem).toBeUndefined();
		}
	);

	it('blocked storage (every access throws) gives no notice and no throw', () => {
		const blocked: KeyValueStore = {
			getItem: () => {
				throw new DOMException('denied', 'SecurityError');
			},
			setItem: () => {},
			removeItem: () => {}
		};
		expect(upgradeStorage(blocked)).toEqual([]);
		expect(upgradeStorage(undefined)).toEqual([]);
	});
});

describe('a full quota', () => {
	it('unreadable progress that cannot be set aside stays where it is', () => {
		const m = memory({ [KEYS.progress]: 'garbage' });
		m.state.full = true;
		expect(upgradeStorage(m.kv)[0]?.message).toBe(
			'Saved lesson progress could not be read (not a progress file: it is not JSON); lessons start afresh.'
		);
		expect(m.map.get(KEYS.progress)).toBe('garbage');
	});

	it('progress: the learner is warned and the older saved progress is kept', () => {
		const m = memory(V1);
		upgradeStorage(m.kv);
		const store = new ProgressStore(progressOver(m.kv));
		m.state.full = true;
		store.record('join-the-mesh', 0, { status: 'solved', hints: 1 });
		expect(store.problem).toBe(
			'this browser refused to save progress (storage full or blocked); export it to a file to keep it'
		);
		// This visit still knows the step is solved; storage still holds the older document.
		expect(store.step('join-the-mesh', 0)?.status).toBe('solved');
		expect(m.map.get(KEYS.progress)).toBe(V1[KEYS.progress]);
	});
});

describe('two tabs at once: no write lost, for every stored key', () => {
	it("layout: each tab's change to a different field survives (last writer wins per field)", () => {
		const m = memory();
		const a = new Layout(m.storage, { width: 1600 });
		const b = new Layout(m.storage, { width: 1600 });
		a.set('lesson', 350);
		b.toggleEditor(true);
		a.zoom(2);
		b.set('views', 55);
		const reloaded = new Layout(m.storage, { width: 1600 });
		expect(reloaded.sizes.lesson).toBe(350);
		expect(reloaded.sizes.views).toBe(55);
		expect(reloaded.editorOpen).toBe(true);
		expect(reloaded.fontSize).toBe(a.fontSize);
	});

	it('theme and animation speed: one value each, the last writer wins', () => {
		const m = memory();
		const [a, b] = [new Theme(m.storage), new Theme(m.storage)];
		a.toggle();
		expect(new Theme(m.storage).name).toBe('light');
		b.toggle(); // b still showed dark: it switches to light, as its learner saw
		expect(new Theme(m.storage).name).toBe('light');
		const [s1, s2] = [new AnimationSpeed(m.kv), new AnimationSpeed(m.kv)];
		s1.index = 0;
		s2.index = 4;
		expect(new AnimationSpeed(m.kv).value).toBe(s2.value);
	});

	it('history and progress: merged', () => {
		const m = memory();
		const a = createHistory(historyStore(m.storage));
		const b = createHistory(historyStore(m.storage));
		a.add('kubectl get pods');
		b.add('kubectl get svc');
		expect(createHistory(historyStore(m.storage)).entries).toEqual([
			'kubectl get pods',
			'kubectl get svc'
		]);
		const p1 = new ProgressStore(progressOver(m.kv));
		const p2 = new ProgressStore(progressOver(m.kv));
		p1.record('x', 0, { status: 'solved', hints: 0 });
		p2.record('y', 1, { status: 'solved-with-help', hints: 2 });
		const reloaded = new ProgressStore(progressOver(m.kv));
		expect(reloaded.step('x', 0)?.status).toBe('solved');
		expect(reloaded.step('y', 1)?.status).toBe('solved-with-help');
	});
});
