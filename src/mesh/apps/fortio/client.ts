/**
 * fortio's fast HTTP/1.1 client (fhttp/http_client.go `FastClient`): one socket per thread,
 * kept open between calls while the server answers 2xx (or 418) and keeps the connection;
 * any other code closes it and the next call connects again (`Sockets used`). Each connect's
 * time goes to the thread's connection histogram and the address to its IP occurrences. The
 * request is fortio's own: `GET <uri> HTTP/1.1`, `Host`, `User-Agent: fortio.org/fortio-<v>`.
 */
import { type HttpResponse, headerHasToken, responseHead, utf8 } from '../../net/http/message.ts';
import { Http1Parser } from '../../net/http/parser.ts';
import { readResponse } from '../../net/http/read.ts';
import { isConnectError, type Socket } from '../../net/socket.ts';
import type { HostContext } from '../../runtime/host.ts';
import { formatAddr, type IpAddr } from '../../types.ts';
import { Histogram } from './histogram.ts';

export const FORTIO_VERSION = '1.75.2';
export const USER_AGENT = `fortio.org/fortio-${FORTIO_VERSION}`;

/** fortio's codes outside HTTP's: a transport error. */
export const SOCKET_ERROR = -1;

export interface FortioUrl {
	readonly host: string;
	readonly port: number;
	/** `url.RequestURI()`. */
	readonly uri: string;
}

/** `http://host[:port]/path?query`; fortio adds `http://` when there is no scheme. */
export function parseFortioUrl(raw: string): FortioUrl | undefined {
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
	const m = /^http:\/\/([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(withScheme);
	if (!m) return undefined;
	const path = m[3] ?? '';
	return {
		host: m[1] ?? '',
		port: m[2] === undefined ? 80 : Number(m[2]),
		uri: path === '' ? '/' : path.startsWith('/') ? path : `/${path}`
	};
}

export interface FetchResult {
	readonly code: number;
	/** The status line's start fortio logs (`HTTP/1.1 503`). */
	readonly status: string;
	readonly headerSize: number;
	/** Header and body bytes. */
	readonly size: number;
	readonly response?: HttpResponse;
}

const codeIsOk = (code: number): boolean => (code >= 200 && code <= 299) || code === 418;

export class FastClient {
	readonly connectStats = new Histogram(0, 0.001);
	/** `ip:port` → connections made to it. */
	readonly ips = new Map<string, number>();
	#socket: Socket | undefined;
	#parser = new Http1Parser();
	readonly #request: Uint8Array;

	constructor(
		private readonly ctx: HostContext,
		private readonly url: FortioUrl
	) {
		const hostHeader = url.port === 80 ? url.host : `${url.host}:${url.port}`;
		this.#request = utf8(
			`GET ${url.uri} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${USER_AGENT}\r\n\r\n`
		);
	}

	async #connect(): Promise<Socket | undefined> {
		const { ctx, url } = this;
		const ip = /^\d+\.\d+\.\d+\.\d+$/.test(url.host)
			? (url.host as IpAddr)
			: ctx.dns.lookup(url.host);
		if (ip === undefined) return undefined;
		const dest = formatAddr({ ip, port: url.port });
		this.ips.set(dest, (this.ips.get(dest) ?? 0) + 1);
		const start = ctx.clock.now();
		const s = await ctx.net.connect({ ip, port: url.port });
		this.connectStats.record(Math.round((ctx.clock.now() - start) * 1e6) / 1e9);
		if (isConnectError(s)) return undefined;
		this.#parser = new Http1Parser();
		return s;
	}

	/** One call: the code (SOCKET_ERROR on a transport failure) and the sizes fortio counts. */
	async fetch(): Promise<FetchResult> {
		const socket = this.#socket ?? (await this.#connect());
		this.#socket = undefined;
		if (!socket) return { code: SOCKET_ERROR, status: '', headerSize: 0, size: 0 };
		socket.write(this.#request);
		const r = await readResponse(socket, this.#parser, 'GET');
		if (r.type !== 'message') {
			socket.reset();
			return { code: SOCKET_ERROR, status: '', headerSize: 0, size: 0 };
		}
		const res = r.message;
		const head = responseHead(res).length;
		const keep = codeIsOk(res.status) && !headerHasToken(res.headers, 'connection', 'close');
		if (keep) this.#socket = socket;
		else socket.end();
		return {
			code: res.status,
			status: `${res.version} ${res.status}`,
			headerSize: head,
			size: head + res.body.length,
			response: res
		};
	}

	close(): void {
		this.#socket?.end();
		this.#socket = undefined;
	}

	/** Connections made (`[i] N socket used`). */
	get sockets(): number {
		return this.connectStats.count;
	}

	static ok(code: number): boolean {
		return codeIsOk(code);
	}
}
