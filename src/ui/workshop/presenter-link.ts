/**
 * The presenter view without a hub: a second window of the same browser follows the first over
 * `BroadcastChannel`. The speaker's playground window answers a follower's `hello` by sending
 * what its terminal shows and which lesson step is open, several times a second while a
 * follower is there, and not at all otherwise. Same origin, same browser profile only.
 */
import type { LessonChannel, LessonControl } from '../../lessons/activity.ts';

export const PRESENTER_CHANNEL = 'mesh-playground:presenter';

export interface ScreenLesson {
	readonly title: string;
	readonly step: number;
	readonly stepTitle: string;
	readonly stepsTotal: number;
}

export type PresenterMessage =
	| { readonly type: 'hello' }
	| {
			readonly type: 'screen';
			/** Which speaker window (several may be open): the follower shows the latest. */
			readonly from: string;
			readonly text: string;
			readonly lesson: ScreenLesson | null;
	  };

/** How often the speaker looks for changes while followed, and how long a hello lasts. */
const POLL_MS = 250;
const HELLO_TTL_MS = 6000;
/** The follower says hello this often (well inside the TTL). */
export const HELLO_EVERY_MS = 2000;

export interface SpeakerSource {
	readonly terminalText: () => string;
	readonly channel: LessonChannel;
}

/** Lets presenter windows follow this one; returns the function that stops it. */
export function startSpeaker(source: SpeakerSource): () => void {
	if (typeof BroadcastChannel === 'undefined') return () => {};
	const bc = new BroadcastChannel(PRESENTER_CHANNEL);
	const from = crypto.randomUUID();
	let control: LessonControl | undefined;
	void source.channel.control().then((c) => (control = c));
	let followedUntil = 0;
	let timer: ReturnType<typeof setInterval> | undefined;
	let last = '';

	const lesson = (): ScreenLesson | null => {
		const s = control?.current() ? control.status?.() : undefined;
		return s
			? { title: s.lessonTitle, step: s.step, stepTitle: s.stepTitle, stepsTotal: s.stepsTotal }
			: null;
	};
	const post = (force: boolean): void => {
		if (Date.now() > followedUntil) {
			clearInterval(timer);
			timer = undefined;
			return;
		}
		const msg: PresenterMessage = {
			type: 'screen',
			from,
			text: source.terminalText(),
			lesson: lesson()
		};
		const key = JSON.stringify(msg);
		if (!force && key === last) return;
		last = key;
		bc.postMessage(msg);
	};
	bc.onmessage = (e: MessageEvent<PresenterMessage>) => {
		if (e.data?.type !== 'hello') return;
		followedUntil = Date.now() + HELLO_TTL_MS;
		post(true);
		timer ??= setInterval(() => post(false), POLL_MS);
	};
	return () => {
		clearInterval(timer);
		bc.close();
	};
}
