/** `clear`: home, erase screen, erase scrollback (what ncurses' clear sends to xterm). */
import type { Builtin } from './types.ts';

export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

export const clear: Builtin = {
	name: 'clear',
	summary: 'Clear the terminal screen',
	kind: 'shell',
	async run(_argv, io) {
		io.stdout(CLEAR_SCREEN);
		return 0;
	}
};
