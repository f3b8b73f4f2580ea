/**
 * curl's TLS (OpenSSL): the handshake for an https URL with SNI, verifying the server's chain
 * against the CA bundle (the image's, the simulated web PKI, or `--cacert`), then its name as
 * curl does after the handshake (`ossl_verifyhost`), presenting `--cert`/`--key` when the server
 * asks. Loaded only when a URL is https, so plain-HTTP pods never carry the TLS code. `-v` lines
 * and failures read as curl 8.17 prints them (lib/vtls/openssl.c): 60 for verification, 35 for
 * the rest of the handshake.
 */
import type { TlsFailure } from '../net/http/client.ts';
import type { Socket } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import { parsePemChain, type WorkloadCerts, type X509Certificate } from '../tls/certificate.ts';
import { importPrivateKeyPem } from '../tls/pem-key.ts';
import { webRoots } from '../tls/web-pki.ts';
import type { CurlOptions } from './curl-args.ts';
import type { CurlBuild } from './curl-report.ts';
import { type ClientHandshakeInfo, serverAuthClient } from '../tls/handshake.ts';
import { isTlsError, type TlsError } from '../tls/errors.ts';
import { hasRsaKey } from '../tls/signature.ts';
import { ms } from '../types.ts';
import { serverCertificateLines, tlsTrace, verifyHost } from './curl-tls-report.ts';

const HANDSHAKE_TIMEOUT = ms(10_000);

/** What this curl trusts and presents. */
export interface CurlTlsSetup {
	/** The TLS library as curl names it (`OpenSSL/3.6.0`). */
	readonly ssl: string;
	/** The CA file `-v` names under `SSL Trust Anchors:` (the bundle, or `--cacert`'s path). */
	readonly caFile: string;
	readonly roots: readonly X509Certificate[];
	/** `--cert`/`--key`, sent when the server requests a certificate. */
	readonly client?: WorkloadCerts;
}

const fail = (verify: boolean, message: string): TlsFailure => ({
	type: 'tls-failure',
	verify,
	message
});

/** The -v lines up to where OpenSSL stopped, and curl's error, for a handshake error. */
function failure(e: TlsError, host: string, port: number): { lines: string; error: TlsFailure } {
	const certificate = tlsTrace('IN', 'Certificate (11)');
	const verifyFailed = (alert: string, text: string) => ({
		lines: `${certificate}* TLSv1.3 (OUT), TLS alert, ${alert}:\n`,
		error: fail(true, `SSL certificate problem: ${text}`)
	});
	switch (e.code) {
		case 'UnknownIssuer':
		case 'BadSignature':
			return verifyFailed('unknown CA (560)', 'unable to get local issuer certificate');
		case 'Expired':
			return verifyFailed('certificate expired (557)', 'certificate has expired');
		case 'NotValidYet':
			return verifyFailed('bad certificate (554)', 'certificate is not yet valid');
		case 'ConnectionClosed':
		case 'ConnectionReset': {
			// The server hung up on the hello (no filter chain for the SNI): SSL_ERROR_SYSCALL.
			const message = `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${host}:${port} `;
			return { lines: '', error: fail(false, message) };
		}
		default:
			return {
				lines: '',
				error: fail(false, 'TLS connect error: error:0A00010B:SSL routines::wrong version number')
			};
	}
}

/** The lines of a handshake that completed, through the server's certificate. */
function doneLines(info: ClientHandshakeInfo): string {
	const leaf = info.chain[0];
	let v = `${tlsTrace('IN', 'Server hello (2)')}* TLSv1.3 (IN), TLS change cipher, Change cipher spec (1):\n`;
	v += tlsTrace('IN', 'Encrypted Extensions (8)');
	if (info.certificateRequested) v += tlsTrace('IN', 'Request CERT (13)');
	v += tlsTrace('IN', 'Certificate (11)') + tlsTrace('IN', 'CERT verify (15)');
	v += tlsTrace('IN', 'Finished (20)');
	v += '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):\n';
	if (info.certificateRequested) v += tlsTrace('OUT', 'Certificate (11)');
	if (info.certificateSent) v += tlsTrace('OUT', 'CERT verify (15)');
	v += tlsTrace('OUT', 'Finished (20)');
	const sig = leaf && hasRsaKey(leaf) ? 'RSASSA-PSS' : 'id-ecPublicKey';
	v += `* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / ${sig}\n`;
	v += '* ALPN: server accepted http/1.1\n';
	return v + serverCertificateLines(info.chain);
}

