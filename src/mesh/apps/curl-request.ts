/**
 * One curl request, start to finish: the headers curl sends, the request itself, the -v lines
 * it prints and the error line (lib/strerror.c + failf) when it fails.
 */
import { httpRequest, type HttpClientError, type HttpResult } from '../net/http/client.ts';
import type { Header } from '../net/http/message.ts';
import { getHeader } from '../net/http/message.ts';
import { isUrlError, parseUrl, type ParsedUrl } from '../net/http/url.ts';
import type { ExecIO, HostContext } from '../runtime/host.ts';
import { ms } from '../types.ts';
import type { CurlOptions } from './curl-args.ts';
import { CURL_USER_AGENT, type CurlBuild, requestLines, responseLines } from './curl-report.ts';

/** One finished request (one hop of a redirect chain). */
export interface Hop {
	readonly url: string;
	readonly method: string;
	readonly result: HttpResult | undefined;
	/** curl's exit code for this hop (0: a response arrived). */
	readonly code: number;
	readonly message: string;
	readonly verbose: string;
}

/** curl's error line (lib/strerror.c + failf) for a client error. */
export function curlError(
	error: HttpClientError,
	url: { host: string; port: number },
	elapsedMs: number,
	progress: { received: number; expected: number | undefined }
): { code: number; message: string } {
	// curl times in whole microseconds: round there first, so 126999.9999… is 127000 ms.
	const after = Math.floor(Math.round(elapsedMs * 1000) / 1000);
	switch (error.type) {
		case 'unsupported-protocol':
			return { code: 1, message: `Protocol "${error.scheme}" not supported` };
		case 'bad-url':
			return { code: 3, message: `URL rejected: ${error.message}` };
		case 'dns':
			return { code: 6, message: `Could not resolve host: ${error.host}` };
		case 'resolve-timeout':
			return { code: 28, message: `Resolving timed out after ${after} milliseconds` };
		case 'connect':
			return {
				code: 7,
				message: `Failed to connect to ${url.host} port ${url.port} after ${after} ms: Could not connect to server`
			};
		case 'connect-timeout':
			// The kernel's ETIMEDOUT is still a timeout (28), but curl words it as a failed connect.
			return {
				code: 28,
				message: `Failed to connect to ${url.host} port ${url.port} after ${after} ms: ${error.kernel ? 'Could not connect to server' : 'Timeout was reached'}`
			};
		case 'timeout': {
			const got =
				progress.expected === undefined
					? `${progress.received} bytes received`
					: `${progress.received} out of ${progress.expected} bytes received`;
			return { code: 28, message: `Operation timed out after ${after} milliseconds with ${got}` };
		}
		case 'reset':
			// ETIMEDOUT on an established connection: every retransmission was lost.
			return {
				code: 56,
				message: `Recv failure: ${error.reason === 'timeout' ? 'Connection timed out' : 'Connection reset by peer'}`
			};
		case 'empty-reply':
			return { code: 52, message: 'Empty reply from server' };
		case 'partial':
			return progress.expected === undefined
				? { code: 18, message: 'transfer closed with outstanding read data remaining' }
				: {
						code: 18,
						message: `end of response with ${progress.expected - progress.received} bytes missing`
					};
		case 'malformed':
			return /status line|empty message/.test(error.message)
				? { code: 1, message: 'Received HTTP/0.9 when not allowed' }
				: { code: 8, message: 'Weird server reply' };
		case 'tls':
			return {
				code: 35,
				message: 'TLS connect error: error:0A00010B:SSL routines::wrong version number'
			};
		case 'tls-failure':
			return { code: error.code ?? (error.verify ? 60 : 35), message: error.message };
	}
}

