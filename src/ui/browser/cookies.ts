/**
 * The playground browser's cookies: per local port (the forwarded "site"), name → value, for this
 * page's life. Enough for Bookinfo's sign-in; no expiry, paths or domains.
 */
export class CookieJar {
	readonly #byPort = new Map<number, Map<string, string>>();

	/** The Cookie header for `port`, or undefined when there are none. */
	header(port: number): string | undefined {
		const jar = this.#byPort.get(port);
		return jar && jar.size > 0 ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
	}

	set(port: number, cookies: readonly (readonly [string, string])[]): void {
		if (cookies.length === 0) return;
		const jar = this.#byPort.get(port) ?? new Map<string, string>();
		for (const [k, v] of cookies) jar.set(k, v);
		this.#byPort.set(port, jar);
	}
}

/** application/x-www-form-urlencoded, as a browser encodes a form. */
export function formEncode(pairs: readonly (readonly [string, string])[]): string {
	const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
	return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}
