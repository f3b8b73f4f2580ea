/**
 * Bookinfo `reviews` (Istio samples/bookinfo/src/reviews, a JAX-RS service on WebSphere Liberty,
 * port 9080). v1 shows no stars; v2 asks ratings and shows black stars; v3 red ones. The build
 * bakes ENABLE_RATINGS and STAR_COLOR into each image; env can override them here too.
 */
import type { Header, HttpResponse } from '../../net/http/message.ts';
import { fromUtf8, getHeader, makeResponse } from '../../net/http/message.ts';
import { httpRequest } from '../../net/http/client.ts';
import type { ServerRequest } from '../../net/http/server.ts';
import type { ContainerProgram, ContainerSpec, HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { listenOrCrash } from '../app-server.ts';

export const REVIEWS_PORT = 9080;

export interface ReviewsConfig {
	readonly ratingsEnabled: boolean;
	readonly starColor: string;
	/** `http://ratings:9080/ratings` (RATINGS_HOSTNAME, SERVICES_DOMAIN, RATINGS_SERVICE_PORT). */
	readonly ratingsService: string;
	readonly podName: string;
	/** CLUSTER_NAME; Java prints a missing one as "null". */
	readonly clusterName: string;
}

/** Headers the sample forwards to ratings (LibertyRestEndpoint.headers_to_propagate). */
const PROPAGATE = [
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
	'sw8',
	'end-user',
	'user-agent',
	'cookie',
	'authorization',
	'jwt'
];

const REVIEWER1_TEXT =
	'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!';
const REVIEWER2_TEXT =
	'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.';
export const RATINGS_UNAVAILABLE = 'Ratings service is currently unavailable';

/** The version baked into the image name: `…/examples-bookinfo-reviews-v2:1.20.3` → 2. */
export function reviewsVersion(image: string): number {
	const m = /reviews-v(\d+)/.exec(image);
	return m ? Number(m[1]) : 1;
}

export function reviewsConfig(ctx: HostContext, container: ContainerSpec): ReviewsConfig {
	const env = container.env;
	const version = reviewsVersion(container.image);
	const baked = { ratingsEnabled: version >= 2, starColor: version >= 3 ? 'red' : 'black' };
	const domain = env.SERVICES_DOMAIN === undefined ? '' : `.${env.SERVICES_DOMAIN}`;
	const host = env.RATINGS_HOSTNAME ?? 'ratings';
	const port = env.RATINGS_SERVICE_PORT ?? '9080';
	return {
		ratingsEnabled:
			env.ENABLE_RATINGS === undefined ? baked.ratingsEnabled : env.ENABLE_RATINGS === 'true',
		starColor: env.STAR_COLOR ?? baked.starColor,
		ratingsService: `http://${host}${domain}:${port}/ratings`,
		podName: env.HOSTNAME ?? ctx.spec.name,
		clusterName: env.CLUSTER_NAME ?? 'null'
	};
}

/** The reviews JSON, built field by field as the Java sample concatenates it. */
export function reviewsJson(
	config: ReviewsConfig,
	productId: string,
	stars1: number,
	stars2: number
): string {
	const rating = (stars: number): string => {
		if (!config.ratingsEnabled) return '';
		if (stars !== -1) return `, "rating": {"stars": ${stars}, "color": "${config.starColor}"}`;
		return `, "rating": {"error": "${RATINGS_UNAVAILABLE}"}`;
	};
	return (
		`{"id": "${productId}","podname": "${config.podName}","clustername": "${config.clusterName}",` +
		`"reviews": [{  "reviewer": "Reviewer1",  "text": "${REVIEWER1_TEXT}"${rating(stars1)}},` +
		`{  "reviewer": "Reviewer2",  "text": "${REVIEWER2_TEXT}"${rating(stars2)}}]}`
	);
}

/** Stars per reviewer from ratings, or -1 each when ratings cannot be reached. */
async function fetchRatings(
	ctx: HostContext,
	log: (line: string) => void,
	config: ReviewsConfig,
	productId: string,
	incoming: readonly Header[]
): Promise<[number, number]> {
	const headers: Header[] = [['Accept', 'application/json']];
	for (const name of PROPAGATE) {
		const v = getHeader(incoming, name);
		if (v !== undefined) headers.push([name, v]);
	}
	if (getHeader(headers, 'user-agent') === undefined)
		headers.push(['User-Agent', 'Apache-CXF/3.4.10']);
	// The sample gives black-star (v2) calls 10 s and the others 2.5 s: the fault-injection lesson.
	const timeout = ms(config.starColor === 'black' ? 10_000 : 2_500);
	const r = await httpRequest(ctx, {
		url: `${config.ratingsService}/${productId}`,
		headers,
		timeout
	});
	if (r.type === 'error') {
		log(
			`Error: unable to contact ${config.ratingsService} got exception javax.ws.rs.ProcessingException: ${javaException(r.error.type)}`
		);
		return [-1, -1];
	}
	if (r.response.status !== 200) {
		log(`Error: unable to contact ${config.ratingsService} got status of ${r.response.status}`);
		return [-1, -1];
	}
	try {
		const parsed = JSON.parse(fromUtf8(r.response.body)) as { ratings?: Record<string, unknown> };
		const s1 = parsed.ratings?.Reviewer1;
		const s2 = parsed.ratings?.Reviewer2;
		return [typeof s1 === 'number' ? s1 : -1, typeof s2 === 'number' ? s2 : -1];
	} catch {
		return [-1, -1];
	}
}

function javaException(kind: string): string {
	switch (kind) {
		case 'connect':
			return 'java.net.ConnectException: Connection refused';
		case 'timeout':
		case 'connect-timeout':
			return 'java.net.SocketTimeoutException: Read timed out';
		case 'dns':
			return 'java.net.UnknownHostException: ratings';
		default:
			return 'java.net.SocketException: Connection reset';
	}
}

export async function handleReviews(
	ctx: HostContext,
	config: ReviewsConfig,
	log: (line: string) => void,
	req: ServerRequest
): Promise<HttpResponse> {
	await ctx.clock.sleep(ms(1));
	const json = (status: number, body: string): HttpResponse =>
		makeResponse(status, body, [
			['X-Powered-By', 'Servlet/4.0'],
			['Content-Type', 'application/json'],
			['Content-Language', 'en-US']
		]);
	if (req.method === 'GET' && req.path === '/health') {
		return json(200, '{"status": "Reviews is healthy"}');
	}
	const m = /^\/reviews\/(-?\d+)$/.exec(req.path);
	if (req.method === 'GET' && m) {
		const productId = String(Number(m[1]));
		let stars: [number, number] = [-1, -1];
		if (config.ratingsEnabled) stars = await fetchRatings(ctx, log, config, productId, req.headers);
		return json(200, reviewsJson(config, productId, stars[0], stars[1]));
	}
	return makeResponse(404, '', [
		['X-Powered-By', 'Servlet/4.0'],
		['Content-Language', 'en-US']
	]);
}

export function reviewsProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const config = reviewsConfig(ctx, container);
			const log = (line: string): void => ctx.log(container.name, line);
			log(
				'Launching defaultServer (WebSphere Application Server 22.0.0.13/wlp-1.0.70.cl221320221129-1902) on Eclipse OpenJ9 VM, version 1.8.0_352-b08 (en_US)'
			);
			listenOrCrash(ctx, REVIEWS_PORT, (req) => handleReviews(ctx, config, log, req));
			log(
				'[AUDIT   ] CWWKT0016I: Web application available (default_host): http://' +
					ctx.spec.name +
					':9080/'
			);
			log('[AUDIT   ] CWWKF0011I: The defaultServer server is ready to run a smarter planet.');
		},
		binaries: {}
	};
}
