/**
 * The embed's side of the postMessage protocol (src/embed/protocol.ts): who may talk to it
 * (`parentOrigin`s), what it says to them (never to `'*'`), what it ignores (counted for the
 * test hook), and the state the page around it controls: started, theme, visibility.
 */
import { parseEmbedParams, type EmbedConfig } from '../../embed/params.ts';
import {
	envelope,
	isIgnored,
	parseInMessage,
	type IgnoredReason,
	type InMessage,
	type OutMessage,
	type ThemeChoice
} from '../../embed/protocol.ts';
import { decodeInlineLesson } from '../../embed/inline-lesson.ts';
import { progressFromHash } from '../../embed/progress-relay.ts';

/** The messages a started embed acts on; the poster keeps them until the mesh is up. */
export type ActionMessage = Extract<InMessage, { type: 'goto' | 'reset' | 'run' }>;

/** Actions a page may queue (before the start, and while earlier ones run); more are refused. */
export const MAX_QUEUED_ACTIONS = 32;
/** Problems shown inside the embed; older ones go (each was sent to the page as `error`). */
export const MAX_SHOWN_ERRORS = 10;

export class EmbedBridge {
	readonly config: EmbedConfig;
	/** The inline lesson's markdown (`#lesson=`), or why it could not be read. */
	readonly inline: { readonly markdown?: string; readonly error?: string } | undefined;
	/** Where messages go and come from: `parentOrigin`s, else the browser's word for the parent. */
	readonly origins: readonly string[];
	/** The progress the embedding page kept for us (`#progress=`), as JSON text. */
	readonly hostProgress: string | undefined;
	started = $state(false);
	theme = $state<ThemeChoice>('auto');
	visible = $state(true);
	/** Problems to show inside the embed (and sent out as `error`). */
	errors = $state<string[]>([]);
	ignored = 0;
	readonly ignoredReasons: Partial<Record<IgnoredReason, number>> = {};
	#actions: ActionMessage[] = [];
	#onAction: ((m: ActionMessage) => void) | undefined;
	readonly #target: Window | undefined;

	constructor(win: Window = window) {
		this.config = parseEmbedParams(win.location.search);
		this.inline = decodeInlineLesson(win.location.hash);
		this.hostProgress = progressFromHash(win.location.hash);
		this.theme = this.config.theme;
		this.#target = win.parent !== win ? win.parent : undefined;
		// Chromium and Safari report the real embedding origin; with no parentOrigin that is the
		// one origin that can be trusted to be the page around us.
		const ancestor = win.location.ancestorOrigins?.[0];
		this.origins =
			this.config.parentOrigins.length > 0
				? this.config.parentOrigins
				: ancestor && ancestor !== 'null'
					? [ancestor]
					: [];
		for (const p of this.config.problems) this.#error(p, false);
		win.addEventListener('message', (e) => this.#receive(e));
	}

	/** The origin progress is kept under: the page we are really inside, when the browser says. */
	progressOrigin(win: Window = window): string {
		const ancestor = win.location.ancestorOrigins?.[0];
		return ancestor && ancestor !== 'null' ? ancestor : (this.origins[0] ?? 'none');
	}

	post(message: OutMessage): void {
		if (!this.#target) return;
		// Before a parentOrigin is known nothing is sent: events may carry what the learner typed.
		for (const origin of this.origins) this.#target.postMessage(envelope(message), origin);
	}

	/** Shows a problem in the embed and tells the page. */
	error(message: string): void {
		this.#error(message, true);
	}

	#error(message: string, send: boolean): void {
		if (!this.errors.includes(message))
			this.errors = [...this.errors, message].slice(-MAX_SHOWN_ERRORS);
		if (send) this.post({ type: 'error', message });
	}

	/** Problems from the URL are sent once the page can hear them (at `poster`/`ready`). */
	flushUrlProblems(): void {
		for (const p of this.config.problems) this.post({ type: 'error', message: p });
	}

	/** The started app acts on goto/reset/run from here on; those that came early go first. */
	onAction(handler: (m: ActionMessage) => void): () => void {
		this.#onAction = handler;
		for (const m of this.#actions.splice(0)) handler(m);
		return () => {
			if (this.#onAction === handler) this.#onAction = undefined;
		};
	}

	#receive(e: MessageEvent): void {
		// Our own window's events (none are expected) and other frames' are treated alike: by origin.
		const parsed = parseInMessage(e.data, e.origin, this.origins);
		if (isIgnored(parsed)) {
			this.ignored++;
			this.ignoredReasons[parsed.ignored] = (this.ignoredReasons[parsed.ignored] ?? 0) + 1;
			return;
		}
		switch (parsed.type) {
			case 'start':
				this.started = true;
				return;
			case 'theme':
				this.theme = parsed.theme;
				return;
			case 'visibility':
				this.visible = parsed.visible;
				return;
			default:
				if (this.#onAction) this.#onAction(parsed);
				else if (this.#actions.length < MAX_QUEUED_ACTIONS) this.#actions.push(parsed);
				else this.error(tooManyActions(parsed.type));
		}
	}
}

/** The answer to an action past MAX_QUEUED_ACTIONS (also used by EmbedSession). */
export function tooManyActions(type: string): string {
	return `too many actions waiting (${MAX_QUEUED_ACTIONS}): "${type}" was dropped; send the next one after a "command" or "step" event`;
}
