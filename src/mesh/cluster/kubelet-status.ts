/**
 * The kubelet's status manager: reports of finished starts are written together in the next
 * sync (as kubelet batches status updates), so hundreds of pods starting at once make one
 * cascade of writes, not hundreds. `settle()` waits on `pending` until they are written.
 */
export class StatusReports {
	readonly #writes: (() => void)[] = [];
	#reported: { promise: Promise<void>; resolve: () => void } | undefined;
	#wake = (): void => {};

	/** Called when a report is queued: the controller manager runs a sync soon. */
	attach(wake: () => void): void {
		this.#wake = wake;
	}

	get held(): boolean {
		return this.#writes.length > 0;
	}

	/** Resolves once the queued reports are written; undefined when none are queued. */
	get pending(): Promise<void> | undefined {
		return this.#reported?.promise;
	}

	queue(write: () => void): void {
		this.#writes.push(write);
		if (!this.#reported) {
			let resolve = (): void => {};
			const promise = new Promise<void>((r) => (resolve = r));
			this.#reported = { promise, resolve };
		}
		this.#wake();
	}

	flush(): void {
		const batch = this.#writes.splice(0);
		const done = this.#reported;
		this.#reported = undefined;
		try {
			for (const write of batch) write();
		} finally {
			done?.resolve();
		}
	}
}
