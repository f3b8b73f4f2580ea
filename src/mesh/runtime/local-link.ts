/**
 * A link between two hosts in the same worker: a pair of PortLike ends that hand the segment
 * object itself to the peer (no MessageChannel, no structured clone), still one task later, as
 * a message through a port would arrive, so the order of arrivals and sim times do not change.
 */
import type { PortLike } from './peer-links.ts';

/**
 * Runs deliveries in a later macrotask, several per task. `wake` asks the edge for one task
 * (a MessageChannel tick in a worker) that calls `run`: a microtask would let two chatty hosts
 * starve the worker's control calls and timers.
 */
export class LocalDelivery {
	#queue: (() => void)[] = [];

	constructor(private readonly wake: () => void) {}

	defer(fn: () => void): void {
		this.#queue.push(fn);
		if (this.#queue.length === 1) this.wake();
	}

	/** Runs what was queued before this task; deliveries it causes wait for the next one. */
	run(): void {
		const batch = this.#queue;
		this.#queue = [];
		if (batch.length === 0) return;
		let failure: { error: unknown } | undefined;
		for (const fn of batch) {
			try {
				fn();
			} catch (error) {
				failure ??= { error };
			}
		}
		// As a throw out of a port's listener would: uncaught, once the batch is delivered.
		if (failure) throw failure.error;
	}
}

/** A port end whose messages are already this isolate's objects: PeerLinks skips parsing. */
export interface LocalPort extends PortLike {
	readonly local: true;
}

export function localChannel(delivery: LocalDelivery): [LocalPort, LocalPort] {
	const listeners: [
		((event: { data: unknown }) => void)[],
		((event: { data: unknown }) => void)[]
	] = [[], []];
	const closed = [false, false];
	const end = (self: 0 | 1): LocalPort => {
		const other = self === 0 ? 1 : 0;
		return {
			local: true,
			postMessage(message) {
				if (closed[self]) return;
				delivery.defer(() => {
					if (closed[other]) return;
					for (const l of listeners[other]) l({ data: message });
				});
			},
			addEventListener(_type, listener) {
				listeners[self].push(listener);
			},
			close() {
				closed[self] = true;
				listeners[self].length = 0;
			}
		};
	};
	return [end(0), end(1)];
}

export function isLocalPort(port: PortLike): port is LocalPort {
	return (port as Partial<LocalPort>).local === true;
}
