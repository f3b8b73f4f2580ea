/**
 * The in-process runtime's event loop over the virtual clock. Time moves on by demand: events
 * due within HORIZON of now always run (traffic in flight settles); a later event runs only
 * while someone waits for time to pass (a command in a pod, a pod starting, `sleep`). So an
 * idle cluster's clock stands still, and a retry timer in some host cannot spin the clock
 * forward between commands. Step mode (`step-mode.ts`) gates which events may run.
 */
import { AsyncWork } from './async-work.ts';
import { EventQueue } from './event-queue.ts';
import type { ExecAbort } from './host.ts';

/** Events this close to now run without anyone waiting: segments in flight, zero-delay work. */
export const HORIZON = 250;

/** What step mode decides for the loop. */
export interface LoopGate {
	readonly paused: boolean;
	/** Paused with nothing granted: the loop stops. */
	halted(): boolean;
	/** Whether the event due at `next` runs now (false ends the current grant). */
	admit(next: number, demand: number): boolean;
}

export class EventLoop {
	readonly queue = new EventQueue();
	readonly clock = this.queue.clock();
	readonly work = new AsyncWork();
	#running = false;
	#demand = 0;
	readonly #idleWaiters: (() => void)[] = [];
	readonly #stopWaiters: (() => void)[] = [];

	constructor(
		/** A macrotask boundary, injected by the edge (the mesh has no timers). */
		private readonly yieldToHost: () => Promise<void>,
		private readonly gate: LoopGate,
		/**
		 * Calls `next` once every pending promise reaction has run (a macrotask, or cheaper): the
		 * boundary before each event. A callback, not a promise: no promise and no reaction per event.
		 */
		private readonly betweenEvents: (next: () => void) => void = (next) =>
			void yieldToHost().then(next)
	) {
		this.queue.onSchedule = () => this.wake();
	}

	get running(): boolean {
		return this.#running;
	}

	wake(): void {
		if (!this.#running) this.#start();
	}

	/** `work` keeps the clock moving until it settles or `abort` fires (Ctrl-C on a command). */
	withDemand<T>(work: Promise<T>, abort?: ExecAbort): Promise<T> {
		this.#demand++;
		this.queue.onSchedule();
		// Without an abort (a request in a loop, a pod starting): one shared release, no closure.
		if (!abort) return work.finally(this.#releaseDemand);
		let waiting = true;
		const release = (): void => {
			if (waiting) this.#demand--;
			waiting = false;
			abort.removeEventListener('abort', release);
		};
		// A command that never ends (a reply lost for good) must not keep the clock running.
		abort.addEventListener('abort', release, { once: true });
		if (abort.aborted) release();
		return work.finally(release);
	}

	readonly #releaseDemand = (): void => {
		this.#demand--;
	};

	/** Lets real asynchronous work (WebCrypto) and the reactions to it finish. */
	async quiesce(): Promise<void> {
		while (this.work.pending > 0) {
			await this.work.drained();
			await this.yieldToHost();
		}
	}

	/** Idle as `idle()` means it: nothing due within the horizon and no async work pending. */
	quiet(): boolean {
		const next = this.queue.peek();
		return this.work.pending === 0 && (next === undefined || next > this.queue.now + HORIZON);
	}

	/** Resolves once the loop has stopped (a step waits for the free run before it to end). */
	async stopped(): Promise<void> {
		while (this.#running) await new Promise<void>((resolve) => this.#stopWaiters.push(resolve));
	}

	/** Runs until no event is due within the horizon (while paused: until stepping empties it). */
	idle(): Promise<void> {
		return new Promise<void>((resolve) => {
			this.#idleWaiters.push(resolve);
			if (!this.#running && !this.gate.paused) this.#start();
			else if (!this.#running && this.quiet()) this.#releaseIdle();
		});
	}

	/** Resolves when the run ends (rejects if an event threw); joins the run under way if any. */
	run(): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			this.#runWaiters.push({ resolve, reject });
			if (!this.#running) this.#start();
		});
	}

	/** Whoever waits for the current run to end (`run`). */
	readonly #runWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

	/**
	 * Starts a run: each event runs straight from the boundary's callback. An async loop awaiting
	 * a promise per event cost two promises and their reactions, a visible share of a request;
	 * a run per request (a command waking the loop) costs no closure and no promise either.
	 */
	#start(): void {
		this.#running = true;
		this.betweenEvents(this.#turnThen);
	}

	#end(failed: boolean, error?: unknown): void {
		this.#running = false;
		for (const w of this.#stopWaiters.splice(0)) w();
		if (!this.gate.paused || this.quiet()) this.#releaseIdle();
		const waiters = this.#runWaiters.splice(0);
		// With no one waiting the failure stays unhandled, as the run's own promise left it.
		if (failed && waiters.length === 0) void Promise.reject(error);
		for (const w of waiters) {
			if (failed) w.reject(error);
			else w.resolve();
		}
	}

	/** One turn, then the boundary before the next (or the run's end). */
	readonly #turnThen = (): void => {
		let more: boolean | Promise<boolean>;
		try {
			more = this.#turn();
		} catch (error) {
			this.#end(true, error);
			return;
		}
		if (more === true) this.betweenEvents(this.#turnThen);
		else if (more === false) this.#end(false);
		else
			more.then(
				(again) => (again ? this.betweenEvents(this.#turnThen) : this.#end(false)),
				(error: unknown) => this.#end(true, error)
			);
	};

	/**
	 * One turn of the loop after the boundary: runs the next event if it may (true), ends the run
	 * (false), or waits for async work or one more boundary (a promise of either).
	 */
	#turn(): boolean | Promise<boolean> {
		const { queue, work } = this;
		if (this.gate.halted()) return this.quiesce().then(() => false);
		const next = queue.peek();
		if (next === undefined) return this.#emptyQueue();
		if (work.pending > 0 && next > queue.now) return work.drained().then(() => true);
		if (!this.gate.paused && this.#demand === 0 && next > queue.now + HORIZON) return false;
		if (this.gate.admit(next, this.#demand)) queue.runNext();
		return true;
	}

	/** Nothing queued: one more boundary, as reactions to the last event may schedule more work. */
	async #emptyQueue(): Promise<boolean> {
		const { queue, work } = this;
		await this.yieldToHost();
		if (queue.size === 0 && work.pending === 0) return false;
		if (queue.size === 0) await work.drained();
		return true;
	}

	#releaseIdle(): void {
		for (const w of this.#idleWaiters.splice(0)) w();
	}
}
