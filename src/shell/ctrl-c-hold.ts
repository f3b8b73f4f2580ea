/**
 * A blocking command that still prints on its own (`kubectl get -w` while sim time carries a
 * rollout forward) holds off a scripted Ctrl-C: the transcript's `^C` line waits until the hold
 * is released, so a golden shows what the watch saw rather than where a race stopped it. Keyed
 * by the command's abort signal; the page's Ctrl-C (a person's key) never looks here.
 */
const holds = new WeakMap<AbortSignal, number>();

/** Marks the command behind `signal` as still producing output; returns the release. */
export function holdCtrlC(signal: AbortSignal): () => void {
	holds.set(signal, (holds.get(signal) ?? 0) + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		holds.set(signal, (holds.get(signal) ?? 1) - 1);
	};
}

/** True while some command running under `signal` holds Ctrl-C off. */
export function ctrlCHeld(signal: AbortSignal): boolean {
	return (holds.get(signal) ?? 0) > 0;
}
