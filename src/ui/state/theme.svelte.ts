/**
 * Dark (default) or light. The choice is remembered, and applied as `data-theme` on <html> so
 * CSS variables switch in one place; the terminal reads `terminalTheme` to follow.
 */
import type { Storage } from '../../platform/storage.ts';

export type ThemeName = 'dark' | 'light';

const THEMES: readonly ThemeName[] = ['dark', 'light'];
const KEY = 'theme';

/** xterm's ITheme subset we set; colours match the page's CSS variables in theme.css. */
export interface TerminalColours {
	readonly background: string;
	readonly foreground: string;
	readonly cursor: string;
	readonly selectionBackground: string;
}

const TERMINAL: Record<ThemeName, TerminalColours> = {
	dark: {
		background: '#0f1419',
		foreground: '#d8dee9',
		cursor: '#7fd1b9',
		selectionBackground: '#33475b'
	},
	light: {
		background: '#fbfbf8',
		foreground: '#1f2933',
		cursor: '#0b7a5e',
		selectionBackground: '#c8dcf0'
	}
};

export class Theme {
	#name = $state<ThemeName>('dark');
	readonly #storage: Storage;

	constructor(storage: Storage) {
		this.#storage = storage;
		this.#name = storage.read(KEY, THEMES, 'dark');
	}

	get name(): ThemeName {
		return this.#name;
	}

	/** The theme a click on the toggle switches to, for its label. */
	get other(): ThemeName {
		return this.#name === 'dark' ? 'light' : 'dark';
	}

	get terminalColours(): TerminalColours {
		return TERMINAL[this.#name];
	}

	toggle(): void {
		this.#name = this.other;
		this.#storage.write(KEY, this.#name);
	}
}
