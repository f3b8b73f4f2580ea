import { describe, expect, it } from 'vitest';
import type { Pty } from '../../../src/shell/pty-types.ts';
import { attachPty, type Screen } from '../../../src/ui/terminal/attach-pty.ts';

type Listener<T> = (v: T) => void;

function fakeScreen() {
	const data = new Set<Listener<string>>();
	const resize = new Set<Listener<{ cols: number; rows: number }>>();
	const written: string[] = [];
	const screen: Screen = {
		cols: 80,
		rows: 24,
		write: (d) => void written.push(d),
		onData: (l) => (data.add(l), { dispose: () => void data.delete(l) }),
		onResize: (l) => (resize.add(l), { dispose: () => void resize.delete(l) })
	};
	return {
		screen,
		written,
		type: (d: string) => data.forEach((l) => l(d)),
		resize: (cols: number, rows: number) => resize.forEach((l) => l({ cols, rows })),
		listeners: () => data.size + resize.size
	};
}

function fakePty() {
	const out = new Set<Listener<string>>();
	const busy = new Set<Listener<boolean>>();
	const input: string[] = [];
	const sizes: [number, number][] = [];
	const pty: Pty = {
		busy: false,
		write: (d) => void input.push(d),
		onData: (l) => (out.add(l), () => void out.delete(l)),
		onBusyChange: (l) => (busy.add(l), () => void busy.delete(l)),
		resize: (c, r) => void sizes.push([c, r])
	};
	return {
		pty,
		input,
		sizes,
		emit: (d: string) => out.forEach((l) => l(d)),
		setBusy: (b: boolean) => busy.forEach((l) => l(b)),
		listeners: () => out.size + busy.size
	};
}

describe('attachPty', () => {
	it('wires output, input, size and busy both ways, and detaches cleanly', () => {
		const s = fakeScreen();
		const p = fakePty();
		const busy: boolean[] = [];
		const detach = attachPty(s.screen, p.pty, { onBusyChange: (b) => busy.push(b) });

		expect(p.sizes).toEqual([[80, 24]]);
		expect(busy).toEqual([false]);

		p.emit('$ ');
		s.type('k');
		s.resize(100, 30);
		p.setBusy(true);
		expect(s.written).toEqual(['$ ']);
		expect(p.input).toEqual(['k']);
		expect(p.sizes).toEqual([
			[80, 24],
			[100, 30]
		]);
		expect(busy).toEqual([false, true]);

		detach();
		expect(s.listeners() + p.listeners()).toBe(0);
		p.emit('late');
		s.type('x');
		expect(s.written).toEqual(['$ ']);
		expect(p.input).toEqual(['k']);
	});
});
