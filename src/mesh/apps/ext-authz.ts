/**
 * Istio's sample external authorizer (istio/istio samples/extauthz/cmd/extauthz/main.go, image
 * `registry.istio.io/testing/ext-authz`): an HTTP check server on 8000 and the Envoy Check API
 * on 9000. A request carrying `x-ext-authz: allow` is allowed, any other value denied; without
 * the header the source principal must end in `/sa/a`. Answers carry `x-ext-authz-check-result`,
 * `x-ext-authz-check-received` and `x-ext-authz-additional-header-override`; every check is
 * logged with Go's `log.Printf`. The Check API arrives as protobuf JSON over HTTP/1.1 (see
 * proxy/l7/filters/ext-authz.ts); its log prints the attributes in protobuf text, as Go does.
 */
import { fromUtf8, getHeader, type Header, makeResponse, utf8 } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import type { ContainerProgram, HostContext } from '../runtime/host.ts';
import { simDate } from '../net/http/message.ts';
import { canonicalHeader } from './httpbin.ts';
import { listenOrCrash } from './app-server.ts';
import { obj } from '../json.ts';

const CHECK_HEADER = 'x-ext-authz';
const ALLOWED_VALUE = 'allow';
const RESULT_HEADER = 'x-ext-authz-check-result';
const RECEIVED_HEADER = 'x-ext-authz-check-received';
const OVERRIDE_HEADER = 'x-ext-authz-additional-header-override';
const OVERRIDE_GRPC_VALUE = 'grpc-additional-header-override-value';
/** main.go's `-allow_service_account` default. */
const SERVICE_ACCOUNT = 'a';
export const DENY_BODY = `denied by ext_authz for not found header \`${CHECK_HEADER}: ${ALLOWED_VALUE}\` in the request`;
const CHECK_PATH = '/envoy.service.auth.v3.Authorization/Check';

/** Go's log.Printf prefix: `2021/01/07 22:55:47 ` (local time, which is UTC in the image). */
function goLogTime(ctx: HostContext): string {
	const d = simDate(ctx.clock.now());
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** returnIfNotTooLong: Envoy refuses headers over 60 KiB. */
const notTooLong = (s: string): string => (s.length > 60000 ? '<too-long>' : s);

type Obj = Record<string, unknown>;

/** protojson's lowerCamel field names → the proto's snake_case, as prototext prints them. */
const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Integer fields JSON carries as numbers or (64-bit) strings, printed bare. */
const BARE = new Set(['port_value', 'seconds', 'nanos', 'size']);
const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Go's prototext (compact, as `%v` prints a message): `field:value` separated by two spaces,
 * messages in braces, a map as one `key:… value:…` entry per key in key order.
 */
export function prototext(m: Obj): string {
	const parts: string[] = [];
	for (const [k, v] of Object.entries(m)) {
		const name = snake(k);
		if (name === 'headers' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
			for (const key of Object.keys(v).sort())
				parts.push(`headers:{key:${quote(key)}  value:${quote(String((v as Obj)[key]))}}`);
		} else if (typeof v === 'object' && v !== null) {
			parts.push(`${name}:{${prototext(v as Obj)}}`);
		} else if (BARE.has(name) || typeof v === 'number') {
			parts.push(`${name}:${String(v)}`);
		} else {
			parts.push(`${name}:${quote(String(v))}`);
		}
	}
	return parts.join('  ');
}

const option = (key: string, value: string) => ({ header: { key, value } });

/** extAuthzServerV3.Check. */
function check(ctx: HostContext, container: string, req: ServerRequest) {
	let attrs: Obj;
	try {
		attrs = obj(obj(JSON.parse(fromUtf8(req.body)))['attributes']);
	} catch {
		return makeResponse(400, 'bad CheckRequest\n', [['content-type', 'text/plain']]);
	}
	const http = obj(obj(attrs['request'])['http']);
	const headers = obj(http['headers']);
	const value = headers[CHECK_HEADER];
	const principal = obj(attrs['source'])['principal'];
	const allow =
		value !== undefined
			? value === ALLOWED_VALUE
			: typeof principal === 'string' && principal.endsWith(`/sa/${SERVICE_ACCOUNT}`);
	const text = prototext(attrs);
	const verdict = allow ? 'allowed' : 'denied';
	ctx.log(
		container,
		`${goLogTime(ctx)} [gRPCv3][${verdict}]: ${String(http['host'] ?? '')}${String(http['path'] ?? '')}, attributes: ${text}`
	);
	const common = [
		option(RECEIVED_HEADER, notTooLong(text)),
		option(OVERRIDE_HEADER, OVERRIDE_GRPC_VALUE)
	];
	const body = allow
		? {
				status: { code: 0 },
				okResponse: { headers: [option(RESULT_HEADER, 'allowed'), ...common] }
			}
		: {
				status: { code: 7 },
				deniedResponse: {
					status: { code: 403 },
					body: DENY_BODY,
					headers: [option(RESULT_HEADER, 'denied'), ...common]
				}
			};
	return makeResponse(200, utf8(JSON.stringify(body)), [['content-type', 'application/json']]);
}

/** Go's `%v` of an http.Header: `map[Key:[v1 v2] …]`, keys sorted. */
function goHeaderMap(headers: readonly Header[]): string {
	const grouped = new Map<string, string[]>();
	for (const [k, v] of headers) {
		if (k.toLowerCase() === 'host') continue;
		const key = canonicalHeader(k);
		grouped.set(key, [...(grouped.get(key) ?? []), v]);
	}
	const keys = [...grouped.keys()].sort();
	return `map[${keys.map((k) => `${k}:[${(grouped.get(k) ?? []).join(' ')}]`).join(' ')}]`;
}

/** ExtAuthzServer.ServeHTTP. */
function serveHttp(ctx: HostContext, container: string, req: ServerRequest) {
	const host = getHeader(req.headers, 'host') ?? '';
	const l = `${req.method} ${host}${req.target}, headers: ${goHeaderMap(req.headers)}, body: [${notTooLong(fromUtf8(req.body))}]\n`;
	const allow = getHeader(req.headers, CHECK_HEADER) === ALLOWED_VALUE;
	ctx.log(container, `${goLogTime(ctx)} [HTTP][${allow ? 'allowed' : 'denied'}]: ${l.trimEnd()}`);
	const headers: Header[] = [
		[canonicalHeader(RESULT_HEADER), allow ? 'allowed' : 'denied'],
		[canonicalHeader(OVERRIDE_HEADER), getHeader(req.headers, OVERRIDE_HEADER) ?? ''],
		// net/http writes a header value's newlines as spaces (headerNewlineToSpace).
		[canonicalHeader(RECEIVED_HEADER), l.replace(/[\r\n]/g, ' ')]
	];
	return allow
		? makeResponse(200, '', headers)
		: makeResponse(403, DENY_BODY, [...headers, ['Content-Type', 'text/plain; charset=utf-8']]);
}

export function extAuthzProgram(): ContainerProgram {
	return {
		async start(ctx, spec) {
			const c = spec.name;
			listenOrCrash(ctx, 8000, (req) => serveHttp(ctx, c, req));
			ctx.log(c, `${goLogTime(ctx)} Starting HTTP server at [::]:8000`);
			listenOrCrash(ctx, 9000, (req) =>
				req.method === 'POST' && req.path === CHECK_PATH
					? check(ctx, c, req)
					: makeResponse(415, '', [['content-type', 'text/plain']])
			);
			ctx.log(c, `${goLogTime(ctx)} Starting gRPC server at [::]:9000`);
		},
		binaries: {}
	};
}
