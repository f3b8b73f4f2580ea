/**
 * `openssl req` / `x509 -req` as Istio's Secure Gateways task runs them (istio.io
 * content/en/docs/tasks/traffic-management/ingress/secure-ingress/index.md), checked against
 * what OpenSSL 3.0 writes: apps/req.c (progress then `-----`, PKCS#8 key, v3 CA certificate or
 * PKCS#10 request), apps/x509.c (`Certificate request self-signature ok`, `subject=` in the
 * oneline format, CA key check), apps/lib/opt.c and apps/openssl.c (error wording).
 */
import { describe, expect, it } from 'vitest';
import { SIM_EPOCH_MS } from '../../src/mesh/epoch.ts';
import { x509 } from '../../src/mesh/tls/x509.ts';
import { opensslCommand } from '../../src/shell/openssl/index.ts';
import { exec, newSession } from './harness.ts';

const ROOT =
	"openssl req -x509 -sha256 -nodes -days 365 -newkey rsa:2048 -subj '/O=example Inc./CN=example.com' -keyout certs/example.com.key -out certs/example.com.crt";
const CSR =
	'openssl req -out certs/httpbin.example.com.csr -newkey rsa:2048 -nodes -keyout certs/httpbin.example.com.key -subj "/CN=httpbin.example.com/O=httpbin organization"';
const SIGN = (serial: number, out = 'certs/httpbin.example.com.crt') =>
	`openssl x509 -req -sha256 -days 365 -CA certs/example.com.crt -CAkey certs/example.com.key -set_serial ${serial} -in certs/httpbin.example.com.csr -out ${out}`;

async function pageCerts() {
	const session = newSession({ files: {}, commands: [opensslCommand] });
	await exec(session, 'mkdir certs');
	const root = await exec(session, ROOT);
	const csr = await exec(session, CSR);
	const sign = await exec(session, SIGN(0));
	return { session, root, csr, sign };
}

const read = async (session: ReturnType<typeof newSession>, path: string) =>
	(await exec(session, `cat ${path}`)).stdout;

describe('openssl, the Secure Gateways subset', () => {
	it('makes a CA, a request and a leaf the CA signed, as real PEM', async () => {
		const { session, root, csr, sign } = await pageCerts();
		// req: genpkey_cb's two lines of progress, then `-----`; nothing on stdout.
		expect(root.code).toBe(0);
		expect(root.stdout).toBe('');
		expect(root.stderr).toMatch(/^[.+*]+\n[.+*]+\n-----\n$/);
		expect(csr.stderr).toMatch(/^[.+*]+\n[.+*]+\n-----\n$/);
		expect(sign).toMatchObject({
			code: 0,
			stdout: '',
			stderr:
				'Certificate request self-signature ok\nsubject=CN = httpbin.example.com, O = httpbin organization\n'
		});

		const key = await read(session, 'certs/example.com.key');
		expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
		const ca = new x509.X509Certificate(await read(session, 'certs/example.com.crt'));
		expect(ca.subject).toBe('O=example Inc., CN=example.com');
		expect(ca.issuer).toBe(ca.subject);
		expect(ca.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
		expect(ca.notAfter.getTime() - ca.notBefore.getTime()).toBe(365 * 86_400_000);
		expect(ca.notBefore.getTime()).toBe(SIM_EPOCH_MS); // the stub cluster's sim time 0
		expect(ca.serialNumber.length).toBe(40); // rand_serial: 159 bits
		expect(await ca.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
		const rsa = (await ca.publicKey.export()).algorithm as RsaHashedKeyAlgorithm;
		expect(rsa.modulusLength).toBe(2048);

		const request = new x509.Pkcs10CertificateRequest(
			await read(session, 'certs/httpbin.example.com.csr')
		);
		expect(request.subject).toBe('CN=httpbin.example.com, O=httpbin organization');
		expect(await request.verify()).toBe(true);

		const leaf = new x509.X509Certificate(await read(session, 'certs/httpbin.example.com.crt'));
		expect(leaf.serialNumber).toBe('00');
		expect(leaf.subject).toBe(request.subject);
		expect(leaf.issuer).toBe(ca.subject);
		expect(await leaf.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
		expect(await leaf.publicKey.getThumbprint()).toEqual(await request.publicKey.getThumbprint());

		const second = await exec(session, SIGN(1, 'certs/second.crt'));
		expect(second.code).toBe(0);
		expect(new x509.X509Certificate(await read(session, 'certs/second.crt')).serialNumber).toBe(
			'01'
		);
	});

	it('fails as openssl does on bad input, and writes nothing', async () => {
		const { session } = await pageCerts();
		const before = (await exec(session, 'ls certs')).stdout;
		const cases: [string, string][] = [
			['openssl foo', `Invalid command 'foo'; type "help" for a list.\n`],
			['openssl req -foo', 'req: Unknown option: -foo\nreq: Use -help for summary.\n'],
			['openssl req -x509 -subj', 'req: Option -subj needs a value\nreq: Use -help for summary.\n'],
			[
				"openssl req -x509 -nodes -subj 'CN=x' -keyout certs/x.key -out certs/x.crt",
				"req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=x'\n"
			],
			[
				'openssl x509 -req -in certs/nope.csr -CA certs/example.com.crt -CAkey certs/example.com.key -out certs/x.crt',
				'Can\'t open "certs/nope.csr" for reading, No such file or directory\nUnable to load certificate request input\n'
			],
			[
				'openssl x509 -req -in certs/httpbin.example.com.csr -CA certs/example.com.crt -CAkey certs/httpbin.example.com.key -out certs/x.crt',
				'Certificate request self-signature ok\nsubject=CN = httpbin.example.com, O = httpbin organization\nCA certificate and CA private key do not match\n'
			],
			[
				'openssl x509 -req -in certs/example.com.crt -CA certs/example.com.crt -CAkey certs/example.com.key -out certs/x.crt',
				'Unable to load certificate request input\n'
			],
			[
				'openssl x509 -req -in certs/httpbin.example.com.csr -CA certs/example.com.crt -out nodir/x.crt -CAkey certs/example.com.key',
				'Certificate request self-signature ok\nsubject=CN = httpbin.example.com, O = httpbin organization\nCan\'t open "nodir/x.crt" for writing, No such file or directory\n'
			]
		];
		for (const [line, stderr] of cases) {
			const r = await exec(session, line);
			expect({ line, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
				line,
				code: 1,
				stderr,
				stdout: ''
			});
		}
		// Real options outside the subset are refused with a note, not ignored.
		for (const line of [
			'openssl req -x509 -nodes -text -subj /CN=x',
			'openssl req -x509 -subj /CN=x',
			'openssl req -x509 -nodes -newkey ec:prime256v1 -subj /CN=x',
			'openssl x509 -in certs/example.com.crt -noout -text',
			'openssl genrsa 2048'
		]) {
			const r = await exec(session, line);
			expect({ line, code: r.code }).toEqual({ line, code: 1 });
			expect(r.stderr).toMatch(/not simulated in this playground/);
		}
		expect((await exec(session, 'ls certs')).stdout).toBe(before);
	});
});
