/**
 * `openssl x509 -req` (OpenSSL 3.0 apps/x509.c): signs a PKCS#10 request (`-in`) with a CA
 * certificate and key (`-CA`, `-CAkey`), `-set_serial`, `-days`, `-sha256`, to `-out`. It checks
 * the request's self-signature and that the CA key is the CA certificate's, and prints 3.0's
 * `Certificate request self-signature ok` and `subject=` lines to stderr.
 */
import { x509 } from '../../mesh/tls/x509.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { issue, parseSerial, pem, randomSerial } from './certs.ts';
import { cannotWrite, readInput } from './files.ts';
import { keyMatches, readPrivateKey } from './keys.ts';
import { fail, parseDays, parseSubcommand, type SubcommandSpec } from './subcommand.ts';
import { oneline } from './subject.ts';

const SUPPORTED_VALUE = ['in', 'out', 'CA', 'CAkey', 'set_serial', 'days'];
const SUPPORTED_FLAG = ['req', 'sha256'];
const REFUSED_VALUE = [
	'inform',
	'outform',
	'keyform',
	'CAform',
	'CAkeyform',
	'signkey',
	'key',
	'CAserial',
	'extfile',
	'extensions',
	'copy_extensions',
	'passin',
	'sigopt',
	'vfyopt',
	'nameopt',
	'certopt',
	'addtrust',
	'addreject',
	'setalias',
	'checkend',
	'checkhost',
	'checkemail',
	'checkip',
	'set_issuer',
	'set_subject',
	'subj',
	'force_pubkey',
	'ext',
	'rand',
	'writerand',
	'engine',
	'not_before',
	'not_after',
	'new'
];
const REFUSED_FLAG = [
	'CAcreateserial',
	'text',
	'noout',
	'subject',
	'issuer',
	'serial',
	'dates',
	'startdate',
	'enddate',
	'fingerprint',
	'hash',
	'subject_hash',
	'issuer_hash',
	'pubkey',
	'modulus',
	'email',
	'ocspid',
	'ocsp_uri',
	'purpose',
	'x509toreq',
	'trustout',
	'clrtrust',
	'clrreject',
	'alias',
	'nocert',
	'preserve_dates',
	'clrext',
	'badsig',
	'sha1',
	'sha384',
	'sha512',
	'md5',
	'help'
];
const SPEC: SubcommandSpec = {
	prog: 'x509',
	supportedValue: SUPPORTED_VALUE,
	supportedFlag: SUPPORTED_FLAG,
	refusedValue: REFUSED_VALUE,
	refusedFlag: REFUSED_FLAG
};

function loadRequest(text: string): x509.Pkcs10CertificateRequest | undefined {
	try {
		return new x509.Pkcs10CertificateRequest(text);
	} catch {
		return undefined;
	}
}

function loadCertificate(text: string): x509.X509Certificate | undefined {
	try {
		return new x509.X509Certificate(text);
	} catch {
		return undefined;
	}
}

export async function runX509(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext,
	crypto: Crypto
): Promise<number> {
	const p = parseSubcommand(SPEC, argv);
	if ('error' in p) return fail(io, p.error);
	if (!p.flags.has('req'))
		return fail(
			io,
			'x509: reading a certificate (without -req) is not simulated in this playground\n'
		);
	const days = parseDays('x509', p.values.get('days'));
	if (typeof days !== 'number') return fail(io, days.error);
	const serialText = p.values.get('set_serial');
	const serial = serialText === undefined ? randomSerial(crypto) : parseSerial(serialText);
	if (serial === undefined) return fail(io, 'x509: Use -help for summary.\n');
	const caFile = p.values.get('CA');
	if (caFile === undefined)
		return fail(io, 'We need a private key to sign with, use -signkey or -CA with -CAkey\n');
	const inFile = p.values.get('in');
	const input = inFile === undefined ? io.stdin : readInput(ctx.vfs, inFile);
	if (typeof input !== 'string')
		return fail(io, `${input.error}Unable to load certificate request input\n`);
	const request = loadRequest(input);
	if (!request) return fail(io, 'Unable to load certificate request input\n');
	if (!(await request.verify(crypto)))
		return fail(io, 'Certificate request self-signature did not match the contents\n');
	io.stderr(
		`Certificate request self-signature ok\nsubject=${oneline(request.subjectName.toJSON())}\n`
	);

	const caText = readInput(ctx.vfs, caFile);
	if (typeof caText !== 'string')
		return fail(io, `Could not open file or uri for loading CA Certificate from ${caFile}\n`);
	const ca = loadCertificate(caText);
	if (!ca)
		return fail(
			io,
			`Could not read CA Certificate from ${caFile}\nUnable to load CA Certificate\n`
		);
	const keyFile = p.values.get('CAkey') ?? caFile;
	const keyText = readInput(ctx.vfs, keyFile);
	if (typeof keyText !== 'string')
		return fail(io, `Could not open file or uri for loading CA private key from ${keyFile}\n`);
	const caKey = await readPrivateKey(crypto, keyText);
	if (!caKey)
		return fail(
			io,
			`Could not read CA private key from ${keyFile}\nUnable to load CA private key\n`
		);
	const caPublic = await ca.publicKey.export(crypto).catch(() => undefined);
	if (!caPublic || !(await keyMatches(crypto, caPublic, caKey)))
		return fail(io, 'CA certificate and CA private key do not match\n');

	const out = p.values.get('out');
	const outError = out === undefined ? undefined : cannotWrite(ctx.vfs, out);
	if (outError) return fail(io, outError);
	const cert = await issue(crypto, {
		request,
		ca,
		caKey,
		serial,
		nowMs: ctx.cluster.now(),
		days
	});
	if (out === undefined) io.stdout(pem(cert));
	else ctx.vfs.write(out, pem(cert));
	return 0;
}
