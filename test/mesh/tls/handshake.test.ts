import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../src/mesh/net/socket.ts';
import {
	SIGNING_ALGORITHM,
	type WorkloadCerts,
	generateKeyPair
} from '../../../src/mesh/tls/certificate.ts';
import { type TlsError, isTlsError } from '../../../src/mesh/tls/errors.ts';
import {
	type SecureOptions,
	createReplayCache,
	secureClient,
	secureServer
} from '../../../src/mesh/tls/handshake.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ContentType, encodeRecord } from '../../../src/mesh/tls/record.ts';
import type { SecureStream } from '../../../src/mesh/tls/stream.ts';
import { x509 } from '../../../src/mesh/tls/x509.ts';
import { ms } from '../../../src/mesh/types.ts';
import { readAll, socketPair, type SocketPair } from '../../support/socket-pair.ts';
import { CURL, PRODUCTPAGE, createPki } from './pki.ts';

const pki = await createPki();
const text = (s: string) => new TextEncoder().encode(s);
const REQUEST_LINE = 'GET /productpage HTTP/1.1';

/** A certificate with the same subject and SAN as a real one, self-signed by its own key. */
async function forge(like: WorkloadCerts): Promise<WorkloadCerts> {
	const keys = await generateKeyPair(globalThis.crypto);
	const leaf = like.certChain[0]!;
	const cert = await x509.X509CertificateGenerator.createSelfSigned({
		serialNumber: leaf.serialNumber,
		name: 'O=cluster.local',
		keys,
		signingAlgorithm: SIGNING_ALGORITHM,
		notBefore: leaf.notBefore,
		notAfter: leaf.notAfter,
		extensions: [leaf.getExtension(x509.SubjectAlternativeNameExtension)!]
	});
	return { certChain: [cert], privateKey: keys.privateKey };
}

const forgedProductpage = await forge(pki.productpage);
const forgedCurl = await forge(pki.curl);
const foreignProductpage = await pki.issue(pki.otherCa, PRODUCTPAGE);
const curlOfAnotherDomain = await pki.issue(pki.ca, spiffeId('default', 'curl', 'evil.example'));
const strangerKey = await generateKeyPair(globalThis.crypto);

function clientOptions(over: Partial<SecureOptions> = {}): SecureOptions {
	return {
		crypto: globalThis.crypto,
		identity: pki.curl,
		trustRoot: pki.ca.root,
		clock: pki.clock,
		...over
	};
}
function serverOptions(over: Partial<SecureOptions> = {}): SecureOptions {
	return {
		crypto: globalThis.crypto,
		identity: pki.productpage,
		trustRoot: pki.ca.root,
		clock: pki.clock,
		...over
	};
}

async function connect(
	client: Partial<SecureOptions> = {},
	server: Partial<SecureOptions> & { replayCache?: ReturnType<typeof createReplayCache> } = {},
	pair: SocketPair = socketPair()
) {
	const [c, s] = await Promise.all([
		secureClient(pair.a, clientOptions(client)),
		secureServer(pair.b, serverOptions(server))
	]);
	return { c, s, pair };
}

function ok(x: SecureStream | TlsError): SecureStream {
	if (isTlsError(x)) throw new Error(`unexpected TLS error: ${x.message}`);
	return x;
}

describe('mutual TLS handshake', () => {
	it('authenticates both peers and carries bytes both ways', async () => {
		const { c: cr, s: sr } = await connect({ expectedPeer: PRODUCTPAGE }, { expectedPeer: CURL });
		const c = ok(cr);
		const s = ok(sr);
		expect(c.peerIdentity).toBe(PRODUCTPAGE);
		expect(s.peerIdentity).toBe(CURL);
		expect(c.cipherSuite).toBe('TLS13_AES_256_GCM_SHA384');
		expect(s.peerCertificate.serialNumber).toBe(pki.curl.certChain[0]!.serialNumber);
		c.write(text(`${REQUEST_LINE}\r\n\r\n`));
		c.end();
		expect(await readAll(s)).toEqual({ text: `${REQUEST_LINE}\r\n\r\n`, end: { type: 'eof' } });
		// Half-close: the server can still answer after the client's close_notify.
		s.write(text('HTTP/1.1 200 OK\r\n\r\n'));
		s.end();
		expect(await readAll(c)).toEqual({ text: 'HTTP/1.1 200 OK\r\n\r\n', end: { type: 'eof' } });
	});

	it('splits large writes into records and reassembles them', async () => {
		const { c, s } = await connect();
		const big = new Uint8Array(100_000).map((_, i) => i % 251);
		ok(c).write(big);
		ok(c).end();
		const got: number[] = [];
		for (;;) {
			const r = await ok(s).read();
			if (r.type !== 'data') break;
			got.push(...r.bytes);
		}
		expect(new Uint8Array(got)).toEqual(big);
	});

	it('puts only ciphertext on the wire', async () => {
		const { c, s, pair } = await connect();
		ok(c).write(text(`${REQUEST_LINE}\r\nHost: productpage:9080\r\n\r\n`));
		await ok(s).read();
		const wire = new TextDecoder('latin1').decode(pair.wire('a→b'));
		expect(wire).not.toContain('GET /productpage');
		expect(wire).not.toContain('productpage:9080');
		// Control: the same capture over a plain pair shows the request line.
		const plain = socketPair();
		plain.a.write(text(`${REQUEST_LINE}\r\n\r\n`));
		expect(new TextDecoder('latin1').decode(plain.wire('a→b'))).toContain(REQUEST_LINE);
	});
});

