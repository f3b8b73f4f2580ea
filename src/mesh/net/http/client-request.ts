/**
 * The request a client sends: where to (the URL, or host/port/path) and its header block, with
 * Host and Content-Length added when the caller left them out (curl's lib/http.c does the same).
 */
import type { HttpClientError, HttpRequestOptions } from './client-api.ts';
import { getHeader, type Header } from './message.ts';
import { hostHeader, isUrlError, parseUrl, type ParsedUrl } from './url.ts';

export function target(options: HttpRequestOptions): ParsedUrl | HttpClientError {
	if (options.url !== undefined) {
		const u = parseUrl(options.url);
		if (!isUrlError(u)) return u;
		return u.type === 'unsupported-protocol'
			? { type: 'unsupported-protocol', scheme: u.scheme }
			: { type: 'bad-url', message: u.message };
	}
	const host = options.host ?? '';
	if (host === '') return { type: 'bad-url', message: 'No host part in the URL' };
	const port = options.port ?? 80;
	const path = options.path ?? '/';
	return {
		scheme: 'http',
		host: host.toLowerCase(),
		port,
		explicitPort: port !== 80,
		target: path.startsWith('/') ? path : `/${path}`
	};
}

export function buildHeaders(
	url: ParsedUrl,
	options: HttpRequestOptions,
	body: Uint8Array
): Header[] {
	const given = options.headers ?? [];
	const headers: Header[] = [];
	if (getHeader(given, 'host') === undefined) headers.push(['Host', hostHeader(url)]);
	headers.push(...given);
	const method = (options.method ?? 'GET').toUpperCase();
	const needsLength =
		body.length > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH';
	if (
		needsLength &&
		getHeader(given, 'content-length') === undefined &&
		getHeader(given, 'transfer-encoding') === undefined
	) {
		headers.push(['Content-Length', String(body.length)]);
	}
	return headers;
}
