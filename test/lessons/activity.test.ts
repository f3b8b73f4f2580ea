/**
 * The activity an embed or a workshop hears from a lesson being taken: the real engine on an
 * in-process cluster (lesson 03), snapshots fed to the tracker after every engine change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker, LessonChannel, type LessonActivity } from '../../src/lessons/activity.ts';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

const { lesson } = loadLessonDir(`${LESSONS_DIR}/03-join-the-mesh`);
let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
});

function tracked(): { engine: LessonEngine; events: LessonActivity[] } {
	const events: LessonActivity[] = [];
	const tracker = new ActivityTracker();
	host = headlessHost();
	const engine: LessonEngine = new LessonEngine(lesson!, host, {
		onChange: () =>
			events.push(
				...tracker.update({
					lesson: engine.lesson,
					step: engine.step,
					busy: engine.busy,
					report: engine.report,
					states: engine.lesson.steps.map((_, i) => engine.state(i))
				})
			)
	});
	return { engine, events };
}

describe('lesson activity', () => {
	it('says which step opened, each check verdict once, hints, and Solve', async () => {
		const { engine, events } = tracked();
		await engine.start(1);
		const title = lesson!.steps[1]!.title;
		expect(events[0]).toEqual({ type: 'step', lesson: lesson!.id, step: 2, title });
		const checks = events.filter((e) => e.type === 'check');
		expect(checks.length).toBeGreaterThan(0);
		expect(checks.every((c) => c.step === 2 && !c.passed)).toBe(true);

		events.length = 0;
		await engine.evaluate();
		// Nothing changed: no verdict is repeated.
		expect(events.filter((e) => e.type === 'check')).toEqual([]);

		engine.revealHint();
		expect(events).toContainEqual({ type: 'hint', lesson: lesson!.id, step: 2, hints: 1 });

		events.length = 0;
		await host!.type('kubectl label namespace default istio.io/dataplane-mode=ambient');
		await engine.evaluate();
		const passed = events.filter((e) => e.type === 'check');
		expect(passed.length).toBeGreaterThan(0);
		expect(passed.every((c) => c.passed)).toBe(true);

		events.length = 0;
		await engine.goTo(2);
		expect(events[0]).toMatchObject({ type: 'step', step: 3 });
		await engine.solve();
		expect(events).toContainEqual({ type: 'solve', lesson: lesson!.id, step: 3 });
		expect(events.some((e) => e.type === 'complete')).toBe(false);
	}, 90_000);

	it('announces completion once, when the last pending step is solved', () => {
		const tracker = new ActivityTracker();
		const base = {
			lesson: { id: 'l', steps: [{ title: 'a' }, { title: 'b' }] },
			busy: undefined,
			report: undefined
		};
		const pending = { status: 'pending', hints: 0 } as const;
		const solved = { status: 'solved', hints: 0 } as const;
		tracker.update({ ...base, step: 1, states: [solved, pending] });
		const done = tracker.update({ ...base, step: 1, states: [solved, solved] });
		expect(done).toEqual([{ type: 'complete', lesson: 'l' }]);
		expect(tracker.update({ ...base, step: 1, states: [solved, solved] })).toEqual([]);
		expect(tracker.update(undefined)).toEqual([{ type: 'close', lesson: 'l' }]);
	});

	it('channel: control waits for the pane; a throwing listener does not stop the others', async () => {
		const channel = new LessonChannel();
		const heard: LessonActivity[] = [];
		channel.subscribe(() => {
			throw new Error('broken adapter');
		});
		channel.subscribe((a) => heard.push(a));
		const warn = console.warn;
		console.warn = () => {};
		try {
			channel.publish({ type: 'complete', lesson: 'x' });
		} finally {
			console.warn = warn;
		}
		expect(heard).toEqual([{ type: 'complete', lesson: 'x' }]);

		const pending = channel.control();
		const control = {
			current: () => ({ lesson: 'x', step: 1 }),
			open: async () => undefined,
			openText: async () => undefined,
			goTo: async () => undefined,
			reset: async () => undefined
		};
		channel.attach(control);
		expect((await pending).current()).toEqual({ lesson: 'x', step: 1 });
	});
});
