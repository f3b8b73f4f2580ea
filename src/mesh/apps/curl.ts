/**
 * The `curl` binary inside pods (curlimages/curl and most images). Real flags, real output
 * shapes, real error lines and exit codes (curl 8.17: src/tool_*.c, lib/strerror.c), so what a
 * learner types here works the same on a real cluster.
 */
import { fromUtf8, getHeader, responseHead } from '../net/http/message.ts';
import { isUrlError, parseUrl } from '../net/http/url.ts';
import type { ExecIO, HostContext } from '../runtime/host.ts';
import { ms } from '../types.ts';
import { isCurlArgsError, parseCurlArgs, type CurlOptions } from './curl-args.ts';
import { CURL_VERSION, formatWriteOut, progressMeter } from './curl-report.ts';
import { bodyData, oneRequest, resolvedUrl, type Hop } from './curl-request.ts';

const HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Statuses `--retry` treats as transient (curl: 408, 429, 500, 502, 503, 504). */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Why `--retry` would try again (tool_operate.c retrycheck), or undefined. */
function retryReason(o: CurlOptions, hop: Hop): string | undefined {
	const res = hop.result?.type === 'response' ? hop.result.response : undefined;
	if (hop.code === 28 || hop.code === 6) return ': timeout';
	if (hop.code === 7 && o.retryConnrefused) return ': connection refused';
	if (res && RETRY_STATUS.has(res.status)) return ': HTTP error';
	if (hop.code !== 0 && o.retryAllErrors) return '(retrying all errors)';
	return undefined;
}

async function transfer(
	ctx: HostContext,
	o: CurlOptions,
	io: ExecIO,
	urlText: string
): Promise<number> {
	const started = ctx.clock.now();
	// -m bounds one attempt, redirects included; a retry starts a fresh attempt.
	const budget = (): number | undefined =>
		o.maxTime === undefined ? undefined : ctx.clock.now() + o.maxTime * 1000;
	let deadline = budget();
	const warnings: string[] = [];
	const body = bodyData(o, io, (s) => warnings.push(s));
	let method = o.method ?? (o.head ? 'HEAD' : body !== undefined && !o.get ? 'POST' : 'GET');
	const hops: Hop[] = [];
	let url = urlText;
	let sendBody = body;
	let retriesLeft = o.retry;
	let retryDelay = 1000;
	let stderr = warnings.join('');
	for (;;) {
		const hop = await oneRequest(ctx, o, url, method, sendBody, deadline);
		const res = hop.result?.type === 'response' ? hop.result.response : undefined;
		const why = retryReason(o, hop);
		if (why !== undefined && retriesLeft > 0) {
			const secs = retryDelay / 1000;
			stderr += `Warning: Problem ${why}. Will retry in ${secs} second${secs === 1 ? '' : 's'}. ${retriesLeft} retr${retriesLeft === 1 ? 'y' : 'ies'} left.\n`;
			retriesLeft--;
			await ctx.clock.sleep(ms(retryDelay));
			retryDelay = Math.min(retryDelay * 2, 600_000);
			deadline = budget();
			continue;
		}
		hops.push(hop);
		const location = res ? getHeader(res.headers, 'location') : undefined;
		if (o.location && res && res.status >= 300 && res.status < 400 && location !== undefined) {
			if (hops.length > o.maxRedirs) {
				hops.push({ ...hop, code: 47, message: `Maximum (${o.maxRedirs}) redirects followed` });
				break;
			}
			const base = parseUrl(url);
			if (!isUrlError(base)) {
				url = resolvedUrl(base, location);
				if ([301, 302, 303].includes(res.status) && method !== 'HEAD' && o.method === undefined) {
					method = 'GET';
					sendBody = undefined;
				}
				continue;
			}
		}
		break;
	}
	const last = hops[hops.length - 1];
	if (!last) return 0;
	const response = last.result?.type === 'response' ? last.result.response : undefined;
	let code = last.code;
	let message = last.message;
	// What curl writes to its output: the file for -o, stdout otherwise; -w always goes to stdout.
	let payload = '';
	for (const hop of hops) {
		const r = hop.result?.type === 'response' ? hop.result.response : undefined;
		if (r && (o.include || o.head)) payload += responseHead(r);
	}
	const failed = response !== undefined && (o.fail || o.failWithBody) && response.status >= 400;
	if (failed) {
		code = 22;
		message = `The requested URL returned error: ${response.status}`;
	}
	if (response !== undefined && !o.head && (!failed || o.failWithBody)) {
		payload += fromUtf8(response.body);
	}
	if (last.result?.type === 'error' && last.result.partialBody && !o.head) {
		payload += fromUtf8(last.result.partialBody);
	}
	let out = o.output === undefined || o.output === '-' ? payload : '';
	if (o.verbose) stderr += hops.map((h) => h.verbose).join('');
	const trace = last.result?.trace;
	// curl hides its meter when stdout is a terminal (`kubectl debug -t`).
	if (!o.silent && !o.verbose && !o.noProgress && !io.tty) {
		stderr =
			progressMeter({
				downloaded: response?.body.length ?? trace?.bodyReceived ?? 0,
				expected: response
					? Number(getHeader(response.headers, 'content-length')) || undefined
					: trace?.bodyExpected,
				uploaded: trace?.requestHead ? trace.requestBodyBytes : 0,
				elapsedMs: ctx.clock.now() - started
			}) + stderr;
	}
	if (code !== 0 && (!o.silent || o.showError)) stderr += `curl: (${code}) ${message}\n`;
	if (o.writeOut !== undefined) {
		const w = formatWriteOut(o.writeOut, {
			trace,
			response,
			method,
			url: urlText,
			urlEffective: last.url,
			exitCode: code,
			errorMessage: message,
			numRedirects: hops.length - 1,
			startedAt: started,
			doneAt: ctx.clock.now()
		});
		out += w.stdout;
		stderr += w.stderr + w.warnings.map((x) => `curl: ${x}\n`).join('');
	}
	if (out !== '') io.stdout(out);
	if (stderr !== '') io.stderr(stderr);
	return code;
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

/** `curl` as a Binary: argv[0] is the program name. Returns curl's exit code. */
export async function curl(argv: readonly string[], io: ExecIO, ctx: HostContext): Promise<number> {
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
		io.stdout(VERSION_TEXT);
		return 0;
	}
	if (o.method !== undefined && o.dataSet && o.method.toUpperCase() === 'POST' && o.verbose) {
		io.stderr('Note: Unnecessary use of -X or --request, POST is already inferred.\n');
	}
	let code = 0;
	for (const url of o.urls) {
		const c = await transfer(ctx, o, io, url);
		if (c !== 0) code = c;
	}
	return code;
}
