/**
 * Bookinfo `productpage` (Istio samples/bookinfo/src/productpage/productpage.py, Flask on 9080):
 * calls details and reviews, renders the page, and serves the JSON API beside it. Timeouts and
 * the double call to reviews follow the sample, because the fault-injection lessons rely on them.
 */
import type { Header, HttpResponse } from '../../net/http/message.ts';
import { fromUtf8, getHeader, makeResponse } from '../../net/http/message.ts';
import { httpRequest } from '../../net/http/client.ts';
import { parseQuery, type ServerRequest } from '../../net/http/server.ts';
import type { ContainerProgram, ContainerSpec, HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { listenOrCrash, pythonDumps, werkzeugReason } from '../app-server.ts';
import { PRODUCTS, renderIndex, renderProductPage, type PageModel } from './productpage-html.ts';

export const PRODUCTPAGE_PORT = 9080;
/** requests.get(url, timeout=3.0) in the sample. */
const UPSTREAM_TIMEOUT = ms(3000);
/** Rendering the page costs the Python app a few milliseconds. */
const RENDER_COST = ms(3);

export const DETAILS_UNAVAILABLE =
	'Sorry, product details are currently unavailable for this book.';
export const REVIEWS_UNAVAILABLE =
	'Sorry, product reviews are currently unavailable for this book.';
const RATINGS_UNAVAILABLE = 'Sorry, product ratings are currently unavailable for this book.';

/** Headers forwarded to details and reviews (getForwardHeaders). */
const FORWARD = [
	'x-request-id',
	'x-ot-span-context',
	'x-datadog-trace-id',
	'x-datadog-parent-id',
	'x-datadog-sampling-priority',
	'traceparent',
	'tracestate',
	'x-cloud-trace-context',
	'grpc-trace-bin',
	'x-b3-traceid',
	'x-b3-spanid',
	'x-b3-parentspanid',
	'x-b3-sampled',
	'x-b3-flags',
	'user-agent',
	'cookie',
	'authorization',
	'jwt'
];

export interface Upstreams {
	readonly details: string;
	readonly reviews: string;
	readonly ratings: string;
}

export function upstreams(container: ContainerSpec): Upstreams {
	const env = container.env;
	const domain = env.SERVICES_DOMAIN === undefined ? '' : `.${env.SERVICES_DOMAIN}`;
	const svc = (name: string): string => {
		const upper = name.toUpperCase();
		const host = env[`${upper}_HOSTNAME`] ?? name;
		const port = env[`${upper}_SERVICE_PORT`] ?? '9080';
		return `http://${host}${domain}:${port}`;
	};
	return { details: svc('details'), reviews: svc('reviews'), ratings: svc('ratings') };
}

function cookie(headers: readonly Header[], name: string): string | undefined {
	for (const part of (getHeader(headers, 'cookie') ?? '').split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return v.join('=');
	}
	return undefined;
}

function forwardHeaders(req: ServerRequest): Header[] {
	const headers: Header[] = [
		['User-Agent', 'python-requests/2.31.0'],
		['Accept-Encoding', 'gzip, deflate'],
		['Accept', '*/*'],
		['Connection', 'keep-alive']
	];
	for (const name of FORWARD) {
		const v = getHeader(req.headers, name);
		if (v === undefined) continue;
		const at = headers.findIndex(([n]) => n.toLowerCase() === name);
		if (at === -1) headers.push([name, v]);
		else headers[at] = [headers[at]?.[0] ?? name, v];
	}
	const user = cookie(req.headers, 'user');
	if (user) headers.push(['end-user', user]);
	return headers;
}

type Fetched = { status: number; body: Record<string, unknown> };

/** One GET to an upstream, judged as `requests` would: a 2xx-3xx with JSON is a success. */
async function fetchJson(
	ctx: HostContext,
	url: string,
	headers: Header[]
): Promise<Fetched | number> {
	const r = await httpRequest(ctx, { url, headers, timeout: UPSTREAM_TIMEOUT });
	if (r.type === 'error') return 500;
	if (r.response.status !== 200) return r.response.status;
	try {
		return { status: 200, body: JSON.parse(fromUtf8(r.response.body)) as Record<string, unknown> };
	} catch {
		return 500;
	}
}

async function getUpstream(
	ctx: HostContext,
	url: string,
	headers: Header[],
	attempts: number,
	unavailable: string
): Promise<Fetched> {
	let last: Fetched | number = 500;
	// The sample calls reviews twice on failure ("bug introduced explicitly for illustration").
	for (let i = 0; i < attempts; i++) {
		last = await fetchJson(ctx, url, headers);
		if (typeof last !== 'number') return last;
	}
	return { status: last as number, body: { error: unavailable } };
}

const html = (status: number, body: string, extra: Header[] = []): HttpResponse =>
	makeResponse(status, body, [['Content-Type', 'text/html; charset=utf-8'], ...extra]);
const json = (status: number, body: unknown): HttpResponse =>
	makeResponse(status, pythonDumps(body), [['Content-Type', 'application/json']]);

const NOT_FOUND = `<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
`;
const METHOD_NOT_ALLOWED = `<!doctype html>
<html lang=en>
<title>405 Method Not Allowed</title>
<h1>Method Not Allowed</h1>
<p>The method is not allowed for the requested URL.</p>
`;

function redirect(location: string, extra: Header[]): HttpResponse {
	const body = `<!doctype html>
<html lang=en>
<title>Redirecting...</title>
<h1>Redirecting...</h1>
<p>You should be redirected automatically to the target URL: <a href="${location}">${location}</a>. If not, click the link.
`;
	return html(302, body, [['Location', location], ...extra]);
}

/** Routes and the methods Flask allows on them (GET routes also answer HEAD and OPTIONS). */
function route(path: string): { name: string; methods: string[]; id?: string } | undefined {
	if (path === '/' || path === '/index.html') return { name: 'index', methods: ['GET'] };
	if (path === '/health') return { name: 'health', methods: ['GET'] };
	if (path === '/login') return { name: 'login', methods: ['POST'] };
	if (path === '/logout') return { name: 'logout', methods: ['GET'] };
	if (path === '/productpage') return { name: 'productpage', methods: ['GET'] };
	if (path === '/api/v1/products') return { name: 'products', methods: ['GET'] };
	const m = /^\/api\/v1\/products\/([^/]+)(\/reviews|\/ratings)?$/.exec(path);
	if (m) return { name: `product${m[2] ?? ''}`, methods: ['GET'], id: m[1] ?? '' };
	return undefined;
}

export async function handleProductPage(
	ctx: HostContext,
	up: Upstreams,
	req: ServerRequest
): Promise<HttpResponse> {
	const r = route(req.path);
	if (!r) return html(404, NOT_FOUND);
	const method = req.method.toUpperCase();
	const allowed = r.methods.includes(method) || (method === 'HEAD' && r.methods.includes('GET'));
	if (!allowed)
		return html(405, METHOD_NOT_ALLOWED, [['Allow', [...r.methods, 'OPTIONS'].join(', ')]]);
	const headers = forwardHeaders(req);
	switch (r.name) {
		case 'index':
			return html(200, renderIndex(serviceTable(up)));
		case 'health':
			return html(200, 'Product page is healthy');
		case 'login': {
			const form = parseQuery(fromUtf8(req.body));
			const user = form.find(([k]) => k === 'username')?.[1] ?? '';
			const back = getHeader(req.headers, 'referer') ?? '/productpage';
			return redirect(back, [['Set-Cookie', `user=${encodeURIComponent(user)}; Path=/`]]);
		}
		case 'logout': {
			const back = getHeader(req.headers, 'referer') ?? '/productpage';
			return redirect(back, [
				['Set-Cookie', 'user=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']
			]);
		}
		case 'productpage': {
			await ctx.clock.sleep(RENDER_COST);
			const product = PRODUCTS[0];
			if (!product) return html(500, 'Internal Server Error');
			const details = await getUpstream(
				ctx,
				`${up.details}/details/0`,
				headers,
				1,
				DETAILS_UNAVAILABLE
			);
			const reviews = await getUpstream(
				ctx,
				`${up.reviews}/reviews/0`,
				headers,
				2,
				REVIEWS_UNAVAILABLE
			);
			const model: PageModel = {
				product,
				detailsStatus: details.status,
				details: details.body,
				reviewsStatus: reviews.status,
				reviews: reviews.body,
				user: decodeURIComponent(cookie(req.headers, 'user') ?? '')
			};
			return html(200, renderProductPage(model));
		}
		case 'products':
			return json(200, PRODUCTS);
		case 'product': {
			const d = await getUpstream(
				ctx,
				`${up.details}/details/${r.id}`,
				headers,
				1,
				DETAILS_UNAVAILABLE
			);
			return json(d.status, d.body);
		}
		case 'product/reviews': {
			const v = await getUpstream(
				ctx,
				`${up.reviews}/reviews/${r.id}`,
				headers,
				2,
				REVIEWS_UNAVAILABLE
			);
			return json(v.status, v.body);
		}
		case 'product/ratings': {
			const g = await getUpstream(
				ctx,
				`${up.ratings}/ratings/${r.id}`,
				headers,
				1,
				RATINGS_UNAVAILABLE
			);
			return json(g.status, g.body);
		}
		default:
			return html(404, NOT_FOUND);
	}
}

/** The json2html table of the service tree the index page shows. */
function serviceTable(up: Upstreams): string {
	const row = (name: string, endpoint: string, children: string): string =>
		`<table class="table table-condensed table-bordered table-hover"><tr><th>name</th><td>${name}</td></tr><tr><th>endpoint</th><td>${endpoint}</td></tr><tr><th>children</th><td>${children}</td></tr></table>`;
	const leaf = (name: string, endpoint: string): string =>
		`<table class="table table-condensed table-bordered table-hover"><tr><th>name</th><th>endpoint</th><th>children</th></tr><tr><td>${name}</td><td>${endpoint}</td><td></td></tr></table>`;
	return row(
		up.details,
		'details',
		`${leaf(up.details, 'details')}${row(up.reviews, 'reviews', leaf(up.ratings, 'ratings'))}`
	);
}

export function productPageProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const up = upstreams(container);
			const name = container.name;
			listenOrCrash(
				ctx,
				PRODUCTPAGE_PORT,
				async (req) => werkzeugReason(await handleProductPage(ctx, up, req)),
				{
					defaultHeaders: [['Server', 'gunicorn']],
					onResponse(req, res) {
						ctx.log(
							name,
							`INFO:root:${req.remote.ip} "${req.method} ${req.target} ${req.version}" ${res.status}`
						);
					}
				}
			);
			ctx.log(name, `INFO:root:start at port ${PRODUCTPAGE_PORT}`);
		},
		binaries: {}
	};
}
