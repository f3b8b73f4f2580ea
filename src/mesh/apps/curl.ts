/**
 * The `curl` binary inside pods (curlimages/curl and most images). Real flags, real output
 * shapes, real error lines and exit codes (curl 8.17: src/tool_*.c, lib/strerror.c), so what a
 * learner types here works the same on a real cluster.
 */
import type { ExecIO, HostContext } from '../runtime/host.ts';
import { isCurlArgsError, parseCurlArgs, type CurlOptions } from './curl-args.ts';
import { writeTransfer } from './curl-output.ts';
import { CURL_VERSION, type CurlBuild } from './curl-report.ts';
import { performTransfer } from './curl-transfer.ts';

const HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** One URL: the transfer (tool_operate.c), then what curl prints about it. */
async function transfer(
	ctx: HostContext,
	o: CurlOptions,
	io: ExecIO,
	urlText: string,
	build: CurlBuild
): Promise<number> {
	const started = ctx.clock.now();
	const done = await performTransfer(ctx, o, io, urlText, build);
	return writeTransfer(ctx, o, io, urlText, started, done);
}

const HELP = `Usage: curl [options...] <url>
 -d, --data <data>           HTTP POST data
 -f, --fail                  Fail fast with no output on HTTP errors
 -h, --help <subject>        Get help for commands
 -i, --include               Include response headers in output
 -o, --output <file>         Write to file instead of stdout
 -O, --remote-name           Write output to file named as remote file
 -s, --silent                Silent mode
 -T, --upload-file <file>    Transfer local FILE to destination
 -u, --user <user:password>  Server user and password
 -A, --user-agent <name>     Send User-Agent <name> to server
 -v, --verbose               Make the operation more talkative
 -V, --version               Show version number and quit

This is not the full help; this menu is split into categories.
Use "--help category" to get an overview of all categories.
For all options use the manual or "--help all".
`;

const VERSION_TEXT = `curl ${CURL_VERSION} (x86_64-pc-linux-musl) libcurl/${CURL_VERSION} OpenSSL/3.5.4 zlib/1.3.1 brotli/1.1.0 zstd/1.5.7 c-ares/1.34.5 libidn2/2.3.8 libpsl/0.21.5 nghttp2/1.67.1
Release-Date: 2025-11-05
Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp smb smbs smtp smtps telnet tftp ws wss
Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd
`;

/** curlimages/curl: Alpine's musl build with OpenSSL 3.5 and Alpine's CA bundle. */
export const CURLIMAGES_BUILD: CurlBuild = {
	versionText: VERSION_TEXT,
	ssl: 'OpenSSL/3.5.4',
	caBundle: '/etc/ssl/certs/ca-certificates.crt'
};

/** `curl` as a Binary: argv[0] is the program name. Returns curl's exit code. */
export const curl = curlBinary(CURLIMAGES_BUILD);

/** The curl program of one build (a pod image's, the learner's machine's). */
export function curlBinary(build: CurlBuild) {
	return (argv: readonly string[], io: ExecIO, ctx: HostContext): Promise<number> =>
		runCurl(argv, io, ctx, build);
}

async function runCurl(
	argv: readonly string[],
	io: ExecIO,
	ctx: HostContext,
	build: CurlBuild
): Promise<number> {
	const o = parseCurlArgs(argv.slice(1));
	if (isCurlArgsError(o)) {
		io.stderr(`curl: ${o.message}\n${o.hint ? HINT : ''}`);
		return 2;
	}
	if (o.help) {
		io.stdout(HELP);
		return 0;
	}
	if (o.version) {
		io.stdout(build.versionText);
		return 0;
	}
	if (o.method !== undefined && o.dataSet && o.method.toUpperCase() === 'POST' && o.verbose) {
		io.stderr('Note: Unnecessary use of -X or --request, POST is already inferred.\n');
	}
	let code = 0;
	for (const url of o.urls) {
		const c = await transfer(ctx, o, io, url, build);
		if (c !== 0) code = c;
	}
	return code;
}
