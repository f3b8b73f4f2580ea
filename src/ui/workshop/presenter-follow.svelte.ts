/** The follower side of the BroadcastChannel presenter view (see presenter-link.ts). */
import {
	HELLO_EVERY_MS,
	PRESENTER_CHANNEL,
	type PresenterMessage,
	type ScreenLesson
} from './presenter-link.ts';

export class PresenterFollow {
	text = $state('');
	lesson = $state.raw<ScreenLesson | null>(null);
	/** A speaker window answered. */
	following = $state(false);
	readonly supported = typeof BroadcastChannel !== 'undefined';
	#timer: ReturnType<typeof setInterval> | undefined;

	start(): () => void {
		if (!this.supported) return () => {};
		const bc = new BroadcastChannel(PRESENTER_CHANNEL);
		bc.onmessage = (e: MessageEvent<PresenterMessage>) => {
			const m = e.data;
			if (m?.type !== 'screen') return;
			this.following = true;
			this.text = m.text;
			this.lesson = m.lesson;
		};
		const hello = (): void => bc.postMessage({ type: 'hello' } satisfies PresenterMessage);
		hello();
		this.#timer = setInterval(hello, HELLO_EVERY_MS);
		return () => {
			clearInterval(this.#timer);
			bc.close();
		};
	}
}
