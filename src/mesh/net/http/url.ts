/**
 * URLs as curl reads them: a missing scheme means http, the port defaults by scheme, and the
 * fragment never leaves the client. Errors carry curl's wording (lib/urlapi.c).
 */

export interface ParsedUrl {
	readonly scheme: 'http' | 'https';
	/** Host as written (lower-cased), without brackets for IPv6. */
	readonly host: string;
	readonly port: number;
	/** Whether the port was written in the URL (it then appears in the Host header). */
	readonly explicitPort: boolean;
	/** Path and query: the request-target. */
	readonly target: string;
}

export type UrlError =
	/** curl exit 1. */
	| { readonly type: 'unsupported-protocol'; readonly scheme: string }
	/** curl exit 3. */
	| { readonly type: 'malformed'; readonly message: string };

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/**
 * The last URL parsed, and what it gave: curl parses its URL twice per request (the transfer and
 * the request line), and a script sends the same URL again and again. Results are immutable.
 */
let last: { readonly input: string; readonly parsed: ParsedUrl | UrlError } | undefined;

export function parseUrl(input: string): ParsedUrl | UrlError {
	if (last?.input === input) return last.parsed;
	const parsed = parse(input);
	last = { input, parsed };
	return parsed;
}

function parse(input: string): ParsedUrl | UrlError {
	let rest = input.trim();
	if (rest === '') return { type: 'malformed', message: 'No host part in the URL' };
	let scheme: string = 'http';
	const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
	if (m) {
		scheme = (m[1] ?? '').toLowerCase();
		rest = rest.slice(m[0].length);
	}
	if (scheme !== 'http' && scheme !== 'https') return { type: 'unsupported-protocol', scheme };
	const hash = rest.indexOf('#');
	if (hash !== -1) rest = rest.slice(0, hash);
	const slash = rest.search(/[/?]/);
	let authority = slash === -1 ? rest : rest.slice(0, slash);
	let target = slash === -1 ? '/' : rest.slice(slash);
	if (target.startsWith('?')) target = `/${target}`;
	const at = authority.lastIndexOf('@');
	if (at !== -1) authority = authority.slice(at + 1);
	let host: string;
	let portText: string | undefined;
	if (authority.startsWith('[')) {
		const close = authority.indexOf(']');
		if (close === -1) return { type: 'malformed', message: 'Bad IPv6 address' };
		host = authority.slice(1, close);
		const after = authority.slice(close + 1);
		if (after !== '' && !after.startsWith(':')) {
			return { type: 'malformed', message: 'Bad IPv6 address' };
		}
		portText = after === '' ? undefined : after.slice(1);
	} else {
		const colon = authority.lastIndexOf(':');
		host = colon === -1 ? authority : authority.slice(0, colon);
		portText = colon === -1 ? undefined : authority.slice(colon + 1);
	}
	if (host === '') return { type: 'malformed', message: 'No host part in the URL' };
	if (/[\s<>"{}|\\^`]/.test(host)) return { type: 'malformed', message: 'Bad hostname' };
	let port: number = DEFAULT_PORTS[scheme];
	let explicitPort = false;
	if (portText !== undefined && portText !== '') {
		if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
			return {
				type: 'malformed',
				message: 'Port number was not a decimal number between 0 and 65535'
			};
		}
		port = Number(portText);
		explicitPort = true;
	}
	return { scheme, host: host.toLowerCase(), port, explicitPort, target: encodeTarget(target) };
}

/** curl sends spaces in a URL as %20 rather than breaking the request line. */
function encodeTarget(target: string): string {
	return target.replace(/ /g, '%20');
}

/** The Host header value curl sends: the port only when it is not the scheme's default. */
export function hostHeader(url: ParsedUrl): string {
	const host = url.host.includes(':') ? `[${url.host}]` : url.host;
	return url.port === DEFAULT_PORTS[url.scheme] ? host : `${host}:${url.port}`;
}

export function isUrlError(x: ParsedUrl | UrlError): x is UrlError {
	return 'type' in x;
}
