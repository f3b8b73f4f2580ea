/**
 * Is a pod worker still there? The runtime pings each worker's control API on a wall-clock
 * interval; a worker that was terminated, crashed or spins without yielding never answers, and
 * after two pings unanswered for `timeoutMs` each it is declared dead, as kubelet's PLEG finds a
 * container gone. Pings go through comlink like every control call, so a worker busy with real
 * work answers late, not never: any answer, however late, counts until the next ping times out.
 */

export interface HeartbeatOptions {
	/** Wall milliseconds between pings. */
	readonly intervalMs: number;
	/** Wall milliseconds a ping may take before the worker counts as dead. */
	readonly timeoutMs: number;
}

/** A browser tab's defaults: generous, since a busy tab delays every worker's replies. */
export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 1000, timeoutMs: 5000 };

export interface Liveness {
	/** Resolves with the reason once the worker is declared dead (never, while it lives). */
	readonly died: Promise<string>;
	readonly dead: boolean;
	/** Declares the worker dead now (its `exit` event, a failed call). */
	kill(reason: string): void;
	/** Stops watching (the host was stopped on purpose). */
	stop(): void;
}

export function watchWorker(
	ping: () => Promise<unknown>,
	wait: (wallMs: number) => Promise<void>,
	options: HeartbeatOptions
): Liveness {
	let dead = false;
	let stopped = false;
	let declare: (reason: string) => void = () => {};
	const died = new Promise<string>((resolve) => (declare = resolve));
	const kill = (reason: string): void => {
		if (dead || stopped) return;
		dead = true;
		declare(reason);
	};
	void (async () => {
		// Two misses in a row: a main thread busy for a while delays both the reply and the
		// timer, and may run the timer first; a dead worker misses every ping. A late answer to
		// an earlier ping, arriving while the next one waits, is an answer too: a healthy worker
		// on a loaded 2-core machine took 1.4–1.8 s to answer pings timed out at 1 s, and two
		// such in a row had it killed (worker-faults.test.ts, load average 17–19).
		let missed = 0;
		let answers = 0;
		let seen = 0;
		while (!dead && !stopped) {
			await wait(options.intervalMs);
			if (dead || stopped) return;
			await Promise.race([
				ping().then(
					() => void answers++,
					() => {}
				),
				wait(options.timeoutMs)
			]);
			missed = answers > seen ? 0 : missed + 1;
			seen = answers;
			if (missed >= 2) kill(`no answer to two heartbeats of ${options.timeoutMs} ms`);
		}
	})();
	return {
		died,
		get dead() {
			return dead;
		},
		kill,
		stop() {
			stopped = true;
		}
	};
}
