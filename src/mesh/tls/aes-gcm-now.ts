/**
 * AES-256-GCM done at once, for edges that have it (Node's node:crypto). WebCrypto only answers
 * with a promise: a record sealed through it costs a promise and its reactions on every wrapper
 * on the way (the runtime's tracking, the edge's), and the stream's write queue one more. With
 * this the record layer seals and opens a record in the call that needs it; the bytes are the
 * same AES-256-GCM (same key, nonce, additional data, 16-byte tag). Browsers keep WebCrypto.
 *
 * The edge hangs it on the `Crypto` it hands the mesh, as an own property `aesGcmNow`; whoever
 * wraps that `Crypto` (the runtimes' tracking of pending work) passes its own properties on: a
 * call that returns at once leaves no work pending.
 */
export interface AesGcmNow {
	/**
	 * Seals `content` then `trailer` (one plaintext) under `key` and `iv`, authenticating `aad`,
	 * and writes the ciphertext and the tag into `out` at `offset` (`out` has room for both).
	 * Undefined when this key or call is not one it takes (the caller goes to WebCrypto).
	 */
	seal(
		key: CryptoKey,
		iv: Uint8Array,
		aad: Uint8Array,
		content: Uint8Array,
		trailer: number,
		out: Uint8Array,
		offset: number
	): true | undefined;
	/**
	 * Opens `sealed` (ciphertext then the 16-byte tag): the plaintext, `false` when the tag does
	 * not verify, undefined when this key is not one it takes.
	 */
	open(
		key: CryptoKey,
		iv: Uint8Array,
		aad: Uint8Array,
		sealed: Uint8Array
	): Uint8Array | false | undefined;
}

/** The edge's synchronous AES-GCM, if its `Crypto` carries one. */
export function aesGcmNow(crypto: Crypto): AesGcmNow | undefined {
	return (crypto as Crypto & { readonly aesGcmNow?: AesGcmNow }).aesGcmNow;
}
