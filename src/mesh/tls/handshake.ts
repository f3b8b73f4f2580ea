/**
 * The mutual-TLS handshake between two proxies, modelled on TLS 1.3 (RFC 8446) and simplified
 * to what HBONE needs: one key share (ECDHE P-256), one suite, mandatory client certificates.
 *
 *   client                                      server
 *   ClientHello {random, key share}      →
 *                                        ←      ServerHello {random, key share}
 *                                        ←      {Certificate, CertificateVerify, Finished}
 *   {Certificate, CertificateVerify, Finished} →
 *   [application data]                   ↔      [application data]
 *
 * `{…}` is sealed with handshake keys, `[…]` with application keys (key-schedule.ts). Each side
 * checks the peer's chain against the trust root at sim time, that CertificateVerify was signed
 * by the leaf's key over the transcript (so a copied certificate is useless without its key),
 * and the Finished MAC (so a recorded handshake cannot be replayed into a new session, whose
 * random values and key shares differ). Mirrors the checks of ztunnel src/tls (rustls config).
 *
 * Server-only authentication (`serverAuthClient`/`serverAuthServer`) is the same exchange
 * without the client's Certificate and CertificateVerify, as when a TLS 1.3 server sends no
 * CertificateRequest: a proxy dialling istiod on 15012 has no certificate yet (it is about to
 * ask for one). The client checks the server's chain against its root and that the name it
 * dialled is one of the leaf's DNS SANs (RFC 6125), as a gRPC client does.
 */
import type { Clock } from '../clock.ts';
import type { Socket } from '../net/socket.ts';
import type { SimMillis } from '../types.ts';
import { buf } from './bytes.ts';
import {
	SIGNING_ALGORITHM,
	type VerifiedPeer,
	type WorkloadCerts,
	type X509Certificate,
	checkServerName,
	parseDer,
	publicKeyOf,
	toDer,
	verifyChain,
	verifyPath
} from './certificate.ts';
import {
	ALERTS,
	type TlsError,
	type TlsErrorCode,
	alertFor,
	alertReceived,
	isTlsError,
	tlsError,
	unexpectedMessage
} from './errors.ts';
import { isIdentityError, parseIdentity, type SpiffeId } from './identity.ts';
import {
	ECDH_PARAMS,
	type HandshakeKeys,
	applicationKeys,
	finishedMac,
	handshakeKeys,
	sharedSecret,
	signedContent,
	transcriptHash,
	verifyFinished
} from './key-schedule.ts';
import {
	ECDSA_P256_SHA256,
	HandshakeType,
	RANDOM_BYTES,
	decodeCertificate,
	decodeCertificateVerify,
	decodeHello,
	encodeCertificate,
	encodeCertificateVerify,
	encodeFinished,
	encodeHello,
	expectMessage
} from './messages.ts';
import {
	ContentType,
	RecordOpener,
	RecordReader,
	RecordSealer,
	type TrafficKeys,
	encodeRecord
} from './record.ts';
import {
	MutualTlsStream,
	type SecureStream,
	type TlsChannel,
	TlsStream,
	plainAlert
} from './stream.ts';

/** Who we accept on the other end: one id, or a predicate (e.g. "any id in this namespace"). */
export type PeerExpectation = SpiffeId | ((id: SpiffeId) => boolean);

/** What every handshake needs, whichever side authenticates. */
export interface HandshakeOptions {
	/** Sim time, for certificate validity; `after` is needed only with `handshakeTimeout`. */
	readonly clock: Pick<Clock, 'now'> & Partial<Pick<Clock, 'after'>>;
	/** The host's WebCrypto (the runtime tracks it). */
	readonly crypto: Crypto;
	/** Resets the connection if the handshake is not done by then. */
	readonly handshakeTimeout?: SimMillis;
	/** A client's ALPN offer (Istio's `istio-peer-exchange`, `istio` for sidecar mTLS). */
	readonly alpn?: readonly string[];
}

export interface SecureOptions extends HandshakeOptions {
	/** Our certificate chain and its key (from istiod's CA). */
	readonly identity: WorkloadCerts;
	/** The mesh root(s) we trust; more than one during a root rotation. */
	readonly trustRoot: X509Certificate | readonly X509Certificate[];
	readonly expectedPeer?: PeerExpectation;
	/**
	 * The peer's SPIFFE id must be in this trust domain (ztunnel's `TrustDomainVerifier`: an
	 * inbound client from another trust domain is refused even when our CA signed it).
	 */
	readonly expectedTrustDomain?: string;
}

