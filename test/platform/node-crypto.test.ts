/**
 * The Node edges' AES-GCM (node:crypto) must be WebCrypto's AES-GCM byte for byte: a record one
 * side seals with either opens on the other with either, and a changed byte fails as WebCrypto
 * fails (OperationError), which the record layer turns into `bad record MAC` (tls/record.ts).
 * The same holds for the records it seals and opens in the call (`aesGcmNow`, no promise).
 */
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../src/platform/node/node-crypto.ts';
import {
	RecordOpener,
	RecordSealer,
	ContentType,
	RecordReader
} from '../../src/mesh/tls/record.ts';
import { isTlsError } from '../../src/mesh/tls/errors.ts';
import { socketPair } from '../support/socket-pair.ts';
import { trackedCrypto, AsyncWork } from '../../src/mesh/runtime/async-work.ts';
import { secureClient, secureServer } from '../../src/mesh/tls/handshake.ts';
import { createPki } from '../mesh/tls/pki.ts';

const web = globalThis.crypto;
const fast = nodeCrypto(web);

async function aesKey(usages: KeyUsage[] = ['encrypt', 'decrypt'], length = 256) {
	return web.subtle.generateKey({ name: 'AES-GCM', length }, false, usages);
}

const params = (iv: Uint8Array, aad?: Uint8Array): AesGcmParams => ({
	name: 'AES-GCM',
	iv: iv as Uint8Array<ArrayBuffer>,
	...(aad ? { additionalData: aad as Uint8Array<ArrayBuffer> } : {})
});

