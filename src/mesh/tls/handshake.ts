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
import {
	type VerifiedPeer,
	type WorkloadCerts,
	type X509Certificate,
	checkServerName,
	parseDer,
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
import { hasRsaKey, signHandshake, verifyHandshakeSignature } from './signature.ts';
import {
	ECDSA_P256_SHA256,
	HandshakeType,
	RANDOM_BYTES,
	decodeCertificate,
	decodeCertificateVerify,
	decodeHello,
	encodeCertificate,
	encodeCertificateRequest,
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

/** What a client learnt in a handshake that succeeded on its side (curl's `-v` prints it). */
export interface ClientHandshakeInfo {
	/** The chain the server presented, leaf first. */
	readonly chain: readonly X509Certificate[];
	/** The server sent a CertificateRequest (a MUTUAL gateway). */
	readonly certificateRequested: boolean;
	/** The client answered it with a certificate (false: an empty Certificate). */
	readonly certificateSent: boolean;
}

/** A client that authenticates the server; it presents a certificate only when asked for one. */
export interface ServerAuthClientOptions extends HandshakeOptions {
	/** The root(s) the server's chain must lead to (a proxy's mounted `root-cert.pem`). */
	readonly trustRoot: X509Certificate | readonly X509Certificate[];
	/** The host name dialled: one of the server certificate's DNS SANs must match it. */
	readonly serverName: string;
	/** Send `serverName` as SNI in the ClientHello (curl does; a proxy dialling istiod does not here). */
	readonly sni?: boolean;
	/**
	 * The host-name check, when not Go's (SANs only): curl's falls back to the subject CN when a
	 * certificate has no DNS SAN. Undefined: the name matches.
	 */
	readonly checkName?: (leaf: X509Certificate) => TlsError | undefined;
	/** The certificate to present if the server requests one (curl's `--cert`/`--key`). */
	readonly clientIdentity?: WorkloadCerts;
	/** Told what the handshake showed before the channel is handed out. */
	readonly onHandshake?: (info: ClientHandshakeInfo) => void;
}

/** A server that presents its certificate and, with `clientAuth`, requires the client's. */
export interface ServerAuthServerOptions extends HandshakeOptions {
	/** The serving certificate (istiod's DNS certificate) and its key; or `identityFor`. */
	readonly identity?: WorkloadCerts;
	/**
	 * Picks the certificate by the ClientHello's SNI (a gateway's `hosts`/listener `hostname`);
	 * undefined from it: no certificate for that name, the handshake fails.
	 */
	readonly identityFor?: (serverName: string | undefined) => ServerIdentity | undefined;
	readonly replayCache?: ReplayCache;
}

/** A certificate to serve, and whether (and against which roots) to require the client's. */
export interface ServerIdentity {
	readonly identity: WorkloadCerts;
	/** MUTUAL: send a CertificateRequest; the client's chain must lead to one of these. */
	readonly clientRoots?: readonly X509Certificate[];
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

	/** The type of the last message `readSealed` returned (when it accepted alternatives). */
	lastType: HandshakeType | undefined;

	async readSealed(
		opener: RecordOpener,
		expected: HandshakeType | readonly HandshakeType[]
	): Promise<Uint8Array | TlsError> {
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
		const alternatives: readonly HandshakeType[] =
			typeof expected === 'number' ? [expected] : expected;
		const type = alternatives.find((t) => t === opened.content[0]) ?? alternatives[0];
		if (type === undefined) return unexpectedMessage('no handshake message expected');
		this.lastType = type;
		const message = expectMessage(opened.content, type);
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
		verify: (chain: readonly X509Certificate[]) => Promise<T | TlsError>,
		certificate?: Uint8Array
	): Promise<T | TlsError> {
		const certBody = certificate ?? (await this.readSealed(opener, HandshakeType.Certificate));
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
		// TLS 1.3: a client asked for a certificate may send none; a server that requires one
		// answers certificate_required (RFC 8446 §4.4.2.4, BoringSSL as Envoy runs it).
		if (chain.length === 0 && peerRole === 'client') {
			return tlsError('CertificateRequired', 'peer did not return a certificate');
		}
		const verified = await verify(chain);
		if (isTlsError(verified)) return verified;

		const cvBody = await this.readSealed(opener, HandshakeType.CertificateVerify);
		if (isTlsError(cvBody)) return cvBody;
		const cv = decodeCertificateVerify(cvBody);
		if (isTlsError(cv)) return cv;
		if (cv.scheme !== ECDSA_P256_SHA256 && !hasRsaKey(verified.leaf)) {
			return tlsError('BadSignature', 'bad signature: unsupported signature scheme');
		}
		const content = signedContent(peerRole, await this.hash());
		const ok = await verifyHandshakeSignature(
			this.crypto,
			verified.leaf,
			cv.scheme,
			cv.signature,
			content
		);
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
			const { scheme, signature } = await signHandshake(this.crypto, privateKey, content);
			await this.sendSealed(sealer, encodeCertificateVerify(signature, scheme));
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

/**
 * ClientHello → ServerHello → the server's {[CertificateRequest,] Certificate, CertificateVerify,
 * Finished}. A CertificateRequest is accepted only when `mayBeAsked` (a web client); a workload
 * handshake never sees one.
 */
async function clientHandshake<T extends { readonly leaf: X509Certificate }>(
	x: Exchange,
	verify: Verify<T>,
	hello: { readonly serverName?: string; readonly mayBeAsked?: boolean } = {}
): Promise<
	{ peer: T; ikm: CryptoKey; keys: HandshakeKeys; certificateRequested: boolean } | TlsError
> {
	const { pair, share } = await keyShare(x.crypto);
	const random = x.crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
	const alpn = x.options.alpn;
	x.sendPlain(
		encodeHello(HandshakeType.ClientHello, {
			random,
			keyShare: share,
			...(alpn ? { alpn } : {}),
			...(hello.serverName !== undefined ? { serverName: hello.serverName } : {})
		})
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

	let certificate: Uint8Array | undefined;
	let certificateRequested = false;
	if (hello.mayBeAsked) {
		const first = await x.readSealed(opener, [
			HandshakeType.CertificateRequest,
			HandshakeType.Certificate
		]);
		if (isTlsError(first)) return first;
		if (x.lastType === HandshakeType.CertificateRequest) {
			certificateRequested = true;
			x.commit();
		} else certificate = first;
	}
	const peer = await x.readPeer(opener, 'server', verify, certificate);
	if (isTlsError(peer)) return peer;
	const finished = await x.readFinished(opener, keys.serverFinished);
	if (finished) return finished;
	return { peer, ikm, keys, certificateRequested };
}

/**
 * ClientHello in, ServerHello and our {[CertificateRequest,] Certificate, CertificateVerify,
 * Finished} out. `choose` picks what to serve by the hello's SNI.
 */
async function serverHandshake(
	x: Exchange,
	choose: (serverName: string | undefined) => ServerIdentity | undefined,
	replayCache: ReplayCache | undefined
): Promise<{ ikm: CryptoKey; keys: HandshakeKeys; served: ServerIdentity } | TlsError> {
	const chBody = await x.readPlain(HandshakeType.ClientHello);
	if (isTlsError(chBody)) return chBody;
	const ch = decodeHello(chBody);
	if (isTlsError(ch)) return ch;
	if (replayCache?.seen(ch.random)) {
		return tlsError('ReplayDetected', 'handshake replay detected');
	}
	// No certificate for the name asked (Envoy: no filter chain matches the SNI): the
	// connection is closed before a ServerHello.
	const served = choose(ch.serverName);
	if (!served) return tlsError('ConnectionClosed', 'no certificate for the server name');
	x.commit();
	const { pair, share } = await keyShare(x.crypto);
	const random = x.crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
	x.sendPlain(encodeHello(HandshakeType.ServerHello, { random, keyShare: share }));
	const derived = await deriveHandshake(x, pair.privateKey, ch.keyShare);
	if (isTlsError(derived)) return derived;
	const { keys } = derived;
	const sealer = new RecordSealer(keys.server, x.crypto);
	if (served.clientRoots) await x.sendSealed(sealer, encodeCertificateRequest());
	await x.sendOwn(sealer, 'server', keys.serverFinished, served.identity);
	return { ...derived, served };
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
	const done = await serverHandshake(
		x,
		() => ({ identity: options.identity }),
		options.replayCache
	);
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
	const named: Verify<{ leaf: X509Certificate; chain: readonly X509Certificate[] }> = async (
		chain
	) => {
		const leaf = await verifyPath(chain, rootsOf(options.trustRoot), options.clock.now(), x.crypto);
		if (isTlsError(leaf)) return leaf;
		const check = options.checkName ?? ((l) => checkServerName(l, options.serverName));
		return check(leaf) ?? { leaf, chain };
	};
	const web = options.sni === true || options.clientIdentity !== undefined;
	const done = await clientHandshake(x, named, {
		...(options.sni ? { serverName: options.serverName } : {}),
		mayBeAsked: web
	});
	if (isTlsError(done)) return done;
	const { peer, ikm, keys, certificateRequested } = done;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	const sealer = new RecordSealer(keys.client, x.crypto);
	const ours = certificateRequested ? options.clientIdentity : undefined;
	// Asked and holding none: TLS 1.3 answers with an empty Certificate (§4.4.2).
	if (certificateRequested && !ours) await x.sendSealed(sealer, encodeCertificate([]));
	await x.sendOwn(sealer, 'client', keys.clientFinished, ours);
	options.onHandshake?.({
		chain: peer.chain,
		certificateRequested,
		certificateSent: ours !== undefined
	});
	return x.channel(peer.leaf, app.client, app.server);
}

async function serverAuthServerFlow(
	x: Exchange,
	options: ServerAuthServerOptions
): Promise<TlsChannel | TlsError> {
	const { identity } = options;
	const choose = options.identityFor ?? (() => (identity ? { identity } : undefined));
	const done = await serverHandshake(x, choose, options.replayCache);
	if (isTlsError(done)) return done;
	const { ikm, keys, served } = done;
	const app = await applicationKeys(x.crypto, ikm, await x.hash());
	const opener = new RecordOpener(keys.client, x.crypto);
	let client: X509Certificate | undefined;
	const roots = served.clientRoots;
	if (roots) {
		const verified = await x.readPeer(opener, 'client', async (chain) => {
			const leaf = await verifyPath(chain, roots, options.clock.now(), x.crypto);
			return isTlsError(leaf) ? leaf : { leaf };
		});
		if (isTlsError(verified)) return verified;
		client = verified.leaf;
	}
	const finished = await x.readFinished(opener, keys.clientFinished);
	if (finished) return finished;
	return x.channel(client, app.server, app.client);
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