/** Headers curl sends, in curl's order: Host, Authorization, User-Agent, Accept, custom, body. */
export function requestHeaders(o: CurlOptions, url: ParsedUrl, body: string | undefined): Header[] {
	const custom: Header[] = [];
	const removed = new Set<string>();
	for (const h of o.headers) {
		const colon = h.indexOf(':');
		const semi = h.indexOf(';');
		if (colon === -1 && semi === h.length - 1) {
			// `-H "X-Empty;"` sends an empty header.
			custom.push([h.slice(0, -1), '']);
			continue;
		}
		if (colon === -1) continue;
		const name = h.slice(0, colon).trim();
		const value = h.slice(colon + 1).trim();
		if (value === '') removed.add(name.toLowerCase());
		else custom.push([name, value]);
	}
	const has = (n: string): boolean => removed.has(n) || custom.some(([k]) => k.toLowerCase() === n);
	const out: Header[] = [];
	const host =
		url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
	if (!has('host')) out.push(['Host', host]);
	if (o.user !== undefined && !has('authorization')) {
		out.push(['Authorization', `Basic ${btoa(o.user.includes(':') ? o.user : `${o.user}:`)}`]);
	}
	if (!has('user-agent')) out.push(['User-Agent', o.userAgent ?? CURL_USER_AGENT]);
	if (!has('accept')) out.push(['Accept', o.json ? 'application/json' : '*/*']);
	if (o.referer !== undefined && !has('referer')) out.push(['Referer', o.referer]);
	if (o.cookie !== undefined && !has('cookie')) out.push(['Cookie', o.cookie]);
	out.push(...custom);
	if (body !== undefined) {
		if (!has('content-length'))
			out.push(['Content-Length', String(new TextEncoder().encode(body).length)]);
		if (!has('content-type')) {
			out.push(['Content-Type', o.json ? 'application/json' : 'application/x-www-form-urlencoded']);
		}
	}
	return out;
}

export function bodyData(
	o: CurlOptions,
	io: ExecIO,
	warn: (s: string) => void
): string | undefined {
	if (!o.dataSet) return undefined;
	return o.data
		.map((d) => {
			if (!d.file) return d.value;
			if (d.value === '-') return io.stdin;
			warn(`Warning: Couldn't read data from file "${d.value}", this makes an empty POST.\n`);
			return '';
		})
		.join('&');
}

export function resolvedUrl(base: ParsedUrl, location: string): string {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return location;
	const defaultPort = base.scheme === 'https' ? 443 : 80;
	const port = base.port === defaultPort ? '' : `:${base.port}`;
	const origin = `${base.scheme}://${base.host}${port}`;
	if (location.startsWith('/')) return `${origin}${location}`;
	const dir = base.target.replace(/[^/]*$/, '');
	return `${origin}${dir}${location}`;
}

export async function oneRequest(
	ctx: HostContext,
	o: CurlOptions,
	urlText: string,
	method: string,
	body: string | undefined,
	deadline: number | undefined,
	build: CurlBuild
): Promise<Hop> {
	let v = '';
	const url = parseUrl(urlText);
	if (isUrlError(url)) {
		const r =
			url.type === 'unsupported-protocol'
				? { code: 1, message: `Protocol "${url.scheme}" not supported` }
				: { code: 3, message: `URL rejected: ${url.message}` };
		return { url: urlText, method, result: undefined, ...r, verbose: `* ${r.message}\n` };
	}
	let target = urlText;
	const override = o.resolve.find((r) => r.host === url.host && r.port === url.port);
	if (override) {
		v += `* Added ${url.host}:${url.port}:${override.addr} to DNS cache\n`;
		target = `${url.scheme}://${override.addr}:${url.port}${url.target}`;
	}
	if (o.get && body !== undefined) {
		const sep = url.target.includes('?') ? '&' : '?';
		target = `${target.replace(/#.*$/, '')}${sep}${body}`;
		body = undefined;
	}
	const parsedTarget = target === urlText ? url : (parseUrl(target) as ParsedUrl);
	let tlsLines = '';
	const headers = requestHeaders(o, url, body);
	const now = ctx.clock.now();
	const remaining = deadline === undefined ? undefined : Math.max(0, deadline - now);
	const result = await httpRequest(ctx, {
		method,
		url: target,
		headers,
		...(body !== undefined ? { body } : {}),
		...(remaining !== undefined ? { timeout: ms(remaining) } : {}),
		...(o.connectTimeout !== undefined ? { connectTimeout: ms(o.connectTimeout * 1000) } : {}),
		// TLS code loads only for an https URL.
		// TLS code loads only for an https URL; SNI and the name check use the URL's host,
		// not a --resolve address.
		tls: async (socket) => {
			const m = await ctx.work(import('./curl-tls.ts'));
			return m.curlTls(ctx, socket, url.host, url.port, o, build, (l) => (tlsLines += l));
		}
	});
	const t = result.trace;
	const alert =
		result.type === 'error' && result.error.type === 'reset' && url.scheme === 'https'
			? (await ctx.work(import('./curl-tls-report.ts'))).alertOnRead(result.error.reason, build.ssl)
			: undefined;
	// The -v text is built only with -v: it is most of a quiet request's string work.
	if (o.verbose)
		v += verboseExchange(url, override !== undefined, parsedTarget.port, result, tlsLines, alert);
	if (result.type === 'response') {
		return { url: urlText, method, result, code: 0, message: '', verbose: v };
	}
	const err = alert
		? { code: 56, message: alert.message }
		: curlError(result.error, url, t.doneAt - t.startedAt, {
				received: t.bodyReceived,
				expected: t.bodyExpected
			});
	if (result.error.type === 'connect') {
		// Drawn with or without -v, so the random stream does not depend on it.
		const port = 32768 + ctx.rng.int(28000);
		const why = result.error.reason === 'refused' ? 'Connection refused' : 'No route to host';
		// A loopback connect leaves from the loopback address.
		const from = t.ip !== undefined && /^127\./.test(t.ip) ? t.ip : ctx.spec.ip;
		if (o.verbose) {
			v += `* connect to ${t.ip} port ${url.port} from ${from} port ${port} failed: ${why}\n`;
		}
	}
	if (o.verbose) {
		v += `* ${err.message}\n`;
		v +=
			result.error.type === 'dns' ||
			result.error.type === 'resolve-timeout' ||
			result.error.type === 'empty-reply'
				? '* shutting down connection #0\n'
				: '* closing connection #0\n';
	}
	return { url: urlText, method, result, ...err, verbose: v };
}