export interface ServerOptions extends SecureOptions {
	/** Shared by a listener's sessions: refuses a ClientHello random seen before. */
	readonly replayCache?: ReplayCache;
}

/** A client that authenticates the server only and presents no certificate. */
export interface ServerAuthClientOptions extends HandshakeOptions {
	/** The root(s) the server's chain must lead to (a proxy's mounted `root-cert.pem`). */
	readonly trustRoot: X509Certificate | readonly X509Certificate[];
	/** The host name dialled: one of the server certificate's DNS SANs must match it. */
	readonly serverName: string;
}

/** A server that presents its certificate and requests none from the client. */
export interface ServerAuthServerOptions extends HandshakeOptions {
	/** The serving certificate (istiod's DNS certificate) and its key. */
	readonly identity: WorkloadCerts;
	readonly replayCache?: ReplayCache;
}

/** Remembers ClientHello randoms, as TLS 1.3 servers do against 0-RTT replay (RFC 8446 §8). */
export interface ReplayCache {
	/** True when `random` was seen before; records it otherwise. */
	seen(random: Uint8Array): boolean;
}

export function createReplayCache(limit = 10_000): ReplayCache {
	const seen = new Set<string>();
	return {
		seen(random) {
			const key = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
			if (seen.has(key)) return true;
			if (seen.size >= limit) {
				const oldest = seen.values().next();
				if (!oldest.done) seen.delete(oldest.value);
			}
			seen.add(key);
			return false;
		}
	};
}

type Role = 'client' | 'server';

/** State shared by both roles: the socket, the record reader and the transcript so far. */
class Exchange {
	readonly transcript: Uint8Array[] = [];
	readonly reader: RecordReader;
	constructor(
		readonly socket: Socket,
		readonly crypto: Crypto,
		readonly options: HandshakeOptions
	) {
		this.reader = new RecordReader(socket);
	}

	hash(): Promise<Uint8Array> {
		return transcriptHash(this.crypto, this.transcript);
	}

	sendPlain(message: Uint8Array): void {
		this.transcript.push(message);
		this.socket.write(encodeRecord(ContentType.Handshake, message));
	}

	async sendSealed(sealer: RecordSealer, message: Uint8Array): Promise<void> {
		this.transcript.push(message);
		this.socket.write(await sealer.seal(ContentType.Handshake, message));
	}

	async readPlain(expected: HandshakeType): Promise<Uint8Array | TlsError> {
		const record = await this.reader.next();
		if (isTlsError(record)) return record;
		if (record.type === 'eof') return closed();
		if (record.type === 'reset') return reset(record.reason);
		if (record.contentType === ContentType.Alert) return alertReceived(record.fragment[1] ?? -1);
		if (record.contentType !== ContentType.Handshake) {
			return unexpectedMessage(`expected handshake record, got content type ${record.contentType}`);
		}
		const message = expectMessage(record.fragment, expected);
		return isTlsError(message) ? message : this.#keep(message.whole, message.body);
	}

	async readSealed(opener: RecordOpener, expected: HandshakeType): Promise<Uint8Array | TlsError> {
		const record = await this.reader.next();
		if (isTlsError(record)) return record;
		if (record.type === 'eof') return closed();
		if (record.type === 'reset') return reset(record.reason);
		if (record.contentType === ContentType.Alert) return alertReceived(record.fragment[1] ?? -1);
		const opened = await opener.open(record);
		if (isTlsError(opened)) return opened;
		if (opened.innerType === ContentType.Alert) return alertReceived(opened.content[1] ?? -1);
		if (opened.innerType !== ContentType.Handshake) {
			return unexpectedMessage(`expected handshake record, got content type ${opened.innerType}`);
		}
		const message = expectMessage(opened.content, expected);
		return isTlsError(message) ? message : this.#keep(message.whole, message.body);
	}