/**
 * The bundle and client certificate from curl's options (files from the host's file system:
 * a pod's volumes, the learner's files on the docker host), with curl's errors for bad ones.
 */
export async function tlsSetup(
	ctx: HostContext,
	o: CurlOptions,
	build: CurlBuild
): Promise<CurlTlsSetup | TlsFailure> {
	let roots: readonly X509Certificate[] = webRoots();
	if (o.cacert !== undefined) {
		const text = ctx.readFile(o.cacert);
		const parsed = text === undefined ? undefined : parsePemChain(text);
		if (parsed === undefined || isTlsError(parsed))
			return { ...fail(false, `error setting certificate file: ${o.cacert}`), code: 77 };
		roots = parsed;
	}
	const base = { ssl: build.ssl, caFile: o.cacert ?? build.caBundle, roots };
	if (o.cert === undefined) return base;
	const certText = ctx.readFile(o.cert);
	const chain = certText === undefined ? undefined : parsePemChain(certText);
	if (chain === undefined || isTlsError(chain))
		return {
			...fail(
				false,
				`could not load PEM client certificate from ${o.cert}, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)`
			),
			code: 58
		};
	const keyPath = o.key ?? o.cert;
	const keyText = ctx.readFile(keyPath);
	const key = keyText === undefined ? undefined : await importPrivateKeyPem(ctx.crypto, keyText);
	if (!key)
		return { ...fail(false, `unable to set private key file: '${keyPath}' type PEM`), code: 58 };
	return { ...base, client: { certChain: chain, privateKey: key } };
}

export async function curlTls(
	ctx: HostContext,
	socket: Socket,
	host: string,
	port: number,
	o: CurlOptions,
	build: CurlBuild,
	note: (lines: string) => void
): Promise<Socket | TlsFailure> {
	const setup = await tlsSetup(ctx, o, build);
	if ('type' in setup) {
		socket.reset();
		return setup;
	}
	note(
		`* ALPN: curl offers h2,http/1.1\n${tlsTrace('OUT', 'Client hello (1)')}* SSL Trust Anchors:\n*   CAfile: ${setup.caFile}\n`
	);
	let info: ClientHandshakeInfo | undefined;
	const channel = await serverAuthClient(socket, {
		trustRoot: setup.roots,
		serverName: host,
		sni: true,
		// curl checks the name once the handshake is done (below), as ossl_verifyhost does.
		checkName: () => undefined,
		...(setup.client ? { clientIdentity: setup.client } : {}),
		onHandshake: (i) => (info = i),
		clock: ctx.clock,
		crypto: ctx.crypto,
		handshakeTimeout: HANDSHAKE_TIMEOUT
	});
	if (isTlsError(channel)) {
		const f = failure(channel, host, port);
		if (f.lines) {
			const reached = ['UnknownIssuer', 'BadSignature', 'Expired', 'NotValidYet'].includes(
				channel.code
			);
			note(
				(reached
					? `${tlsTrace('IN', 'Server hello (2)')}* TLSv1.3 (IN), TLS change cipher, Change cipher spec (1):\n${tlsTrace('IN', 'Encrypted Extensions (8)')}`
					: '') + f.lines
			);
		}
		return f.error;
	}
	if (!info || !info.chain[0]) return fail(false, 'TLS connect error: no peer certificate');
	note(doneLines(info));
	const name = verifyHost(info.chain[0], host);
	if (!name.ok) {
		channel.reset();
		return fail(true, name.error);
	}
	note(`${name.line}* SSL certificate verified via OpenSSL.\n`);
	return channel;
}
