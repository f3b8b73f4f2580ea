/**
 * httpbin, in the two builds Istio's samples use: mccutchen/go-httpbin (today's
 * samples/httpbin/httpbin.yaml, port 8080) and kennethreitz/httpbin (older docs, Flask on port 80).
 * They differ in small ways users see: Go lists header values as arrays and adds `method`.
 */
import type { Header, HttpResponse } from '../net/http/message.ts';
import { fromUtf8, getHeader, makeResponse } from '../net/http/message.ts';
import { parseQuery, type ServerRequest } from '../net/http/server.ts';
import type { ContainerProgram, HostContext } from '../runtime/host.ts';
import { ms } from '../types.ts';
import { wait } from '../clock.ts';
import { clfTime, isoTime, listenOrCrash, werkzeugReason } from './app-server.ts';

export type HttpbinFlavor = 'go' | 'python';

/** Go's textproto.CanonicalMIMEHeaderKey (werkzeug title-cases the same way). */
export function canonicalHeader(name: string): string {
	return name
		.toLowerCase()
		.split('-')
		.map((p) => (p === '' ? p : p[0]?.toUpperCase() + p.slice(1)))
		.join('-');
}

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
	const out: Record<string, T> = {};
	for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
	return out;
}

/** Repeated keys collect into lists: Go always lists, Python only when repeated. */
function multi(
	flavor: HttpbinFlavor,
	pairs: readonly (readonly [string, string])[]
): Record<string, unknown> {
	const grouped = new Map<string, string[]>();
	for (const [k, v] of pairs) grouped.set(k, [...(grouped.get(k) ?? []), v]);
	return sortedObject(
		[...grouped].map(([k, vs]): [string, unknown] => [
			k,
			flavor === 'go' || vs.length > 1 ? vs : vs[0]
		])
	);
}

function headersOf(flavor: HttpbinFlavor, req: ServerRequest): Record<string, unknown> {
	const pairs: [string, string][] = req.headers.map(([n, v]) => [canonicalHeader(n), v]);
	return multi(flavor, pairs);
}

function origin(flavor: HttpbinFlavor, req: ServerRequest): string {
	const xff = getHeader(req.headers, 'x-forwarded-for');
	if (xff === undefined) return req.remote.ip;
	const hops = xff.split(',').map((s) => s.trim());
	return flavor === 'go' ? (hops[0] ?? req.remote.ip) : hops.join(', ');
}

