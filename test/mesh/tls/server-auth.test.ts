/**
 * Server-only authentication, as a proxy dials istiod on 15012 before it has a certificate:
 * the client presents none and checks the server's chain against its root and the name it
 * dialled against the server certificate's DNS SANs.
 */
import { describe, expect, it } from 'vitest';
import { type IstioCa, isCaError } from '../../../src/mesh/istiod/ca.ts';
import { type WorkloadCerts, dnsSans } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError, type TlsError } from '../../../src/mesh/tls/errors.ts';
import {
	secureServer,
	serverAuthClient,
	serverAuthServer
} from '../../../src/mesh/tls/handshake.ts';
import type { TlsChannel } from '../../../src/mesh/tls/stream.ts';
import { ms } from '../../../src/mesh/types.ts';
import { readAll, socketPair } from '../../support/socket-pair.ts';
import { createPki } from './pki.ts';

const pki = await createPki(7);
const ISTIOD_NAMES = [
	'istio-pilot.istio-system.svc',
	'istiod-remote.istio-system.svc',
	'istiod.istio-system.svc'
];
const DAY = 24 * 3_600_000;

async function serving(ca: IstioCa, ttl = DAY): Promise<WorkloadCerts> {
	const certs = await ca.genKeyCert(ISTIOD_NAMES, ms(ttl));
	if (isCaError(certs)) throw new Error(certs.message);
	return certs;
}

const istiodCert = await serving(pki.ca);
const foreignIstiodCert = await serving(pki.otherCa);
const text = (s: string) => new TextEncoder().encode(s);

function ok(x: TlsChannel | TlsError): TlsChannel {
	if (isTlsError(x)) throw new Error(`unexpected TLS error: ${x.message}`);
	return x;
}

async function dial(opts: { serverName?: string; identity?: WorkloadCerts } = {}) {
	const pair = socketPair();
	const [c, s] = await Promise.all([
		serverAuthClient(pair.a, {
			crypto: globalThis.crypto,
			trustRoot: pki.ca.root,
			serverName: opts.serverName ?? 'istiod.istio-system.svc',
			clock: pki.clock
		}),
		serverAuthServer(pair.b, {
			crypto: globalThis.crypto,
			identity: opts.identity ?? istiodCert,
			clock: pki.clock
		})
	]);
	return { c, s, pair };
}

describe('server-only TLS (istiod 15012)', () => {
	it('authenticates the server by root and DNS name; the client shows no certificate', async () => {
		const { c, s, pair } = await dial();
		const client = ok(c);
		const server = ok(s);
		expect(dnsSans(client.peerCertificate!)).toEqual(ISTIOD_NAMES);
		expect(server.peerCertificate).toBeUndefined();
		expect(client.protocolVersion).toBe('TLSv1.3');
		client.write(text('{"type":"csr"}'));
		client.end();
		expect(await readAll(server)).toEqual({ text: '{"type":"csr"}', end: { type: 'eof' } });
		// The client's flight after ServerHello is one sealed Finished: no Certificate in it.
		const clientWire = new TextDecoder('latin1').decode(pair.wire('a→b'));
		expect(clientWire).not.toContain('istiod');
		expect(clientWire).not.toContain('"type"');
	});

	it('accepts any of the certificate names, case-insensitively', async () => {
		const { c } = await dial({ serverName: 'ISTIOD-REMOTE.istio-system.svc' });
		expect(isTlsError(c)).toBe(false);
	});

	it('refuses a server whose certificate does not name the host dialled', async () => {
		const { c, s } = await dial({ serverName: 'istiod.other-system.svc' });
		expect(c).toEqual({
			type: 'tls-error',
			code: 'NameMismatch',
			message:
				'certificate is valid for istio-pilot.istio-system.svc, istiod-remote.istio-system.svc, istiod.istio-system.svc, not istiod.other-system.svc'
		});
		expect(isTlsError(s) && s.message).toBe('received fatal alert: BadCertificate');
	});

	it('refuses a server certificate from a CA the client does not trust', async () => {
		const { c, s } = await dial({ identity: foreignIstiodCert });
		expect(isTlsError(c) && c.code).toBe('UnknownIssuer');
		expect(isTlsError(c) && c.message).toBe('certificate signed by unknown authority');
		expect(isTlsError(s) && s.message).toBe('received fatal alert: UnknownCA');
	});

	it('refuses an expired serving certificate', async () => {
		const shortLived = await serving(pki.ca, 60_000);
		const before = pki.clock.t;
		pki.clock.t = before + 10 * 60_000;
		try {
			const { c, s } = await dial({ identity: shortLived });
			expect(isTlsError(c) && c.message).toBe('certificate has expired');
			expect(isTlsError(s) && s.message).toBe('received fatal alert: CertificateExpired');
		} finally {
			pki.clock.t = before;
		}
	});

	it('refuses a workload certificate as a server certificate: it names no host', async () => {
		const pair = socketPair();
		const [c, s] = await Promise.all([
			serverAuthClient(pair.a, {
				crypto: globalThis.crypto,
				trustRoot: pki.ca.root,
				serverName: 'istiod.istio-system.svc',
				clock: pki.clock
			}),
			secureServer(pair.b, {
				crypto: globalThis.crypto,
				identity: pki.productpage,
				trustRoot: pki.ca.root,
				clock: pki.clock
			})
		]);
		expect(c).toMatchObject({
			code: 'NameMismatch',
			message: 'certificate is not valid for any names, but wanted to match istiod.istio-system.svc'
		});
		expect(isTlsError(s) && s.message).toBe('received fatal alert: BadCertificate');
	});
});