describe('rejected peers', () => {
	const cases = [
		{
			name: 'client rejects a forged server certificate (self-signed, same subject and SAN)',
			client: {},
			server: { identity: forgedProductpage },
			failing: 'client' as const,
			message: 'certificate signed by unknown authority',
			peerSees: 'received fatal alert: UnknownCA'
		},
		{
			name: 'client rejects a server certificate from another CA',
			client: {},
			server: { identity: foreignProductpage },
			failing: 'client' as const,
			message: 'certificate signed by unknown authority',
			peerSees: 'received fatal alert: UnknownCA'
		},
		{
			name: 'server rejects a forged client certificate',
			client: { identity: forgedCurl },
			server: {},
			failing: 'server' as const,
			message: 'certificate signed by unknown authority',
			peerSees: 'received fatal alert: UnknownCA'
		},
		{
			name: 'a stolen certificate without its key fails CertificateVerify',
			client: {},
			server: { identity: { ...pki.productpage, privateKey: strangerKey.privateKey } },
			failing: 'client' as const,
			message: 'bad signature',
			peerSees: 'received fatal alert: DecryptError'
		},
		{
			name: 'client expected another identity',
			client: { expectedPeer: spiffeId('default', 'reviews') },
			server: {},
			failing: 'client' as const,
			message:
				'identity verification error: peer did not present the expected SAN (spiffe://cluster.local/ns/default/sa/reviews), got spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
			peerSees: 'received fatal alert: AccessDenied'
		},
		{
			name: 'server allows only istio-system peers',
			client: {},
			server: { expectedPeer: (id: string) => id.includes('/ns/istio-system/') },
			failing: 'server' as const,
			message:
				'identity verification error: peer did not present the expected SAN (an allowed identity), got spiffe://cluster.local/ns/default/sa/curl',
			peerSees: 'received fatal alert: AccessDenied'
		},
		{
			// Signed by our own CA, but for another trust domain: ztunnel's inbound refuses it.
			name: 'server refuses a client of another trust domain',
			client: { identity: curlOfAnotherDomain },
			server: { expectedTrustDomain: 'cluster.local' },
			failing: 'server' as const,
			message:
				'identity verification error: peer did not present the expected trustdomain (cluster.local), got spiffe://evil.example/ns/default/sa/curl',
			peerSees: 'received fatal alert: AccessDenied'
		}
	];

	it.each(cases)('$name', async ({ client, server, failing, message, peerSees }) => {
		const { c, s } = await connect(
			client as Partial<SecureOptions>,
			server as Partial<SecureOptions>
		);
		const [bad, other] = failing === 'client' ? [c, s] : [s, c];
		expect(isTlsError(bad) && bad.message).toBe(message);
		if (failing === 'client') {
			// The server waits for the client's flight, and gets the alert instead.
			expect(isTlsError(other) && other.message).toBe(peerSees);
		} else {
			// TLS 1.3: the client finished first; it learns of the rejection on its first read.
			expect(await ok(other).read()).toEqual({ type: 'reset', reason: peerSees });
		}
	});

	it('rejects an expired certificate, and one not yet valid', async () => {
		const day = 24 * 3_600_000;
		pki.clock.t = day + 60_000;
		const expired = await connect();
		pki.clock.t = -day;
		const early = await connect();
		pki.clock.t = 0;
		expect(isTlsError(expired.c) && expired.c.message).toBe('certificate has expired');
		expect(isTlsError(early.c) && early.c.message).toBe('certificate is not yet valid');
	});
});

