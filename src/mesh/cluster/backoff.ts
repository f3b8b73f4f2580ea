/**
 * kubelet's crash-loop back-off per container (client-go util/flowcontrol/backoff.go, as
 * kubelet v1.34 uses it in kuberuntime_manager.go doBackOff): the first restart is at once,
 * then 10 s, 20 s, 40 s … capped at 5 min; an entry untouched for twice the cap starts over.
 */
import type { SimMillis } from '../types.ts';

/** kubelet's initial container back-off (pkg/kubelet/kubelet.go backOffPeriod). */
export const INITIAL_BACKOFF = 10_000;
/** kubelet's MaxContainerBackOff. */
export const MAX_BACKOFF = 300_000;

interface Entry {
	backoff: number;
	lastUpdate: number;
}

export class ContainerBackoff {
	readonly #entries = new Map<string, Entry>();

	/**
	 * How long a container that finished at `finishedAt` must wait before its restart, or 0
	 * when it is not in back-off (`IsInBackOffSince`).
	 */
	delay(key: string, finishedAt: SimMillis, now: SimMillis): number {
		const e = this.#entries.get(key);
		if (!e || finishedAt - e.lastUpdate > 2 * MAX_BACKOFF) return 0;
		return Math.max(0, e.backoff - (now - finishedAt));
	}

	/** The back-off the container is serving now, for the waiting message. */
	current(key: string): number {
		return this.#entries.get(key)?.backoff ?? INITIAL_BACKOFF;
	}

	/** A restart goes ahead at `now`: the next back-off doubles (`Next`). */
	next(key: string, now: SimMillis): void {
		const e = this.#entries.get(key);
		if (!e || now - e.lastUpdate > 2 * MAX_BACKOFF)
			this.#entries.set(key, { backoff: INITIAL_BACKOFF, lastUpdate: now });
		else this.#entries.set(key, { backoff: Math.min(e.backoff * 2, MAX_BACKOFF), lastUpdate: now });
	}

	forget(prefix: string): void {
		for (const key of [...this.#entries.keys()])
			if (key.startsWith(prefix)) this.#entries.delete(key);
	}
}

/** Go's time.Duration String for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function goDuration(ms: number): string {
	const s = Math.round(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	if (h > 0) return `${h}h${m}m${sec}s`;
	if (m > 0) return `${m}m${sec}s`;
	return `${sec}s`;
}
