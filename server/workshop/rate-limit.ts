/**
 * A token bucket per connection: `burst` messages at once, refilled at `perSecond`. A flood is
 * answered with an error ack by the caller; the bucket itself costs two numbers per socket.
 */
export class TokenBucket {
	readonly #burst: number;
	readonly #perMs: number;
	readonly #now: () => number;
	#tokens: number;
	#at: number;

	constructor(burst: number, perSecond: number, now: () => number = () => performance.now()) {
		this.#burst = burst;
		this.#perMs = perSecond / 1000;
		this.#now = now;
		this.#tokens = burst;
		this.#at = now();
	}

	take(): boolean {
		const t = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + (t - this.#at) * this.#perMs);
		this.#at = t;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
