/**
 * The embed's real message handling (EmbedBridge, then EmbedSession for goto/reset/run) in a
 * fake window: a lesson of three steps, a terminal that logs what is typed. A garbage message is
 * ignored and changes nothing; a valid one from the parent page does exactly what
 * docs/embedding.md says, and a goto or reset the lesson refuses is answered with an `error`
 * message to the parent's origin only.
 */
import { CommandLog } from '../../src/lessons/command-log.ts';
import { LessonChannel, type LessonControl } from '../../src/lessons/activity.ts';
import { isOutEnvelope, MAX_RUN_CHARS } from '../../src/embed/protocol.ts';
import { EmbedBridge } from '../../src/ui/embed/embed-bridge.svelte.ts';
import { EmbedSession } from '../../src/ui/embed/embed-session.svelte.ts';
import type { Pty } from '../../src/shell/pty-types.ts';

export const PARENT = 'https://docs.example';
export const STEPS = 3;

export interface EmbedRig {
	readonly bridge: EmbedBridge;
	/** Delivers a message event as the browser would (a structured clone of `data`). */
	deliver(data: unknown, origin: string): void;
	/** Messages the embed posted to the parent, with the origin each was sent to. */
	readonly posted: { readonly data: unknown; readonly origin: string }[];
	/** goto/reset calls the lesson pane got, and lines typed into the terminal. */
	readonly calls: string[];
	/** Lets queued actions run. */
	settle(): Promise<void>;
	dispose(): void;
}

/** `stall`: the terminal never finishes a command, so runs wait in the queue. */
export function embedRig(started: boolean, stall = false): EmbedRig {
	const posted: { data: unknown; origin: string }[] = [];
	const calls: string[] = [];
	let listener: ((e: MessageEvent) => void) | undefined;
	const parent = {
		postMessage: (data: unknown, origin: string) => posted.push({ data, origin })
	};
	const win = {
		location: { search: `?parentOrigin=${encodeURIComponent(PARENT)}`, hash: '' },
		parent,
		addEventListener: (type: string, fn: (e: MessageEvent) => void) => {
			if (type === 'message') listener = fn;
		}
	} as unknown as Window;
	const bridge = new EmbedBridge(win);
	const channel = new LessonChannel();
	let step = 1;
	const control: LessonControl = {
		current: () => ({ lesson: 'fuzz', step }),
		open: () => Promise.resolve(undefined),
		openText: () => Promise.resolve(undefined),
		goTo: (s) => {
			calls.push(`goto ${s}`);
			if (s > STEPS)
				return Promise.resolve(`step ${s} is out of range: the lesson has steps 1 to ${STEPS}`);
			step = s;
			return Promise.resolve(undefined);
		},
		reset: (scope) => {
			calls.push(`reset ${scope}`);
			return Promise.resolve(undefined);
		}
	};
	channel.attach(control);
	const log = new CommandLog();
	const pty: Pty = {
		write: (data) => {
			calls.push(`type ${data.length}`);
			if (!stall) log.record({ command: data, exitCode: 0, output: '' });
		},
		onData: () => () => {},
		busy: false,
		onBusyChange: () => () => {},
		resize: () => {}
	};
	const session = new EmbedSession(bridge, channel, log);
	session.attach(pty);
	let off: (() => void) | undefined;
	if (started) off = bridge.onAction((m) => void session.act(m));
	return {
		bridge,
		posted,
		calls,
		deliver: (data, origin) => listener?.({ data: structuredClone(data), origin } as MessageEvent),
		settle: () => new Promise((resolve) => setImmediate(resolve)),
		dispose: () => {
			off?.();
			session.dispose();
		}
	};
}

interface Seen {
	started: boolean;
	theme: string;
	visible: boolean;
	errors: number;
	ignored: number;
	posted: number;
	calls: number;
}