describe('nodeCrypto: AES-GCM on node:crypto', () => {
	it('seals the same bytes as WebCrypto, with and without additional data, any length', async () => {
		const key = await aesKey();
		for (const size of [0, 1, 15, 16, 17, 300, 16384]) {
			const iv = web.getRandomValues(new Uint8Array(12));
			const aad = Uint8Array.of(23, 3, 3, size >> 8, size & 255);
			const data = web.getRandomValues(new Uint8Array(size));
			for (const a of [aad, undefined]) {
				const expected = new Uint8Array(await web.subtle.encrypt(params(iv, a), key, data));
				const got = new Uint8Array(await fast.subtle.encrypt(params(iv, a), key, data));
				expect(got).toEqual(expected);
				expect(new Uint8Array(await fast.subtle.decrypt(params(iv, a), key, expected))).toEqual(
					data
				);
			}
		}
	});

	it('rejects a changed byte, a wrong nonce or a short input as WebCrypto does', async () => {
		const key = await aesKey();
		const iv = new Uint8Array(12);
		const sealed = new Uint8Array(await web.subtle.encrypt(params(iv), key, Uint8Array.of(1, 2)));
		const flipped = sealed.slice();
		flipped[0]! ^= 1;
		for (const [p, data] of [
			[params(iv), flipped],
			[params(Uint8Array.of(1, ...new Uint8Array(11))), sealed],
			[params(iv), sealed.subarray(0, 15)]
		] as const) {
			const webError = await web.subtle.decrypt(p, key, data).catch((e: DOMException) => e.name);
			const fastError = await fast.subtle.decrypt(p, key, data).catch((e: DOMException) => e.name);
			expect(fastError).toBe('OperationError');
			expect(fastError).toBe(webError);
		}
	});

	it("keeps WebCrypto's usage check and leaves other keys and algorithms to it", async () => {
		const encryptOnly = await aesKey(['encrypt']);
		const sealed = await fast.subtle.encrypt(
			params(new Uint8Array(12)),
			encryptOnly,
			new Uint8Array(4)
		);
		await expect(
			fast.subtle.decrypt(params(new Uint8Array(12)), encryptOnly, sealed)
		).rejects.toThrow();
		// A 128-bit key is not this path's: WebCrypto answers, with the same bytes.
		const short = await aesKey(['encrypt'], 128);
		const p = params(new Uint8Array(12));
		expect(new Uint8Array(await fast.subtle.encrypt(p, short, Uint8Array.of(7)))).toEqual(
			new Uint8Array(await web.subtle.encrypt(p, short, Uint8Array.of(7)))
		);
		expect(new Uint8Array(await fast.subtle.digest('SHA-256', Uint8Array.of(1)))).toEqual(
			new Uint8Array(await web.subtle.digest('SHA-256', Uint8Array.of(1)))
		);
	});

	it('carries TLS records between a WebCrypto sealer and a node:crypto opener', async () => {
		const keys = { key: await aesKey(), iv: web.getRandomValues(new Uint8Array(12)) };
		const pair = socketPair();
		const sealer = new RecordSealer(keys, web);
		const opener = new RecordOpener(keys, fast);
		for (const text of ['hello', 'world']) {
			pair.a.write(await sealer.seal(ContentType.ApplicationData, new TextEncoder().encode(text)));
		}
		const reader = new RecordReader(pair.b);
		const opened: string[] = [];
		for (let i = 0; i < 2; i++) {
			const record = await reader.next();
			if (record.type !== 'record') throw new Error(`no record: ${record.type}`);
			const o = await opener.open(record);
			if (isTlsError(o)) throw new Error(o.message);
			opened.push(new TextDecoder().decode(o.content));
		}
		expect(opened).toEqual(['hello', 'world']);
	});

	it('seals a record in the call with the bytes and sequence numbers of the promised path', async () => {
		const keys = { key: await aesKey(), iv: web.getRandomValues(new Uint8Array(12)) };
		// As the runtimes hand it to hosts: wrapped to track pending work, `aesGcmNow` passed on.
		const work = new AsyncWork();
		const now = new RecordSealer(keys, trackedCrypto(fast, work));
		const promised = new RecordSealer(keys, web);
		for (const size of [0, 1, 16, 300, 16384]) {
			const content = web.getRandomValues(new Uint8Array(size));
			const record = now.sealNow(ContentType.ApplicationData, content);
			expect(record).toBeInstanceOf(Uint8Array);
			expect(record).toEqual(await promised.seal(ContentType.ApplicationData, content));
		}
		expect(work.pending).toBe(0);
		// WebCrypto alone has nothing that returns at once: the caller takes the promise.
		expect(promised.sealNow(ContentType.ApplicationData, Uint8Array.of(1))).toBeUndefined();
	});

	it('opens in the call what WebCrypto sealed; a changed byte is bad record MAC', async () => {
		const keys = { key: await aesKey(), iv: web.getRandomValues(new Uint8Array(12)) };
		const sealer = new RecordSealer(keys, web);
		const bytes = [
			await sealer.seal(ContentType.ApplicationData, new TextEncoder().encode('hello')),
			await sealer.seal(ContentType.Alert, Uint8Array.of(1, 0))
		];
		const flipped = (await sealer.seal(ContentType.ApplicationData, Uint8Array.of(9))).slice();
		flipped[7]! ^= 1;
		const pair = socketPair();
		for (const b of [...bytes, flipped]) pair.a.write(b);
		const reader = new RecordReader(pair.b);
		const opener = new RecordOpener(keys, fast);
		const opened = [];
		for (let i = 0; i < 3; i++) {
			const record = await reader.next();
			if (record.type !== 'record') throw new Error(`no record: ${record.type}`);
			opened.push(opener.openNow(record));
		}
		const [hello, alert, bad] = opened;
		if (!hello || isTlsError(hello) || !alert || isTlsError(alert)) throw new Error('not opened');
		expect(new TextDecoder().decode(hello.content)).toBe('hello');
		expect([alert.innerType, [...alert.content]]).toEqual([ContentType.Alert, [1, 0]]);
		expect(isTlsError(bad) && bad.message).toBe('bad record MAC');
		// The plaintext is a plain Uint8Array (a Buffer's `slice` would share its bytes).
		expect(Object.getPrototypeOf(hello.content)).toBe(Uint8Array.prototype);
	});

	it('carries a mutual-TLS stream between a node:crypto end and a WebCrypto end', async () => {
		const pki = await createPki();
		const pair = socketPair();
		const options = { trustRoot: pki.ca.root, clock: pki.clock };
		// The client seals and opens in the call; the server only through WebCrypto's promises.
		const [c, s] = await Promise.all([
			secureClient(pair.a, { ...options, crypto: fast, identity: pki.curl }),
			secureServer(pair.b, { ...options, crypto: web, identity: pki.productpage })
		]);
		if (isTlsError(c) || isTlsError(s)) throw new Error('handshake failed');
		const big = new Uint8Array(40_000).map((_, i) => i % 251);
		const readAll = async (from: typeof c) => {
			const got: number[] = [];
			for (let r = await from.read(); r.type === 'data'; r = await from.read())
				got.push(...r.bytes);
			return new Uint8Array(got);
		};
		// Writes and an end in one turn: records go out in sequence order, close_notify last.
		c.write(big.subarray(0, 10));
		c.write(big.subarray(10));
		c.end();
		s.write(big);
		s.end();
		const [atServer, atClient] = await Promise.all([readAll(s), readAll(c)]);
		expect(atServer).toEqual(big);
		expect(atClient).toEqual(big);
	});
});
