/**
 * WebCrypto (`crypto.subtle`) exists only in a secure context: https, or http on localhost.
 * The mesh signs certificates and encrypts HBONE with it, so without one nothing can start.
 */

/** What this module reads from `window`; a parameter so Node tests can pass plain objects. */
export interface SecureContextProbe {
	readonly isSecureContext: boolean;
	readonly location: { readonly protocol: string; readonly host: string };
}

export interface SecureContextProblem {
	/** One sentence for the banner. */
	readonly message: string;
	/** What to do about it. */
	readonly fix: string;
	/** `http://192.168.1.5:5173`, for the page's own (translated) wording. */
	readonly origin: string;
}

/** Undefined when WebCrypto is available; otherwise why it is not and how to fix it. */
export function secureContextProblem(probe: SecureContextProbe): SecureContextProblem | undefined {
	if (probe.isSecureContext) return undefined;
	const { protocol, host } = probe.location;
	return {
		message:
			`This page is not a secure context (${protocol}//${host}), so the browser hides ` +
			'WebCrypto: the mesh cannot issue certificates or encrypt traffic.',
		fix: 'Open it over https, or over http on localhost / 127.0.0.1.',
		origin: `${protocol}//${host}`
	};
}