const seen = (rig: EmbedRig): Seen => ({
	started: rig.bridge.started,
	theme: rig.bridge.theme,
	visible: rig.bridge.visible,
	errors: rig.bridge.errors.length,
	ignored: rig.bridge.ignored,
	posted: rig.posted.length,
	calls: rig.calls.length
});

/** Delivers one message and says what is wrong with what the embed did. */
export async function runEmbedInput(
	rig: EmbedRig,
	data: unknown,
	origin: string
): Promise<string[]> {
	const problems: string[] = [];
	const before = seen(rig);
	try {
		rig.deliver(data, origin);
	} catch (e) {
		problems.push(
			`the message handler threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
		);
	}
	await rig.settle();
	const after = seen(rig);
	const m = data as Record<string, unknown> | null;
	if (after.ignored > before.ignored) {
		const { ignored: _a, ...restBefore } = before;
		const { ignored: _b, ...restAfter } = after;
		if (JSON.stringify(restBefore) !== JSON.stringify(restAfter))
			problems.push(
				`an ignored message changed the embed: ${JSON.stringify(restBefore)} → ${JSON.stringify(restAfter)}`
			);
	} else if (origin !== PARENT) {
		problems.push(`a message from ${JSON.stringify(origin)} was not ignored`);
	} else if (
		typeof m !== 'object' ||
		m === null ||
		m.source !== 'mesh-playground' ||
		m.version !== 1
	) {
		problems.push('a message without the envelope was not ignored');
	} else {
		problems.push(...acceptedProblems(rig, m, before, after));
	}
	for (const p of rig.posted.slice(before.posted)) {
		if (p.origin !== PARENT) problems.push(`posted to ${JSON.stringify(p.origin)}`);
		if (!isOutEnvelope(p.data)) problems.push(`posted a non-envelope: ${JSON.stringify(p.data)}`);
		else if (p.data.type !== 'error' || typeof p.data.message !== 'string' || p.data.message === '')
			problems.push(`answered with ${JSON.stringify(p.data)}`);
	}
	if (
		({} as Record<string, unknown>).polluted !== undefined ||
		Object.prototype.hasOwnProperty.call(Object.prototype, 'type')
	)
		problems.push('Object.prototype was changed');
	return problems;
}

/** A message the embed acted on: exactly its documented effect. */
function acceptedProblems(
	rig: EmbedRig,
	m: Record<string, unknown>,
	before: Seen,
	after: Seen
): string[] {
	const out: string[] = [];
	const newCalls = rig.calls.slice(before.calls);
	const expectOnly = (what: string, ok: boolean): void => {
		if (!ok)
			out.push(
				`${what}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}, calls ${JSON.stringify(newCalls)}`
			);
	};
	switch (m.type) {
		case 'start':
			expectOnly('start', after.started && newCalls.length === 0);
			break;
		case 'theme':
			expectOnly('theme', after.theme === m.theme && newCalls.length === 0);
			break;
		case 'visibility':
			expectOnly('visibility', after.visible === m.visible && newCalls.length === 0);
			break;
		case 'goto': {
			const step = m.step as number;
			const acted =
				newCalls.length === 0 || (newCalls.length === 1 && newCalls[0] === `goto ${step}`);
			expectOnly('goto', Number.isInteger(step) && step >= 1 && acted);
			if (step > STEPS && newCalls.length === 1)
				expectOnly('goto past the last step answers an error', after.posted === before.posted + 1);
			break;
		}
		case 'reset':
			expectOnly(
				'reset',
				['step', 'lesson', 'mesh'].includes(m.scope as string) && newCalls.length <= 1
			);
			break;
		case 'run':
			expectOnly(
				'run',
				typeof m.text === 'string' &&
					m.text.trim() !== '' &&
					m.text.length <= MAX_RUN_CHARS &&
					newCalls.length <= 1
			);
			break;
		default:
			out.push(`an unknown type ${JSON.stringify(m.type)} was acted on`);
	}
	return out;
}
