/**
 * The cursor blinks while the terminal is used and stops after a quiet spell, as GTK's
 * `gtk-cursor-blink-timeout` (10 s) does: a blinking xterm cursor makes Chromium run a frame
 * per vsync, the bulk of an idle page's CPU at 500 pods (`scale.idleCpu500Pods`).
 */
import { describe, expect, it } from 'vitest';
import {
	blinkUntilQuiet,
	CURSOR_BLINK_TIMEOUT_MS,
	type BlinkTimers,
	type BlinkingTerminal
} from '../../../src/ui/terminal/cursor-blink.ts';

function fakes(): {
	term: BlinkingTerminal & { type(): void; listeners: number };
	timers: BlinkTimers & { advance(ms: number): void; pending(): number };
} {
	let now = 0;
	let id = 0;
	const due = new Map<number, { at: number; fn: () => void }>();
	const timers = {
		set(fn: () => void, ms: number) {
			due.set(++id, { at: now + ms, fn });
			return id;
		},
		clear(handle: unknown) {
			due.delete(handle as number);
		},
		advance(ms: number) {
			now += ms;
			for (const [k, t] of [...due].sort((a, b) => a[1].at - b[1].at))
				if (t.at <= now && due.delete(k)) t.fn();
		},
		pending: () => due.size
	};
	const listeners = new Set<() => void>();
	const term = {
		options: { cursorBlink: true } as { cursorBlink?: boolean },
		onData(l: () => void) {
			listeners.add(l);
			return { dispose: () => void listeners.delete(l) };
		},
		type() {
			for (const l of listeners) l();
		},
		get listeners() {
			return listeners.size;
		}
	};
	return { term, timers };
}

describe('cursor blink', () => {
	it('blinks at first and stops after 10 s without input', () => {
		const { term, timers } = fakes();
		blinkUntilQuiet(term, CURSOR_BLINK_TIMEOUT_MS, timers);
		expect(CURSOR_BLINK_TIMEOUT_MS).toBe(10_000);
		timers.advance(9_999);
		expect(term.options.cursorBlink).toBe(true);
		timers.advance(1);
		expect(term.options.cursorBlink).toBe(false);
		expect(timers.pending()).toBe(0);
	});

	it('input starts the blink again and each key restarts the quiet spell', () => {
		const { term, timers } = fakes();
		blinkUntilQuiet(term, 10_000, timers);
		timers.advance(10_000);
		term.type();
		expect(term.options.cursorBlink).toBe(true);
		timers.advance(6_000);
		term.type();
		timers.advance(6_000);
		expect(term.options.cursorBlink).toBe(true);
		timers.advance(4_000);
		expect(term.options.cursorBlink).toBe(false);
		expect(timers.pending()).toBe(0);
	});

	it('wake (focus) blinks again; dispose leaves no timer or listener behind', () => {
		const { term, timers } = fakes();
		const blink = blinkUntilQuiet(term, 10_000, timers);
		timers.advance(10_000);
		blink.wake();
		expect(term.options.cursorBlink).toBe(true);
		blink.dispose();
		expect(timers.pending()).toBe(0);
		expect(term.listeners).toBe(0);
	});
});
