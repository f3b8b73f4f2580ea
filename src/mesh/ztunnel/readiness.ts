/**
 * ztunnel's readiness gate (src/readiness.rs): the server is ready once every startup task has
 * completed, and each completion is logged with the time since the process started.
 */
import { rustDuration } from '../istio/log.ts';

/** The tasks ztunnel's app.rs registers, in the order they usually complete. */
export const READINESS_TASKS = ['dns proxy', 'proxy', 'state manager', 'workload proxy manager'];

export class Readiness {
	readonly #pending: Set<string>;
	readonly #started: number;

	/** `startedMicros`: the process start (`APPLICATION_START_TIME`), in sim microseconds. */
	constructor(startedMicros: number, tasks: readonly string[] = READINESS_TASKS) {
		this.#started = startedMicros;
		this.#pending = new Set(tasks);
	}

	get ready(): boolean {
		return this.#pending.size === 0;
	}

	/** `BlockReady`'s drop: the line to log at `nowMicros`, or undefined if not pending. */
	complete(task: string, nowMicros: number): string | undefined {
		if (!this.#pending.delete(task)) return undefined;
		const left = this.#pending.size;
		const dur = rustDuration(nowMicros - this.#started);
		return left === 0
			? `Task '${task}' complete (${dur}), marking server ready`
			: `Task '${task}' complete (${dur}), still awaiting ${left} tasks`;
	}
}
