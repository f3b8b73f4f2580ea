/**
 * Wires a screen to a pty, like xterm's AttachAddon does for a WebSocket: the terminal is a dumb
 * screen, the pty does line editing, echo and commands (STYLE.md principle 10).
 */
import type { Pty } from '../../shell/pty-types.ts';

/** The part of xterm's `Terminal` this needs, so Node tests can pass a fake screen. */
export interface Screen {
	readonly cols: number;
	readonly rows: number;
	write(data: string): void;
	onData(listener: (data: string) => void): { dispose(): void };
	onResize(listener: (size: { cols: number; rows: number }) => void): { dispose(): void };
}

export interface AttachHooks {
	/** Called now with the current value, then whenever a command starts or ends. */
	onBusyChange?(busy: boolean): void;
}

/** Connects both directions and tells the pty the size; returns the detach function. */
export function attachPty(screen: Screen, pty: Pty, hooks: AttachHooks = {}): () => void {
	const offOutput = pty.onData((d) => screen.write(d));
	const input = screen.onData((d) => pty.write(d));
	const resize = screen.onResize(({ cols, rows }) => pty.resize(cols, rows));
	const offBusy = pty.onBusyChange((busy) => hooks.onBusyChange?.(busy));
	pty.resize(screen.cols, screen.rows);
	hooks.onBusyChange?.(pty.busy);
	return () => {
		offOutput();
		input.dispose();
		resize.dispose();
		offBusy();
	};
}