/** curl -v's lines from name resolution to the response (or up to the failure). */
function verboseExchange(
	url: ParsedUrl,
	resolved: boolean,
	port: number,
	result: HttpResult,
	tlsLines: string,
	alert: { readonly trace: string } | undefined
): string {
	const t = result.trace;
	let v = '';
	const literal = /^\d{1,3}(\.\d{1,3}){3}$/.test(url.host);
	const hostPort = `${url.host}:${url.port}`;
	const ipv4 = t.ip === t.ipv6 ? '127.0.0.1' : t.ip;
	if (t.ip !== undefined && !literal && !resolved) {
		v += `* Host ${hostPort} was resolved.\n* IPv6: ${t.ipv6 ?? '(none)'}\n* IPv4: ${ipv4}\n`;
	}
	if (t.ipv6 !== undefined) {
		v += `*   Trying [${t.ipv6}]:${port}...\n`;
		if (t.ipv6RefusedFrom !== undefined)
			v += `* connect to ${t.ipv6} port ${port} from ${t.ipv6} port ${t.ipv6RefusedFrom} failed: Connection refused\n`;
	}
	if (t.ip !== undefined && t.ip !== t.ipv6) v += `*   Trying ${t.ip}:${port}...\n`;
	v += tlsLines;
	const secure = url.scheme === 'https';
	const handshaken = secure && tlsLines.includes('* SSL certificate verified');
	if (t.connectedAt !== undefined && t.local && (!secure || handshaken)) {
		v += `* Established connection to ${url.host} (${t.ip} port ${url.port}) from ${t.local.ip} port ${t.local.port} \n`;
		v += '* using HTTP/1.x\n';
	}
	if (t.requestHead !== undefined) {
		v += requestLines(t.requestHead);
		// A TLS 1.3 server sends its session tickets once the client's Finished is in; one that
		// refused the client's certificate sends its alert instead.
		if (handshaken && !alert)
			v += '* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n'.repeat(2);
		v +=
			t.requestBodyBytes > 0
				? `} [${t.requestBodyBytes} bytes data]\n* upload completely sent off: ${t.requestBodyBytes} bytes\n`
				: '* Request completely sent off\n';
	}
	if (alert) v += alert.trace;
	if (result.type === 'response') {
		v += responseLines(result.response);
		if (result.response.body.length > 0) v += `{ [${result.response.body.length} bytes data]\n`;
		const closing = /close/i.test(getHeader(result.response.headers, 'connection') ?? '');
		v += closing
			? '* shutting down connection #0\n'
			: `* Connection #0 to host ${hostPort} left intact\n`;
	}
	return v;
}
