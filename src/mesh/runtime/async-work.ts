/**
 * Real asynchronous work (WebCrypto) that runs outside the virtual clock. The event loop asks
 * how much is pending: time must not move on while some is, or a handshake timer would fire in
 * the middle of a signature.
 */
export class AsyncWork {
	#pending = 0;
	readonly #done: (() => void)[] = [];

	get pending(): number {
		return this.#pending;
	}

	/** Counts `work` as pending until it settles. */
	track<T>(work: Promise<T>): Promise<T> {
		this.#pending++;
		return work.finally(() => {
			if (--this.#pending === 0) for (const f of this.#done.splice(0)) f();
		});
	}

	/** Resolves the next time nothing is pending. */
	drained(): Promise<void> {
		return new Promise<void>((resolve) => this.#done.push(resolve));
	}
}

/** `base` with every `subtle` operation reported to `work`. */
export function trackedCrypto(base: Crypto, work: AsyncWork): Crypto {
	const subtle = new Proxy(base.subtle, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => work.track(Promise.resolve(value.apply(target, args)));
		}
	});
	return {
		// The edge's own extras (tls/aes-gcm-now.ts: AES-GCM that returns at once) pass through:
		// what returns at once leaves nothing pending.
		...base,
		subtle,
		getRandomValues: base.getRandomValues.bind(base),
		randomUUID: () => base.randomUUID()
	} as Crypto;
}
