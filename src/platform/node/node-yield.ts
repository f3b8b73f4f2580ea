/**
 * The in-process runtime's boundaries, in Node. `nodeYield` is a macrotask (`setImmediate`): the
 * runtime's `yieldToHost`, which the cluster's controllers wait on between passes. `nodeDrain` is
 * the boundary before each event (`betweenEvents`, a callback), which must let every pending
 * promise reaction run first, so host code sees the sim time its event ran at. A
 * `process.nextTick` queued from a microtask runs once V8's microtask queue is empty: that
 * guarantee without a turn of the libuv loop, whose poll per event was a large share of a plain
 * in-process request. It is taken only while no one waits in `nodeYield`: a controller pass
 * waiting there runs between the same two events as it did, so the order of writes
 * (resourceVersions, names) stays. Every IO_EVERY drains one is a real `setImmediate`, so
 * timers, I/O and WebCrypto's completions are never starved.
 */
const IO_EVERY = 64;

let drains = 0;
/** Callers of `nodeYield` not yet resumed. */
let yielding = 0;

export function nodeYield(): Promise<void> {
	yielding++;
	return new Promise((resolve) =>
		setImmediate(() => {
			yielding--;
			resolve();
		})
	);
}

/**
 * Starts the drain count afresh, so that which boundaries are real macrotasks does not depend on
 * what ran earlier in this process: a transcript's wall-clock interleavings (a `^C` pressed
 * between turns) then do not change with the order tests run in.
 */
export function resetDrainCount(): void {
	drains = 0;
}

/** Callbacks of `nodeDrain` waiting for their tick, in the order their ticks were queued. */
const draining: (() => void)[] = [];
const runDrained = (): void => (draining.shift() as () => void)();
const tickDrained = (): void => void process.nextTick(runDrained);

export function nodeDrain(next: () => void): void {
	if (yielding > 0 || ++drains % IO_EVERY === 0) {
		void nodeYield().then(next);
		return;
	}
	// Queued from a microtask: the tick waits for every reaction queued before and after it.
	// Microtasks and ticks both run in order, so the n-th tick runs the n-th callback: no
	// closure per event.
	draining.push(next);
	queueMicrotask(tickDrained);
}
