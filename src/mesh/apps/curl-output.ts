/**
 * What curl prints once a transfer is over (tool_cb_wrt.c, tool_progress.c, tool_writeout.c):
 * the body (and heads for -i/-I) to stdout unless -o, the progress meter, the error line
 * (`curl: (N) …`, exit code 22 for -f), and the -w format. Returns curl's exit code.
 */
import { fromUtf8, getHeader, responseHead, type HttpResponse } from '../net/http/message.ts';
import type { ExecIO, HostContext } from '../runtime/host.ts';
import type { SimMillis } from '../types.ts';
import type { CurlOptions } from './curl-args.ts';
import { formatWriteOut, progressMeter } from './curl-report.ts';
import type { Hop } from './curl-request.ts';
import type { Transfer } from './curl-transfer.ts';

const SSL_CERTS_HINT = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the webpage mentioned above.
`;

const responseOf = (hop: Hop): HttpResponse | undefined =>
	hop.result?.type === 'response' ? hop.result.response : undefined;

/** What curl writes to its output: heads for -i/-I, then the last body unless -f refused it. */
function payloadOf(o: CurlOptions, hops: readonly Hop[], last: Hop, failed: boolean): string {
	let payload = '';
	for (const hop of hops) {
		const r = responseOf(hop);
		if (r && (o.include || o.head)) payload += responseHead(r);
	}
	const response = responseOf(last);
	if (response !== undefined && !o.head && (!failed || o.failWithBody)) {
		payload += fromUtf8(response.body);
	}
	if (last.result?.type === 'error' && last.result.partialBody && !o.head) {
		payload += fromUtf8(last.result.partialBody);
	}
	return payload;
}

export function writeTransfer(
	ctx: HostContext,
	o: CurlOptions,
	io: ExecIO,
	urlText: string,
	started: SimMillis,
	{ hops, method, stderr: warned }: Transfer
): number {
	const last = hops[hops.length - 1];
	if (!last) return 0;
	const response = responseOf(last);
	let code = last.code;
	let message = last.message;
	const failed = response !== undefined && (o.fail || o.failWithBody) && response.status >= 400;
	if (failed) {
		code = 22;
		message = `The requested URL returned error: ${response.status}`;
	}
	// The file for -o, stdout otherwise; -w always goes to stdout.
	// -o FILE discards the payload: no need to decode the body.
	let out = o.output === undefined || o.output === '-' ? payloadOf(o, hops, last, failed) : '';
	// -D - (tool_cb_hdr.c): every response's head to stdout as it arrives, before the body, -o or not.
	if (o.dumpHeader === '-') {
		const heads = hops.map((h) => responseOf(h)).filter((r) => r !== undefined);
		out = heads.map(responseHead).join('') + out;
	}
	let stderr = warned;
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
	if (code !== 0 && (!o.silent || o.showError)) {
		stderr += `curl: (${code}) ${message}\n`;
		// tool_operate.c's advice after CURLE_PEER_FAILED_VERIFICATION.
		if (code === 60) stderr += SSL_CERTS_HINT;
	}
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
