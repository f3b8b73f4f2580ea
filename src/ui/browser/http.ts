/**
 * The playground browser's HTTP/1.1 client, minus the socket: what it sends to a forwarded port
 * and how it reads the reply. A browser keeps connections alive; this one sends
 * `Connection: close` because each request is one forwarded connection, as kubectl handles it.
 */

export type Address =
	| {
			readonly type: 'url';
			readonly scheme: 'http' | 'https';
			/** As typed, lower-case: `localhost`, `127.0.0.1`, `[::1]` … */
			readonly host: string;
			readonly port: number;
			/** Path and query: `/productpage?u=normal`. */
			readonly path: string;
			readonly href: string;
	  }
	| { readonly type: 'invalid'; readonly input: string };

/** Hosts that mean this machine, where `kubectl port-forward` listens. */
export const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What the address bar does with typed text: no scheme means http, as Chrome assumes. */
export function parseAddress(input: string, base?: string): Address {
	const typed = input.trim();
	let url: URL;
	try {
		url = base
			? new URL(typed, base)
			: new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
	} catch {
		return { type: 'invalid', input: typed };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return { type: 'invalid', input: typed };
	const scheme = url.protocol === 'https:' ? 'https' : 'http';
	const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
	const path = (url.pathname || '/') + url.search;
	return { type: 'url', scheme, host: url.hostname.toLowerCase(), port, path, href: url.href };
}

export interface BrowserRequest {
	readonly method: 'GET' | 'POST';
	readonly address: Extract<Address, { type: 'url' }>;
	readonly cookie?: string;
	/** application/x-www-form-urlencoded, for a form POST. */
	readonly body?: string;
}

const USER_AGENT =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36';

export function requestBytes(req: BrowserRequest): Uint8Array {
	const a = req.address;
	const defaultPort = a.scheme === 'https' ? 443 : 80;
	const host = a.port === defaultPort ? a.host : `${a.host}:${a.port}`;
	const lines = [
		`${req.method} ${a.path} HTTP/1.1`,
		`Host: ${host}`,
		`User-Agent: ${USER_AGENT}`,
		'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
		'Accept-Language: en-US,en;q=0.9',
		'Connection: close'
	];
	if (req.cookie) lines.push(`Cookie: ${req.cookie}`);
	const body = new TextEncoder().encode(req.body ?? '');
	if (req.method === 'POST') {
		lines.push('Content-Type: application/x-www-form-urlencoded');
		lines.push(`Content-Length: ${body.length}`);
	}
	const head = new TextEncoder().encode(lines.join('\r\n') + '\r\n\r\n');
	const out = new Uint8Array(head.length + body.length);
	out.set(head);
	out.set(body, head.length);
	return out;
}

export interface BrowserResponse {
	readonly status: number;
	readonly reason: string;
	/** Names lower-cased; repeated headers (Set-Cookie) keep every value. */
	readonly headers: readonly (readonly [string, string])[];
	readonly body: Uint8Array;
}

export type ResponseError = { readonly type: 'empty' } | { readonly type: 'invalid' };

export function header(res: BrowserResponse, name: string): string | undefined {
	return res.headers.find(([n]) => n === name)?.[1];
}

function indexOfCrlfCrlf(bytes: Uint8Array): number {
	for (let i = 0; i + 3 < bytes.length; i++)
		if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10)
			return i;
	return -1;
}

function dechunk(bytes: Uint8Array): Uint8Array | undefined {
	const parts: Uint8Array[] = [];
	const text = new TextDecoder('latin1');
	let at = 0;
	for (;;) {
		let eol = at;
		while (eol + 1 < bytes.length && !(bytes[eol] === 13 && bytes[eol + 1] === 10)) eol++;
		if (eol + 1 >= bytes.length) return undefined;
		const size = parseInt(text.decode(bytes.subarray(at, eol)).split(';')[0] ?? '', 16);
		if (!Number.isFinite(size)) return undefined;
		at = eol + 2;
		if (size === 0) break;
		parts.push(bytes.subarray(at, at + size));
		at += size + 2;
	}
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

/** Reads a whole response off the bytes the connection carried before it closed. */
export function parseResponse(bytes: Uint8Array): BrowserResponse | ResponseError {
	if (bytes.length === 0) return { type: 'empty' };
	const end = indexOfCrlfCrlf(bytes);
	if (end < 0) return { type: 'invalid' };
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, end)).split('\r\n');
	const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(head[0] ?? '');
	if (!status) return { type: 'invalid' };
	const headers = head.slice(1).flatMap((line): [string, string][] => {
		const colon = line.indexOf(':');
		return colon > 0
			? [[line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]]
			: [];
	});
	let body = bytes.subarray(end + 4);
	const res = { status: Number(status[1]), reason: status[2] ?? '', headers, body };
	if (/\bchunked\b/i.test(header(res, 'transfer-encoding') ?? '')) {
		const decoded = dechunk(body);
		if (!decoded) return { type: 'invalid' };
		body = decoded;
	} else {
		const length = header(res, 'content-length');
		if (length !== undefined && /^\d+$/.test(length)) body = body.subarray(0, Number(length));
	}
	return { ...res, body };
}

/** `name=value` pairs from Set-Cookie headers (attributes ignored: one tab, one session). */
export function setCookies(res: BrowserResponse): [string, string][] {
	return res.headers
		.filter(([n]) => n === 'set-cookie')
		.flatMap(([, v]) => {
			const pair = v.split(';')[0] ?? '';
			const eq = pair.indexOf('=');
			return eq > 0
				? [[pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()] as [string, string]]
				: [];
		});
}
