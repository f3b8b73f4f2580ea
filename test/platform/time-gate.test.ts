/**
 * The worker runtime's time gate (src/platform/time-gate.ts) with a fake wall clock: the rules
 * the in-process event loop keeps (time moves only while someone waits, events in deadline
 * order, a later event waits for everything before it) hold for hosts' long timers and the
 * cluster's own timers.
 */
import { describe, expect, it } from 'vitest';
import type { HostActivity } from '../../src/mesh/runtime/remote-host.ts';
import { TimeGate } from '../../src/platform/time-gate.ts';

const QUIET: HostActivity = { posted: 4, delivered: 4, busy: 0, soon: 0, earliest: Infinity };

function gate(activity: () => HostActivity = () => QUIET) {
	let wall = 0;
	const g = new TimeGate({
		scale: 1,
		wallNow: () => wall,
		// Wall time stands still unless a test moves it; a wait yields a real task.
		wait: () => new Promise<void>((resolve) => setImmediate(resolve)),
		poll: async () => activity()
	});
	return {
		g,
		tick: () => new Promise<void>((resolve) => setImmediate(resolve)),
		wallTo: (ms: number) => (wall = ms)
	};
}

async function settled(p: Promise<void>, tick: () => Promise<void>, rounds = 50): Promise<boolean> {
	let done = false;
	void p.then(() => (done = true));
	for (let i = 0; i < rounds && !done; i++) await tick();
	return done;
}

describe('time gate', () => {
	it('holds a host timer while no command waits, grants it once one does and hosts are quiet', async () => {
		const { g, tick, wallTo } = gate(() => ({ ...QUIET, earliest: 5000 }));
		const granted = g.grant(5000);
		wallTo(6000);
		expect(await settled(granted, tick)).toBe(false);
		const end = g.begin();
		expect(await settled(granted, tick, 20)).toBe(false);
		wallTo(11_000);
		expect(await settled(granted, tick)).toBe(true);
		end();
	});

	it('an earlier timer anywhere, or a segment in flight, holds a grant', async () => {
		let activity: HostActivity = { ...QUIET, earliest: 3000 };
		const { g, tick, wallTo } = gate(() => activity);
		const end = g.begin();
		const granted = g.grant(5000);
		wallTo(5100);
		expect(await settled(granted, tick)).toBe(false);
		activity = { ...QUIET, posted: 5, delivered: 4, earliest: 5000 };
		expect(await settled(granted, tick, 20)).toBe(false);
		activity = { ...QUIET, posted: 5, delivered: 5, busy: 1, earliest: 5000 };
		expect(await settled(granted, tick, 20)).toBe(false);
		activity = { ...QUIET, posted: 5, delivered: 5, earliest: 5000 };
		expect(await settled(granted, tick)).toBe(true);
		end();
	});

	it('an advance grants up to its target, not past it', async () => {
		const { g, tick, wallTo } = gate(() => ({ ...QUIET, earliest: 1000 }));
		const end = g.begin(1500);
		const late = g.grant(2000);
		wallTo(3000);
		expect(await settled(late, tick)).toBe(false);
		end();
		g.observe(2000);
		expect(await settled(late, tick)).toBe(true);
	});

	it("the cluster's timers fire in deadline order, each at its deadline, and only while time runs", async () => {
		const { g, tick } = gate();
		const fired: string[] = [];
		g.after(2000, () => fired.push(`b@${g.now()}`));
		g.after(1000, () => fired.push(`a@${g.now()}`));
		for (let i = 0; i < 20; i++) await tick();
		expect(fired).toEqual([]);
		await g.advanceTo(2500);
		expect(fired).toEqual(['a@1000', 'b@2000']);
		expect(g.now()).toBe(2500);
	});

	it("while a command waits, the cluster's timers fire as wall time reaches them", async () => {
		const { g, tick, wallTo } = gate();
		const fired: number[] = [];
		g.after(1000, () => fired.push(g.now()));
		const end = g.begin();
		for (let i = 0; i < 5; i++) await tick();
		expect(fired).toEqual([]);
		wallTo(1200);
		for (let i = 0; i < 5; i++) await tick();
		expect(fired).toEqual([1000]);
		end();
	});

	it('traffic that never quiets lets a due grant go after the slack', async () => {
		let n = 0;
		const { g, tick, wallTo } = gate(() => ({ ...QUIET, posted: n++, earliest: 5000 }));
		const end = g.begin();
		const granted = g.grant(5000);
		wallTo(5500);
		expect(await settled(granted, tick, 20)).toBe(false);
		wallTo(9000);
		expect(await settled(granted, tick)).toBe(true);
		end();
	});

	it('a timer within the horizon fires on its wall time alone', async () => {
		const { g, tick } = gate();
		let at = -1;
		g.after(100, () => (at = g.now()));
		for (let i = 0; i < 5; i++) await tick();
		expect(at).toBe(100);
	});
});
