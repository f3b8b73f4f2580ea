/**
 * The embed's bounds (docs/limits.md): a page that queues more than MAX_QUEUED_ACTIONS actions,
 * before the embed starts or while earlier ones still run, gets an `error` message for each one
 * dropped; the embed shows at most MAX_SHOWN_ERRORS problems (the page got every one).
 */
import { describe, expect, it } from 'vitest';
import {
	MAX_QUEUED_ACTIONS,
	MAX_SHOWN_ERRORS,
	tooManyActions
} from '../../src/ui/embed/embed-bridge.svelte.ts';
import { embedRig, PARENT } from '../fuzz/embed-harness.ts';

const msg = (m: Record<string, unknown>) => ({ source: 'mesh-playground', version: 1, ...m });
const errorsPosted = (rig: ReturnType<typeof embedRig>) =>
	rig.posted
		.map((p) => p.data as { type: string; message?: string })
		.filter((d) => d.type === 'error');

describe('embed bounds', () => {
	it('keeps 32 actions sent before the start and answers the 33rd with an error', async () => {
		const rig = embedRig(false);
		for (let i = 0; i <= MAX_QUEUED_ACTIONS; i++)
			rig.deliver(msg({ type: 'goto', step: 1 }), PARENT);
		expect(errorsPosted(rig)).toEqual([
			{ source: 'mesh-playground', version: 1, type: 'error', message: tooManyActions('goto') }
		]);
		const delivered: unknown[] = [];
		rig.bridge.onAction((m) => delivered.push(m));
		expect(delivered).toHaveLength(MAX_QUEUED_ACTIONS);
		rig.dispose();
	});

	it('refuses a run while 32 earlier ones still wait for their commands', async () => {
		const rig = embedRig(true, true);
		for (let i = 0; i <= MAX_QUEUED_ACTIONS; i++)
			rig.deliver(msg({ type: 'run', text: `echo ${i}` }), PARENT);
		await rig.settle();
		expect(errorsPosted(rig).map((d) => d.message)).toEqual([tooManyActions('run')]);
		// The first run is being typed; the 31 after it wait; the 33rd was never queued.
		expect(rig.calls).toEqual(['type 7']);
		rig.dispose();
	});

	it('shows the last ten problems and sends every one to the page', async () => {
		const rig = embedRig(true);
		for (let step = 4; step < 4 + 15; step++) {
			rig.deliver(msg({ type: 'goto', step }), PARENT);
			await rig.settle();
		}
		expect(errorsPosted(rig)).toHaveLength(15);
		expect(rig.bridge.errors).toHaveLength(MAX_SHOWN_ERRORS);
		expect(rig.bridge.errors.at(-1)).toBe('step 18 is out of range: the lesson has steps 1 to 3');
		rig.dispose();
	});
});
