/**
 * TLS as a gateway serves it to curl (Istio's "Secure Gateways" task): RSA certificates made by
 * openssl, the server's pick by SNI, and MUTUAL's CertificateRequest. RFC 8446: an RSA key signs
 * CertificateVerify with RSASSA-PSS (§4.2.3, rsa_pss_rsae_sha256); a server that requires a
 * client certificate and gets an empty Certificate answers `certificate_required` (§4.4.2.4,
 * alert 116, as BoringSSL in Envoy sends it); a client chain it cannot verify, `unknown_ca`.
 */
import { describe, expect, it } from 'vitest';
import { generateRsa } from '../../../src/shell/openssl/keys.ts';
import { csr, issue, selfSigned } from '../../../src/shell/openssl/certs.ts';
import type { WorkloadCerts, X509Certificate } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError, type TlsError } from '../../../src/mesh/tls/errors.ts';
import {
	type ClientHandshakeInfo,
	type ServerIdentity,
	serverAuthClient,
	serverAuthServer
} from '../../../src/mesh/tls/handshake.ts';
import type { TlsChannel } from '../../../src/mesh/tls/stream.ts';
import { readAll, socketPair } from '../../support/socket-pair.ts';
import { TestClock } from './pki.ts';

const crypto = globalThis.crypto;
const clock = new TestClock();

async function ca(cn: string) {
	const keys = await generateRsa(crypto, 2048);
	const cert = await selfSigned(crypto, keys, [{ O: ['example Inc.'] }, { CN: [cn] }], 0, 365);
	return { keys, cert };
}
async function leaf(
	issuer: { keys: CryptoKeyPair; cert: X509Certificate },
	cn: string
): Promise<WorkloadCerts> {
	const keys = await generateRsa(crypto, 2048);
	const request = await csr(crypto, keys, [{ CN: [cn] }, { O: ['some organization'] }]);
	const cert = await issue(crypto, {
		request,
		ca: issuer.cert,
		caKey: issuer.keys.privateKey,
		serial: '01',
		nowMs: 0,
		days: 365
	});
	return { certChain: [cert], privateKey: keys.privateKey };
}

const exampleCa = await ca('example.com');
const otherCa = await ca('example.com');
const httpbin = await leaf(exampleCa, 'httpbin.example.com');
const client = await leaf(exampleCa, 'client.example.com');
const stranger = await leaf(otherCa, 'client.example.com');

interface Dial {
	readonly roots?: readonly X509Certificate[];
	readonly clientIdentity?: WorkloadCerts;
	readonly serve?: (sni: string | undefined) => ServerIdentity | undefined;
}

async function dial(o: Dial = {}) {
	const pair = socketPair();
	let info: ClientHandshakeInfo | undefined;
	const seen: (string | undefined)[] = [];
	const [c, s] = await Promise.all([
		serverAuthClient(pair.a, {
			crypto,
			clock,
			trustRoot: o.roots ?? [exampleCa.cert],
			serverName: 'httpbin.example.com',
			sni: true,
			// The names are curl's business (CN fallback); here every name passes.
			checkName: () => undefined,
			...(o.clientIdentity ? { clientIdentity: o.clientIdentity } : {}),
			onHandshake: (i) => (info = i)
		}),
		serverAuthServer(pair.b, {
			crypto,
			clock,
			identity: httpbin,
			identityFor: (sni) => {
				seen.push(sni);
				return o.serve ? o.serve(sni) : { identity: httpbin };
			}
		})
	]);
	return { c, s, info: () => info, seen };
}

function ok(x: TlsChannel | TlsError): TlsChannel {
	if (isTlsError(x)) throw new Error(`unexpected TLS error: ${x.message}`);
	return x;
}
const text = (s: string) => new TextEncoder().encode(s);
const mutual = (): ServerIdentity => ({ identity: httpbin, clientRoots: [exampleCa.cert] });

describe('TLS with RSA certificates, SNI and client certificates', () => {
	it('serves an RSA certificate: the client verifies the chain and PSS CertificateVerify', async () => {
		const { c, s, info, seen } = await dial();
		const channel = ok(c);
		ok(s);
		expect(seen).toEqual(['httpbin.example.com']);
		expect(channel.peerCertificate?.subject).toBe('CN=httpbin.example.com, O=some organization');
		expect(info()).toMatchObject({ certificateRequested: false, certificateSent: false });
		channel.write(text('GET / HTTP/1.1\r\n\r\n'));
		channel.end();
		expect((await readAll(ok(s))).text).toBe('GET / HTTP/1.1\r\n\r\n');
	});

	it('a chain from another CA fails on the client as an unknown issuer', async () => {
		const { c } = await dial({ roots: [otherCa.cert] });
		expect(isTlsError(c) && c.code).toBe('UnknownIssuer');
	});

	it('no certificate for the SNI: the server closes before its hello', async () => {
		const { c, s } = await dial({ serve: () => undefined });
		expect(isTlsError(c)).toBe(true);
		expect(isTlsError(s) && s.code).toBe('ConnectionClosed');
	});

	it('MUTUAL without a client certificate: handshake done on the client, then certificate_required', async () => {
		const { c, s, info } = await dial({ serve: mutual });
		const channel = ok(c);
		expect(info()).toMatchObject({ certificateRequested: true, certificateSent: false });
		expect(isTlsError(s) && s.code).toBe('CertificateRequired');
		channel.write(text('GET / HTTP/1.1\r\n\r\n'));
		expect(await channel.read()).toEqual({
			type: 'reset',
			reason: 'received fatal alert: CertificateRequired'
		});
	});

	it('MUTUAL with a client certificate from ca.crt: both ends authenticated', async () => {
		const { c, s, info } = await dial({ serve: mutual, clientIdentity: client });
		ok(c);
		expect(info()).toMatchObject({ certificateRequested: true, certificateSent: true });
		expect(ok(s).peerCertificate?.subject).toBe('CN=client.example.com, O=some organization');
	});

	it('MUTUAL with a client certificate from another CA: unknown_ca', async () => {
		const { c, s } = await dial({ serve: mutual, clientIdentity: stranger });
		const channel = ok(c);
		expect(isTlsError(s) && s.code).toBe('UnknownIssuer');
		expect(await channel.read()).toEqual({
			type: 'reset',
			reason: 'received fatal alert: UnknownCA'
		});
	});

	it('a client certificate is not sent unless the server asks', async () => {
		const { c, s, info } = await dial({ clientIdentity: client });
		ok(c);
		expect(ok(s).peerCertificate).toBeUndefined();
		expect(info()?.certificateSent).toBe(false);
	});
});