describe('replay and tampering', () => {
	it('a recorded ClientHello + client flight replayed to a new server session fails', async () => {
		const cache = createReplayCache();
		const first = await connect({}, { replayCache: cache });
		ok(first.c);
		ok(first.s);
		const recorded = first.pair.captured['a→b'].map((b) => b.slice());

		// A fresh server (no shared memory): its new random and key share change every key, so
		// the replayed flight does not even decrypt.
		const fresh = socketPair();
		for (const chunk of recorded) fresh.a.write(chunk);
		const r1 = await secureServer(fresh.b, serverOptions());
		expect(isTlsError(r1) && r1.message).toBe('bad record MAC');

		// A server sharing the listener's replay cache refuses the ClientHello itself.
		const again = socketPair();
		for (const chunk of recorded) again.a.write(chunk);
		const r2 = await secureServer(again.b, { ...serverOptions(), replayCache: cache });
		expect(isTlsError(r2) && r2.message).toBe('handshake replay detected');
		expect(await readAll(again.a)).toMatchObject({ end: { type: 'eof' } });
	});

	async function established() {
		const pair = socketPair();
		const { c, s } = await connect({}, {}, pair);
		return { c: ok(c), s: ok(s), pair };
	}

	it('a tampered record fails authentication and resets the connection', async () => {
		const { c, s, pair } = await established();
		pair.tap = (_dir, bytes) => {
			const flipped = bytes.slice();
			flipped[flipped.length - 3]! ^= 0x01;
			return flipped;
		};
		c.write(text(REQUEST_LINE));
		expect(await s.read()).toEqual({ type: 'reset', reason: 'bad record MAC' });
		expect(await s.read()).toEqual({ type: 'reset', reason: 'bad record MAC' });
		expect(await c.read()).toEqual({ type: 'reset', reason: 'reset' });
	});

	it('a replayed record fails (sequence numbers are in the nonce)', async () => {
		const { c, s, pair } = await established();
		c.write(text('first'));
		expect(await s.read()).toMatchObject({ type: 'data' });
		await Promise.resolve();
		const last = pair.captured['a→b'].at(-1)!;
		pair.a.write(last);
		expect(await s.read()).toEqual({ type: 'reset', reason: 'bad record MAC' });
	});

	it('a plaintext close_notify after the handshake is truncation, not a clean end (issue 18)', async () => {
		const { c, s, pair } = await established();
		c.write(text('first'));
		expect(await s.read()).toMatchObject({ type: 'data' });
		pair.a.write(encodeRecord(ContentType.Alert, Uint8Array.of(1, 0)));
		const reason = 'unexpected message: plaintext close_notify after handshake';
		expect(await s.read()).toEqual({ type: 'reset', reason });
	});

	it('reordered records fail', async () => {
		const { c, s, pair } = await established();
		const held: Uint8Array[] = [];
		pair.tap = (_dir, bytes) => {
			held.push(bytes);
			return undefined;
		};
		c.write(text('one'));
		c.write(text('two'));
		await waitFor(() => held.length === 2);
		pair.tap = undefined;
		pair.a.write(held[1]!);
		pair.a.write(held[0]!);
		expect(await s.read()).toEqual({ type: 'reset', reason: 'bad record MAC' });
	});
});

describe('protocol errors', () => {
	it('a server answering with a ClientHello is an unexpected message', async () => {
		const pair = socketPair();
		const client = secureClient(pair.a, clientOptions());
		// The "server" echoes the client's own hello back.
		const first = await pair.b.read();
		if (first.type !== 'data') throw new Error('no hello');
		pair.b.write(first.bytes);
		const r = await client;
		expect(isTlsError(r) && r.message).toBe(
			'unexpected message: expected ServerHello, got ClientHello'
		);
		expect(await readAll(pair.b)).toMatchObject({ end: { type: 'eof' } });
	});

	it('plaintext HTTP to a TLS server is a decode error, not a crash', async () => {
		const pair = socketPair();
		pair.a.write(text(`${REQUEST_LINE}\r\n\r\n`));
		const r = await secureServer(pair.b, serverOptions());
		expect(isTlsError(r) && r.code).toBe('DecodeError');
	});

	it('a peer that closes mid-handshake', async () => {
		const pair = socketPair();
		pair.a.end();
		const r = await secureServer(pair.b, serverOptions());
		expect(isTlsError(r) && r.message).toBe('connection closed during handshake');
	});

	it('times out a silent peer on the sim clock', async () => {
		const timers: { delay: number; fn: () => void }[] = [];
		const clock = {
			now: () => ms(0),
			after: (delay: number, fn: () => void) => {
				timers.push({ delay, fn });
				return () => undefined;
			}
		};
		const pair = socketPair();
		const pending = secureClient(pair.a, clientOptions({ clock, handshakeTimeout: ms(5000) }));
		expect(await pair.b.read()).toMatchObject({ type: 'data' }); // the ClientHello, then silence
		expect(timers.map((t) => t.delay)).toEqual([5000]);
		timers[0]!.fn();
		const r = await pending;
		expect(isTlsError(r) && r.message).toBe('TLS handshake timed out');
		expect(await pair.b.read()).toEqual({ type: 'reset', reason: 'reset' });
	});
});

async function waitFor(cond: () => boolean): Promise<void> {
	for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
	if (!cond()) throw new Error('condition not met');
}

export type { Socket };