	/** Adds a received message to the transcript once its hash has been used for checks. */
	#pending: Uint8Array | undefined;
	#keep(whole: Uint8Array, body: Uint8Array): Uint8Array {
		this.#pending = whole;
		return body;
	}
	commit(): void {
		if (this.#pending) this.transcript.push(this.#pending);
		this.#pending = undefined;
	}

	/**
	 * Certificate → CertificateVerify from the peer, checked; the transcript includes both.
	 * `verify` judges the chain (a workload identity, or a server name) and returns its leaf.
	 */
	async readPeer<T extends { readonly leaf: X509Certificate }>(
		opener: RecordOpener,
		peerRole: Role,
		verify: (chain: readonly X509Certificate[]) => Promise<T | TlsError>
	): Promise<T | TlsError> {
		const certBody = await this.readSealed(opener, HandshakeType.Certificate);
		if (isTlsError(certBody)) return certBody;
		this.commit();
		const ders = decodeCertificate(certBody);
		if (isTlsError(ders)) return ders;
		const chain: X509Certificate[] = [];
		for (const der of ders) {
			const cert = parseDer(der);
			if (isTlsError(cert)) return cert;
			chain.push(cert);
		}
		const verified = await verify(chain);
		if (isTlsError(verified)) return verified;

		const cvBody = await this.readSealed(opener, HandshakeType.CertificateVerify);
		if (isTlsError(cvBody)) return cvBody;
		const cv = decodeCertificateVerify(cvBody);
		if (isTlsError(cv)) return cv;
		if (cv.scheme !== ECDSA_P256_SHA256) {
			return tlsError('BadSignature', 'bad signature: unsupported signature scheme');
		}
		const content = signedContent(peerRole, await this.hash());
		const key = await publicKeyOf(verified.leaf, this.crypto).catch(() => undefined);
		const ok =
			key !== undefined &&
			(await this.crypto.subtle
				.verify(SIGNING_ALGORITHM, key, buf(cv.signature), buf(content))
				.catch(() => false));
		if (!ok) return tlsError('BadSignature', 'bad signature');
		this.commit();
		return verified;
	}

	/** Certificate → CertificateVerify → Finished from us; only Finished without an identity. */
	async sendOwn(
		sealer: RecordSealer,
		role: Role,
		finishedKey: CryptoKey,
		identity: WorkloadCerts | undefined
	): Promise<void> {
		if (identity) {
			const { certChain, privateKey } = identity;
			await this.sendSealed(sealer, encodeCertificate(certChain.map(toDer)));
			const content = signedContent(role, await this.hash());
			const signature = await this.crypto.subtle.sign(SIGNING_ALGORITHM, privateKey, buf(content));
			await this.sendSealed(sealer, encodeCertificateVerify(new Uint8Array(signature)));
		}
		const mac = await finishedMac(this.crypto, finishedKey, await this.hash());
		await this.sendSealed(sealer, encodeFinished(mac));
	}

	async readFinished(opener: RecordOpener, key: CryptoKey): Promise<TlsError | undefined> {
		const body = await this.readSealed(opener, HandshakeType.Finished);
		if (isTlsError(body)) return body;
		if (!(await verifyFinished(this.crypto, key, await this.hash(), body))) {
			return tlsError('BadFinished', 'handshake Finished verification failed');
		}
		this.commit();
		return undefined;
	}

	checkExpected(id: SpiffeId, expected: PeerExpectation | undefined): TlsError | undefined {
		if (expected === undefined) return undefined;
		const ok = typeof expected === 'function' ? expected(id) : expected === id;
		if (ok) return undefined;
		const wanted = typeof expected === 'function' ? 'an allowed identity' : expected;
		// ztunnel's TlsError::SanError wording.
		return tlsError(
			'PeerIdentityMismatch',
			`identity verification error: peer did not present the expected SAN (${wanted}), got ${id}`
		);
	}

	checkTrustDomain(id: SpiffeId, expected: string | undefined): TlsError | undefined {
		if (expected === undefined) return undefined;
		const parsed = parseIdentity(id);
		if (!isIdentityError(parsed) && parsed.trustDomain === expected) return undefined;
		// ztunnel's TlsError::SanTrustDomainError wording.
		return tlsError(
			'PeerIdentityMismatch',
			`identity verification error: peer did not present the expected trustdomain (${expected}), got ${id}`
		);
	}

	stream(peer: VerifiedPeer, ours: TrafficKeys, theirs: TrafficKeys): SecureStream {
		return new MutualTlsStream({
			...this.#parts(ours, theirs),
			peerIdentity: peer.id,
			peerCertificate: peer.leaf
		});
	}

	channel(peer: X509Certificate | undefined, ours: TrafficKeys, theirs: TrafficKeys): TlsChannel {
		return new TlsStream({ ...this.#parts(ours, theirs), peerCertificate: peer });
	}

	#parts(ours: TrafficKeys, theirs: TrafficKeys) {
		return {
			socket: this.socket,
			reader: this.reader,
			sealer: new RecordSealer(ours, this.crypto),
			opener: new RecordOpener(theirs, this.crypto)
		};
	}
}

const closed = (): TlsError => tlsError('ConnectionClosed', 'connection closed during handshake');
const reset = (reason: string): TlsError =>
	tlsError('ConnectionReset', `connection reset during handshake (${reason})`);

async function keyShare(crypto: Crypto): Promise<{ pair: CryptoKeyPair; share: Uint8Array }> {
	const pair = (await crypto.subtle.generateKey(ECDH_PARAMS, false, [
		'deriveBits'
	])) as CryptoKeyPair;
	const share = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	return { pair, share };
}

async function deriveHandshake(
	x: Exchange,
	ours: CryptoKey,
	peerShare: Uint8Array
): Promise<{ ikm: CryptoKey; keys: HandshakeKeys } | TlsError> {
	let ikm: CryptoKey;
	try {
		ikm = await sharedSecret(x.crypto, ours, peerShare);
	} catch {
		return tlsError('DecodeError', 'decode error: invalid key share');
	}
	return { ikm, keys: await handshakeKeys(x.crypto, ikm, await x.hash()) };
}

type Verify<T> = (chain: readonly X509Certificate[]) => Promise<T | TlsError>;

/** ClientHello → ServerHello → the server's {Certificate, CertificateVerify, Finished}. */
async function clientHandshake<T extends { readonly leaf: X509Certificate }>(
	x: Exchange,
	verify: Verify<T>
): Promise<{ peer: T; ikm: CryptoKey; keys: HandshakeKeys } | TlsError> {
	const { pair, share } = await keyShare(x.crypto);
	const random = x.crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
	const alpn = x.options.alpn;
	x.sendPlain(
		encodeHello(HandshakeType.ClientHello, { random, keyShare: share, ...(alpn ? { alpn } : {}) })
	);

	const shBody = await x.readPlain(HandshakeType.ServerHello);
	if (isTlsError(shBody)) return shBody;
	const sh = decodeHello(shBody);
	if (isTlsError(sh)) return sh;
	x.commit();
	const derived = await deriveHandshake(x, pair.privateKey, sh.keyShare);
	if (isTlsError(derived)) return derived;
	const { ikm, keys } = derived;
	const opener = new RecordOpener(keys.server, x.crypto);

	const peer = await x.readPeer(opener, 'server', verify);
	if (isTlsError(peer)) return peer;
	const finished = await x.readFinished(opener, keys.serverFinished);
	if (finished) return finished;
	return { peer, ikm, keys };
}

/** ClientHello in, ServerHello and our {Certificate, CertificateVerify, Finished} out. */
async function serverHandshake(
	x: Exchange,
	identity: WorkloadCerts,
	replayCache: ReplayCache | undefined
): Promise<{ ikm: CryptoKey; keys: HandshakeKeys } | TlsError> {
	const chBody = await x.readPlain(HandshakeType.ClientHello);
	if (isTlsError(chBody)) return chBody;
	const ch = decodeHello(chBody);
	if (isTlsError(ch)) return ch;
	if (replayCache?.seen(ch.random)) {
		return tlsError('ReplayDetected', 'handshake replay detected');
	}
	x.commit();
	const { pair, share } = await keyShare(x.crypto);
	const random = x.crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
	x.sendPlain(encodeHello(HandshakeType.ServerHello, { random, keyShare: share }));
	const derived = await deriveHandshake(x, pair.privateKey, ch.keyShare);
	if (isTlsError(derived)) return derived;
	const { keys } = derived;
	await x.sendOwn(new RecordSealer(keys.server, x.crypto), 'server', keys.serverFinished, identity);
	return derived;
}

const rootsOf = (trustRoot: X509Certificate | readonly X509Certificate[]): X509Certificate[] =>
	([] as X509Certificate[]).concat(trustRoot);

/** A peer with a workload identity, chained to our roots. */
const workloadPeer =
	(x: Exchange, options: SecureOptions): Verify<VerifiedPeer> =>
	(chain) =>
		verifyChain(chain, rootsOf(options.trustRoot), options.clock.now(), x.crypto);

async function clientFlow(x: Exchange, options: SecureOptions): Promise<SecureStream | TlsError> {
	const done = await clientHandshake(x, workloadPeer(x, options));
	if (isTlsError(done)) return done;
	const { peer, ikm, keys } = done;
	// Authenticated; now make sure it is the server we meant before showing our certificate.
	const mismatch = x.checkExpected(peer.id, options.expectedPeer);
	if (mismatch) return mismatch;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	const sealer = new RecordSealer(keys.client, x.crypto);
	await x.sendOwn(sealer, 'client', keys.clientFinished, options.identity);
	return x.stream(peer, app.client, app.server);
}

async function serverFlow(x: Exchange, options: ServerOptions): Promise<SecureStream | TlsError> {
	const done = await serverHandshake(x, options.identity, options.replayCache);
	if (isTlsError(done)) return done;
	const { ikm, keys } = done;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	const opener = new RecordOpener(keys.client, x.crypto);
	const peer = await x.readPeer(opener, 'client', workloadPeer(x, options));
	if (isTlsError(peer)) return peer;
	const finished = await x.readFinished(opener, keys.clientFinished);
	if (finished) return finished;
	const mismatch =
		x.checkTrustDomain(peer.id, options.expectedTrustDomain) ??
		x.checkExpected(peer.id, options.expectedPeer);
	if (mismatch) return mismatch;
	return x.stream(peer, app.server, app.client);
}

async function serverAuthClientFlow(
	x: Exchange,
	options: ServerAuthClientOptions
): Promise<TlsChannel | TlsError> {
	const named: Verify<{ leaf: X509Certificate }> = async (chain) => {
		const leaf = await verifyPath(chain, rootsOf(options.trustRoot), options.clock.now(), x.crypto);
		if (isTlsError(leaf)) return leaf;
		return checkServerName(leaf, options.serverName) ?? { leaf };
	};
	const done = await clientHandshake(x, named);
	if (isTlsError(done)) return done;
	const { peer, ikm, keys } = done;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	await x.sendOwn(
		new RecordSealer(keys.client, x.crypto),
		'client',
		keys.clientFinished,
		undefined
	);
	return x.channel(peer.leaf, app.client, app.server);
}

async function serverAuthServerFlow(
	x: Exchange,
	options: ServerAuthServerOptions
): Promise<TlsChannel | TlsError> {
	const done = await serverHandshake(x, options.identity, options.replayCache);
	if (isTlsError(done)) return done;
	const { ikm, keys } = done;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	const finished = await x.readFinished(
		new RecordOpener(keys.client, x.crypto),
		keys.clientFinished
	);
	if (finished) return finished;
	return x.channel(undefined, app.server, app.client);
}

/** Errors the peer caused by closing: nothing left to tell it. */
const SILENT = new Set<TlsErrorCode>([
	'AlertReceived',
	'ConnectionClosed',
	'ConnectionReset',
	'HandshakeTimeout'
]);

async function run<S extends TlsChannel>(
	socket: Socket,
	options: HandshakeOptions,
	flow: (x: Exchange) => Promise<S | TlsError>
): Promise<S | TlsError> {
	const x = new Exchange(socket, options.crypto, options);
	let timedOut = false;
	const cancel =
		options.handshakeTimeout !== undefined && options.clock.after
			? options.clock.after(options.handshakeTimeout, () => {
					timedOut = true;
					socket.reset();
				})
			: undefined;
	let result: S | TlsError;
	try {
		result = await flow(x);
	} catch (e) {
		// WebCrypto rejects on malformed keys we did not anticipate: still a value, never a throw.
		result = tlsError('HandshakeFailure', `handshake failure: ${String(e)}`);
	}
	cancel?.();
	if (!isTlsError(result)) return result;
	if (timedOut) return tlsError('HandshakeTimeout', 'TLS handshake timed out');
	if (result.code === 'ConnectionReset') return result;
	if (!SILENT.has(result.code)) socket.write(plainAlert(ALERTS[alertFor(result.code)]));
	socket.end();
	return result;
}

/** Opens a mutually authenticated channel as the client (ztunnel's outbound side). */
export function secureClient(
	socket: Socket,
	options: SecureOptions
): Promise<SecureStream | TlsError> {
	return run(socket, options, (x) => clientFlow(x, options));
}

/** Accepts a mutually authenticated channel (ztunnel's inbound HBONE listener, port 15008). */
export function secureServer(
	socket: Socket,
	options: ServerOptions
): Promise<SecureStream | TlsError> {
	return run(socket, options, (x) => serverFlow(x, options));
}

/**
 * Opens a channel that authenticates the server only (a proxy dialling istiod on 15012): we
 * present no certificate; the server's must chain to `trustRoot` and name `serverName`.
 */
export function serverAuthClient(
	socket: Socket,
	options: ServerAuthClientOptions
): Promise<TlsChannel | TlsError> {
	return run(socket, options, (x) => serverAuthClientFlow(x, options));
}

/** Accepts a channel that authenticates this server only (istiod's 15012 listener). */
export function serverAuthServer(
	socket: Socket,
	options: ServerAuthServerOptions
): Promise<TlsChannel | TlsError> {
	return run(socket, options, (x) => serverAuthServerFlow(x, options));
}
