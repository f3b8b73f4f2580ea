/**
 * `openssl`, OpenSSL 3.0's command line (apps/openssl.c), the subset Istio's Secure Gateways task
 * runs to make its certificates: `req` (req.ts), `x509 -req` (x509-req.ts) and `version`. The
 * keys are real RSA keys (WebCrypto) and the files real PEM, written to the shell's file system.
 * Other real subcommands are refused with a note; an unknown one fails as openssl does.
 */
import type { Command, CommandContext, CommandIO } from '../command.ts';
import { runReq } from './req.ts';
import { runX509 } from './x509-req.ts';

/** Debian 12's package (bookworm-security). */
export const OPENSSL_VERSION = 'OpenSSL 3.0.17 1 Jul 2025 (Library: OpenSSL 3.0.17 1 Jul 2025)';

/** OpenSSL 3.0's standard commands (`openssl help`), for the "not simulated" note. */
const REAL = new Set(
	'asn1parse ca ciphers cmp cms crl crl2pkcs7 dgst dhparam dsa dsaparam ec ecparam enc engine errstr fipsinstall gendsa genpkey genrsa help info kdf list mac nseq ocsp passwd pkcs12 pkcs7 pkcs8 pkey pkeyparam pkeyutl prime rand rehash rsa rsautl s_client s_server s_time sess_id smime speed spkac srp storeutl ts verify x509 req version'.split(
		' '
	)
);

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const [sub, ...rest] = argv;
	const crypto = globalThis.crypto;
	if (sub === undefined) {
		io.stderr('the interactive OpenSSL> prompt is not simulated in this playground\n');
		return 1;
	}
	if (sub === 'req') return runReq(rest, io, ctx, crypto);
	if (sub === 'x509') return runX509(rest, io, ctx, crypto);
	if (sub === 'version') {
		io.stdout(`${OPENSSL_VERSION}\n`);
		return 0;
	}
	if (REAL.has(sub)) {
		io.stderr(
			`openssl ${sub} is not simulated in this playground (only req, x509 -req, version)\n`
		);
		return 1;
	}
	io.stderr(`Invalid command '${sub}'; type "help" for a list.\n`);
	return 1;
}

export const opensslCommand: Command = {
	name: 'openssl',
	summary: 'OpenSSL command line tool (req, x509 -req, version)',
	run
};
