/** Each container's log lines, kept to the last LOG_LIMIT as a log rotation would. */
export const LOG_LIMIT = 5000;

export class ContainerLogs {
	readonly #lines: Map<string, string[]>;

	constructor(containers: readonly string[]) {
		this.#lines = new Map(containers.map((c) => [c, []]));
	}

	/** A container added to the running pod (an ephemeral one): its log starts empty. */
	add(container: string): void {
		if (!this.#lines.has(container)) this.#lines.set(container, []);
	}

	/** Appends a line; unknown containers are ignored (a program logging for a name it made up). */
	append(container: string, line: string): void {
		const lines = this.#lines.get(container);
		if (!lines) return;
		lines.push(line);
		// Trimmed in batches: a splice per line would make every request O(log size).
		if (lines.length > LOG_LIMIT * 1.25) lines.splice(0, lines.length - LOG_LIMIT);
	}

	read(container: string): string[] {
		return (this.#lines.get(container) ?? []).slice(-LOG_LIMIT);
	}

	/** Lines held for the longest log (up to 1.25 × LOG_LIMIT before a trim). */
	get held(): number {
		return Math.max(0, ...[...this.#lines.values()].map((l) => l.length));
	}
}
