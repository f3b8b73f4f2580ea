/**
 * What every server app shares: listening (a busy port crashes the container, as a real server
 * exits), JSON in the dialects the real apps write, and timestamps for their log lines.
 */
import type { Header, HttpResponse } from '../net/http/message.ts';
import { makeResponse, simDate } from '../net/http/message.ts';
import { isListenError, serve, type HttpHandler, type ServeOptions } from '../net/http/server.ts';
import type { HostContext } from '../runtime/host.ts';
import type { SimMillis } from '../types.ts';
import { clf } from '../calendar.ts';

/** Serves `handler` on `port`; throws (a container crash) when the port is taken. */
export function listenOrCrash(
	ctx: HostContext,
	port: number,
	handler: HttpHandler,
	options: ServeOptions = {}
): void {
	const listener = serve(ctx, port, handler, options);
	if (isListenError(listener)) {
		throw new Error(`listen tcp 0.0.0.0:${port}: bind: address already in use`);
	}
}

/**
 * Python's json.dumps defaults: `", "` and `": "` separators, non-ASCII escaped.
 * JSON.stringify with a NUL indent puts each member on its own line; re-joining with Python's
 * separators gives `{"a": 1, "b": [1, 2]}` without touching string contents (NUL never appears
 * in a JSON string unescaped).
 */
export function pythonDumps(value: unknown): string {
	const pretty = JSON.stringify(value, null, '\u0000');
	if (pretty === undefined) return 'null';
	let out = '';
	for (let i = 0; i < pretty.length; i++) {
		const c = pretty[i];
		if (c === '\n') {
			while (pretty[i + 1] === '\u0000') i++;
			const next = pretty[i + 1];
			const prev = out[out.length - 1];
			// Between members: ", "; after an opening bracket or before a closing one: nothing.
			if (prev === ',' && next !== ']' && next !== '}') out += ' ';
			continue;
		}
		out += c;
	}
	return asciiOnly(out);
}

function asciiOnly(s: string): string {
	return s.replace(
		/[\u0080-\uffff]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
}

/** Werkzeug (Flask) sends reason phrases upper-cased: `302 FOUND`, `404 NOT FOUND`. */
export function werkzeugReason(res: HttpResponse): HttpResponse {
	return { ...res, reason: res.reason.toUpperCase() };
}

/** A JSON response; `text` is already serialized in the app's own dialect. */
export function jsonResponse(
	status: number,
	text: string,
	contentType = 'application/json',
	extra: readonly Header[] = []
): HttpResponse {
	return makeResponse(status, text, [['Content-Type', contentType], ...extra]);
}

/** `06/Jan/2025:09:00:01` (common log format, without the zone). */
export function clfTime(at: SimMillis): string {
	// Per whole second: every access log line of a busy second shares one formatting.
	const second = Math.floor(at / 1000);
	if (second !== clfCache.second) {
		clfCache.second = second;
		clfCache.text = clf(simDate(at));
	}
	return clfCache.text;
}
const clfCache = { second: NaN, text: '' };

/** `2025-01-06T09:00:01.123Z`. */
export function isoTime(at: SimMillis): string {
	return simDate(at).toISOString();
}
