/**
 * The embed's postMessage protocol, one module of discriminated unions (docs/embedding.md).
 * Every message is `{ source: 'mesh-playground', version: 1, type, … }`. "Out" messages go from
 * the embed to the page around it; "in" messages from the page (or the custom element) to the
 * embed. Anything else — another origin, a wrong shape, too big — is an `Ignored` value, never
 * an exception.
 */

export const SOURCE = 'mesh-playground';
export const VERSION = 1;

export type ResetScope = 'step' | 'lesson' | 'mesh';
export type ThemeChoice = 'light' | 'dark' | 'auto';

/** Embed → page. */
export type OutMessage =
	| { readonly type: 'ready'; readonly lesson: string | null; readonly step: number | null }
	| {
			readonly type: 'step';
			readonly lesson: string;
			readonly step: number;
			readonly title: string;
	  }
	| {
			readonly type: 'check';
			readonly lesson: string;
			readonly step: number;
			readonly name: string;
			readonly passed: boolean;
	  }
	| { readonly type: 'complete'; readonly lesson: string }
	| { readonly type: 'command'; readonly text: string; readonly exitCode: number }
	| { readonly type: 'error'; readonly message: string }
	/** The poster is on show; the mesh has not started. */
	| { readonly type: 'poster' }
	/**
	 * The embed's progress document (src/lessons/progress.ts), for the element to keep in the
	 * embedding page's storage when the embed's own is blocked (src/embed/progress-relay.ts).
	 */
	| { readonly type: 'progress'; readonly progress: unknown };

/** Page → embed. `visibility` comes from the custom element's IntersectionObserver. */
export type InMessage =
	| { readonly type: 'goto'; readonly step: number }
	| { readonly type: 'reset'; readonly scope: ResetScope }
	| { readonly type: 'theme'; readonly theme: ThemeChoice }
	| { readonly type: 'run'; readonly text: string }
	| { readonly type: 'start' }
	| { readonly type: 'visibility'; readonly visible: boolean };

export type Envelope<M> = M & { readonly source: typeof SOURCE; readonly version: typeof VERSION };

/** Why a message was not acted on; counted by the embed, shown to no one. */
export type IgnoredReason =
	'origin' | 'not-an-object' | 'source' | 'version' | 'type' | 'fields' | 'oversized';

export interface Ignored {
	readonly ignored: IgnoredReason;
}

/** A command line longer than this is not something a docs page types for a learner. */
export const MAX_RUN_CHARS = 4096;

const THEMES: readonly string[] = ['light', 'dark', 'auto'];
const SCOPES: readonly string[] = ['step', 'lesson', 'mesh'];

export function envelope<M extends OutMessage | InMessage>(message: M): Envelope<M> {
	return { source: SOURCE, version: VERSION, ...message };
}

/**
 * Checks a `message` event's data: it came from one of the `allowed` origins and is a
 * well-formed in-message. Only the fields of the message are kept (extra fields are dropped).
 */
export function parseInMessage(
	data: unknown,
	origin: string,
	allowed: readonly string[]
): InMessage | Ignored {
	if (!allowed.includes(origin)) return { ignored: 'origin' };
	if (typeof data !== 'object' || data === null || Array.isArray(data))
		return { ignored: 'not-an-object' };
	const m = data as Record<string, unknown>;
	if (m.source !== SOURCE) return { ignored: 'source' };
	if (m.version !== VERSION) return { ignored: 'version' };
	switch (m.type) {
		case 'goto':
			return Number.isInteger(m.step) && (m.step as number) >= 1 && (m.step as number) <= 1000
				? { type: 'goto', step: m.step as number }
				: { ignored: 'fields' };
		case 'reset':
			return typeof m.scope === 'string' && SCOPES.includes(m.scope)
				? { type: 'reset', scope: m.scope as ResetScope }
				: { ignored: 'fields' };
		case 'theme':
			return typeof m.theme === 'string' && THEMES.includes(m.theme)
				? { type: 'theme', theme: m.theme as ThemeChoice }
				: { ignored: 'fields' };
		case 'run':
			if (typeof m.text !== 'string' || m.text.trim() === '') return { ignored: 'fields' };
			return m.text.length > MAX_RUN_CHARS
				? { ignored: 'oversized' }
				: { type: 'run', text: m.text };
		case 'start':
			return { type: 'start' };
		case 'visibility':
			return typeof m.visible === 'boolean'
				? { type: 'visibility', visible: m.visible }
				: { ignored: 'fields' };
		default:
			return { ignored: 'type' };
	}
}

export function isIgnored(x: InMessage | Ignored): x is Ignored {
	return 'ignored' in x;
}

/** For the custom element: is this an out-message from an embed (any type it knows)? */
export function isOutEnvelope(data: unknown): data is Envelope<OutMessage> {
	if (typeof data !== 'object' || data === null) return false;
	const m = data as Record<string, unknown>;
	return m.source === SOURCE && m.version === VERSION && typeof m.type === 'string';
}
