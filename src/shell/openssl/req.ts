/**
 * `openssl req` (OpenSSL 3.0 apps/req.c), the part Istio's Secure Gateways task runs: a new RSA
 * key (`-newkey rsa:N`, `-nodes`) written to `-keyout`, then a self-signed certificate (`-x509`,
 * `-days`, `-sha256`) or a PKCS#10 request written to `-out`, subject from `-subj`. stderr has
 * what 3.0 prints: the key generation's progress characters and `-----`.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { csr, pem, selfSigned } from './certs.ts';
import { cannotWrite } from './files.ts';
import { generateRsa, privateKeyPem } from './keys.ts';
import { keygenProgress } from './progress.ts';
import { fail, parseDays, parseSubcommand, type SubcommandSpec } from './subcommand.ts';
import { parseSubject } from './subject.ts';

const SUPPORTED_VALUE = ['newkey', 'keyout', 'out', 'subj', 'days'];
const SUPPORTED_FLAG = ['x509', 'new', 'nodes', 'noenc', 'sha256', 'batch'];
const REFUSED_VALUE = [
	'in',
	'inform',
	'outform',
	'key',
	'keyform',
	'passin',
	'passout',
	'config',
	'section',
	'pkeyopt',
	'sigopt',
	'vfyopt',
	'addext',
	'extensions',
	'reqexts',
	'set_serial',
	'CA',
	'CAkey',
	'copy_extensions',
	'nameopt',
	'reqopt',
	'newhdr',
	'rand',
	'writerand',
	'engine',
	'keygen_engine',
	'not_before',
	'not_after'
];
const REFUSED_FLAG = [
	'text',
	'noout',
	'verify',
	'pubkey',
	'modulus',
	'subject',
	'multivalue-rdn',
	'utf8',
	'verbose',
	'quiet',
	'precert',
	'x509v1',
	'sha1',
	'sha384',
	'sha512',
	'md5',
	'help'
];
const SPEC: SubcommandSpec = {
	prog: 'req',
	supportedValue: SUPPORTED_VALUE,
	supportedFlag: SUPPORTED_FLAG,
	refusedValue: REFUSED_VALUE,
	refusedFlag: REFUSED_FLAG
};
const MIN_KEY_LENGTH = 512;
const MAX_SIMULATED_BITS = 4096;

/** `-newkey rsa:N` → N; other algorithms are refused; an error line otherwise. */
function keyBits(newkey: string | undefined): number | string {
	if (newkey === undefined) return 2048; // openssl.cnf default_bits
	const m = /^rsa:(\d+)$/.exec(newkey);
	if (!m)
		return /^rsa(?::|$)/.test(newkey)
			? `req: Invalid RSA key size "${newkey.slice(4)}"\n`
			: `req: -newkey ${newkey} is not simulated in this playground (only rsa:BITS)\n`;
	const bits = Number(m[1]);
	if (bits < MIN_KEY_LENGTH)
		return `Private key length too short, needs to be at least ${MIN_KEY_LENGTH} bits, not ${bits}.\n`;
	if (bits > MAX_SIMULATED_BITS)
		return `req: keys over ${MAX_SIMULATED_BITS} bits are not simulated in this playground\n`;
	return bits;
}

export async function runReq(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext,
	crypto: Crypto
): Promise<number> {
	const p = parseSubcommand(SPEC, argv);
	if ('error' in p) return fail(io, p.error);
	const gen509 = p.flags.has('x509');
	if (!gen509 && !p.flags.has('new') && !p.values.has('newkey'))
		return fail(io, 'req: reading a request (-in or stdin) is not simulated in this playground\n');
	const days = parseDays('req', p.values.get('days'));
	if (typeof days !== 'number') return fail(io, days.error);
	if (!p.flags.has('nodes') && !p.flags.has('noenc'))
		return fail(
			io,
			'req: the PEM pass phrase prompt is not simulated in this playground: add -nodes\n'
		);
	const subjText = p.values.get('subj');
	if (subjText === undefined)
		return fail(
			io,
			'req: the Distinguished Name prompts are not simulated in this playground: add -subj\n'
		);
	const subject = parseSubject('req', 'subject', subjText);
	if ('error' in subject) return fail(io, subject.error);
	const bits = keyBits(p.values.get('newkey'));
	if (typeof bits === 'string') return fail(io, bits);
	if (p.values.has('days') && !gen509)
		io.stderr('Ignoring -days without -x509; not generating a certificate\n');

	const keyout = p.values.get('keyout') ?? 'privkey.pem';
	const keys = await generateRsa(crypto, bits);
	io.stderr(keygenProgress(ctx.vfs.resolve(keyout), ctx.cluster.now()));
	const keyError = cannotWrite(ctx.vfs, keyout);
	if (keyError) return fail(io, keyError);
	ctx.vfs.write(keyout, await privateKeyPem(crypto, keys.privateKey));
	io.stderr('-----\n');
	for (const w of subject.warnings) io.stderr(w);

	const out = p.values.get('out');
	const outError = out === undefined ? undefined : cannotWrite(ctx.vfs, out);
	if (outError) return fail(io, outError);
	const text = gen509
		? pem(await selfSigned(crypto, keys, subject.name, ctx.cluster.now(), days))
		: pem(await csr(crypto, keys, subject.name));
	if (out === undefined) io.stdout(text);
	else ctx.vfs.write(out, text);
	return 0;
}