/** httpbin's get_url: the scheme a proxy in front reports (`X-Forwarded-Proto`), else http. */
function fullUrl(req: ServerRequest): string {
	const scheme = getHeader(req.headers, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
	return `${scheme}://${getHeader(req.headers, 'host') ?? req.local.ip}${req.target}`;
}

function json(flavor: HttpbinFlavor, status: number, value: unknown): HttpResponse {
	// Go's json.Encoder with SetIndent("", "  "); Flask's jsonify(indent=2): both end with "\n".
	return makeResponse(status, `${JSON.stringify(value, null, 2)}\n`, [
		['Content-Type', flavor === 'go' ? 'application/json; charset=utf-8' : 'application/json']
	]);
}

function requestInfo(
	flavor: HttpbinFlavor,
	req: ServerRequest,
	withBody: boolean
): Record<string, unknown> {
	const base: [string, unknown][] = [
		['args', multi(flavor, parseQuery(req.query))],
		['headers', headersOf(flavor, req)]
	];
	if (flavor === 'go') base.push(['method', req.method]);
	base.push(['origin', origin(flavor, req)], ['url', fullUrl(req)]);
	if (withBody) {
		const type = (getHeader(req.headers, 'content-type') ?? '').toLowerCase();
		const text = fromUtf8(req.body);
		const isForm = type.startsWith('application/x-www-form-urlencoded');
		let parsed: unknown = null;
		if (type.includes('json') || (!isForm && /^\s*[[{]/.test(text))) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = null;
			}
		}
		base.push(
			['data', isForm ? '' : text],
			['files', {}],
			['form', isForm ? multi(flavor, parseQuery(text)) : {}],
			['json', parsed]
		);
	}
	// Flask sorts keys; Go keeps its struct's field order.
	return flavor === 'python' ? sortedObject(base) : Object.fromEntries(base);
}

/** `200,500` or `200:0.9,500:0.1`: a weighted choice, seeded. */
function chooseStatus(ctx: HostContext, spec: string): number | undefined {
	const choices = spec.split(',').map((c) => {
		const [code = '', weight = '1'] = c.split(':');
		return { code: Number(code), weight: Number(weight) };
	});
	if (
		choices.some(
			(c) => !Number.isInteger(c.code) || c.code < 100 || c.code > 599 || !(c.weight >= 0)
		)
	) {
		return undefined;
	}
	const total = choices.reduce((s, c) => s + c.weight, 0);
	let x = ctx.rng.next() * total;
	for (const c of choices) {
		x -= c.weight;
		if (x < 0) return c.code;
	}
	return choices[choices.length - 1]?.code;
}

function uuid4(ctx: HostContext): string {
	const hex = Array.from({ length: 32 }, () => ctx.rng.int(16).toString(16));
	hex[12] = '4';
	hex[16] = (8 + ctx.rng.int(4)).toString(16);
	const h = hex.join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const TEAPOT = `
    -=[ teapot ]=-

       _...._
     .'  _ _ \`.
    | ."\` ^ \`". _,
    \\_;\`"---"\`|//
      |       ;/
      \\_     _/
        \`"""\`
`;

function indexPage(flavor: HttpbinFlavor): string {
	const name = flavor === 'go' ? 'go-httpbin' : 'httpbin.org';
	return `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>${name}</title>
</head>
<body>
<h1>${name}</h1>
<p>A simple HTTP Request &amp; Response Service.</p>
<ul>
<li><a href="/get">/get</a> Returns GET data.</li>
<li><a href="/headers">/headers</a> Returns request headers.</li>
<li><a href="/ip">/ip</a> Returns origin IP.</li>
<li><a href="/status/418">/status/:code</a> Returns given HTTP Status code.</li>
<li><a href="/delay/3">/delay/:n</a> Delays responding for min(n, 10) seconds.</li>
</ul>
</body>
</html>
`;
}

function notFound(flavor: HttpbinFlavor): HttpResponse {
	if (flavor === 'go') {
		return makeResponse(404, '404 page not found\n', [
			['Content-Type', 'text/plain; charset=utf-8'],
			['X-Content-Type-Options', 'nosniff']
		]);
	}
	return makeResponse(
		404,
		'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n',
		[['Content-Type', 'text/html']]
	);
}

function methodNotAllowed(flavor: HttpbinFlavor): HttpResponse {
	return flavor === 'go'
		? json(flavor, 405, { status_code: 405, error: 'Method Not Allowed' })
		: makeResponse(405, '', [['Content-Type', 'text/html']]);
}

const BODY_METHODS: Record<string, string> = {
	'/post': 'POST',
	'/put': 'PUT',
	'/patch': 'PATCH',
	'/delete': 'DELETE'
};

export async function handleHttpbin(
	ctx: HostContext,
	flavor: HttpbinFlavor,
	req: ServerRequest
): Promise<HttpResponse> {
	const method = req.method.toUpperCase();
	const isGet = method === 'GET' || method === 'HEAD';
	const path = req.path;
	if (path === '/') {
		return makeResponse(200, indexPage(flavor), [['Content-Type', 'text/html; charset=utf-8']]);
	}
	if (path === '/get')
		return isGet ? json(flavor, 200, requestInfo(flavor, req, false)) : methodNotAllowed(flavor);
	const bodyMethod = BODY_METHODS[path];
	if (bodyMethod) {
		return method === bodyMethod
			? json(flavor, 200, requestInfo(flavor, req, true))
			: methodNotAllowed(flavor);
	}
	if (path === '/anything' || path.startsWith('/anything/')) {
		const info = requestInfo(flavor, req, true);
		return json(
			flavor,
			200,
			flavor === 'python' ? sortedObject([...Object.entries(info), ['method', method]]) : info
		);
	}
	if (path === '/headers') return json(flavor, 200, { headers: headersOf(flavor, req) });
	if (path === '/ip') return json(flavor, 200, { origin: origin(flavor, req) });
	if (path === '/user-agent') {
		return json(flavor, 200, { 'user-agent': getHeader(req.headers, 'user-agent') ?? '' });
	}
	if (path === '/uuid') return json(flavor, 200, { uuid: uuid4(ctx) });
	if (path === '/hostname')
		return json(flavor, 200, { hostname: flavor === 'go' ? 'go-httpbin' : ctx.spec.name });
	const status = /^\/status\/([^/]+)$/.exec(path);
	if (status) {
		const code = chooseStatus(ctx, status[1] ?? '');
		if (code === undefined) {
			return flavor === 'go'
				? json(flavor, 400, {
						status_code: 400,
						error: 'Bad Request',
						detail: 'invalid status code'
					})
				: makeResponse(400, 'Invalid status code', [['Content-Type', 'text/html; charset=utf-8']]);
		}
		if (code === 418)
			return makeResponse(418, TEAPOT, [['X-More-Info', 'http://tools.ietf.org/html/rfc2324']]);
		const extra: Header[] = code >= 300 && code < 400 ? [['Location', '/redirect/1']] : [];
		return makeResponse(code, '', [['Content-Type', 'text/html; charset=utf-8'], ...extra]);
	}
	const redirect = /^\/redirect\/(\d+)$/.exec(path);
	if (redirect) {
		const n = Number(redirect[1]);
		const location = n > 1 ? `/redirect/${n - 1}` : '/get';
		return makeResponse(302, '', [['Location', location]]);
	}
	if (path === '/redirect-to') {
		const to = parseQuery(req.query).find(([k]) => k === 'url')?.[1];
		if (to === undefined) return notFound(flavor);
		return makeResponse(302, '', [['Location', to]]);
	}
	const delay = /^\/delay\/([^/]+)$/.exec(path);
	if (delay) {
		const seconds = Number(delay[1]);
		if (!Number.isFinite(seconds) || seconds < 0) return notFound(flavor);
		if (flavor === 'go' && seconds > 10) {
			return json(flavor, 400, {
				status_code: 400,
				error: 'Bad Request',
				detail: `duration ${seconds}s > max 10s`
			});
		}
		await wait(ctx.clock, ms(Math.min(seconds, 10) * 1000));
		return json(flavor, 200, requestInfo(flavor, req, true));
	}
	return notFound(flavor);
}

/**
 * The gunicorn command line of the python image: its CMD (`gunicorn -b 0.0.0.0:80 httpbin:app
 * -k gevent`) unless the pod's `command` replaces it, as the mirroring task's does (`gunicorn
 * --access-logfile - -b 0.0.0.0:80 httpbin:app`: the sync worker, an access log on stdout).
 */
export function gunicornOptions(command: readonly string[] | undefined): {
	worker: string;
	accessLog: boolean;
} {
	if (!command || command.length === 0) return { worker: 'gevent', accessLog: false };
	const value = (flags: string[]) => {
		const i = command.findIndex((a) => flags.includes(a));
		return i >= 0 ? command[i + 1] : undefined;
	};
	return {
		worker: value(['-k', '--worker-class']) ?? 'sync',
		accessLog: value(['--access-logfile']) === '-'
	};
}

/** gunicorn's default access_log_format: `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`. */
function gunicornAccessLine(req: ServerRequest, res: HttpResponse, at: number): string {
	const header = (n: string) => getHeader(req.headers, n) ?? '-';
	const bytes = res.body.length > 0 ? String(res.body.length) : '-';
	return `${req.remote.ip} - - [${clfTime(ms(at))} +0000] "${req.method} ${req.target} ${req.version}" ${res.status} ${bytes} "${header('referer')}" "${header('user-agent')}"`;
}

export function httpbinProgram(flavor: HttpbinFlavor): ContainerProgram {
	return {
		async start(ctx, container) {
			const name = container.name;
			const gunicorn = gunicornOptions(container.command);
			const port = flavor === 'go' ? Number(container.env.PORT ?? 8080) : 80;
			const corsHeaders: Header[] = [
				['Access-Control-Allow-Credentials', 'true'],
				['Access-Control-Allow-Origin', '*']
			];
			listenOrCrash(
				ctx,
				port,
				async (req) => {
					const res = await handleHttpbin(ctx, flavor, req);
					return flavor === 'python' ? werkzeugReason(res) : res;
				},
				{
					defaultHeaders:
						flavor === 'go' ? corsHeaders : [['Server', 'gunicorn/19.9.0'], ...corsHeaders],
					onResponse(req, res, at) {
						if (flavor !== 'go') {
							if (gunicorn.accessLog) ctx.log(name, gunicornAccessLine(req, res, at));
							return;
						}
						ctx.log(
							name,
							`time="${isoTime(at)}" status=${res.status} method="${req.method}" uri="${req.target}" size_bytes=${res.body.length} duration_ms=0.05 user_agent="${getHeader(req.headers, 'user-agent') ?? ''}" client_ip=${origin(flavor, req)}`
						);
					}
				}
			);
			const now = isoTime(ctx.clock.now());
			if (flavor === 'go') {
				ctx.log(
					name,
					`time="${now}" level=INFO msg="go-httpbin listening on http://0.0.0.0:${port}"`
				);
			} else {
				const t = now.replace('T', ' ').replace(/\.\d+Z$/, ' +0000');
				ctx.log(name, `[${t}] [1] [INFO] Starting gunicorn 19.9.0`);
				ctx.log(name, `[${t}] [1] [INFO] Listening at: http://0.0.0.0:${port} (1)`);
				// The gevent worker boots as pid 8, the sync one as pid 9 (what each image shows).
				const pid = gunicorn.worker === 'gevent' ? 8 : 9;
				ctx.log(name, `[${t}] [1] [INFO] Using worker: ${gunicorn.worker}`);
				ctx.log(name, `[${t}] [${pid}] [INFO] Booting worker with pid: ${pid}`);
			}
		},
		binaries: {}
	};
}
