/**
 * The waypoint end to end: a client tunnel in (HBONE as `curl`), L7 policy, routes, filters,
 * and out over HBONE to a real destination ztunnel and the apps behind it.
 */
import { describe, expect, it } from 'vitest';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import type {
	L7Authorization,
	RouteRule,
	ServiceRoutes
} from '../../../src/mesh/xds/waypoint-config.ts';
import { parseStringMatch } from '../../../src/mesh/proxy/l7/rbac.ts';
import { gatewayRole } from '../../../src/mesh/apps/istio/waypoint.ts';
import { baseConfig, createMesh, header, text } from './harness.ts';
import { parseWaypointConfig } from '../../../src/mesh/xds/waypoint-config.ts';

const REVIEWS = '10.96.0.20:9080';
const FLAKY = '10.96.0.23:80';
const backend = (name: string, weight = 1, port = 9080) => ({
	hostname: `${name}.default.svc.cluster.local`,
	port,
	weight
});
const routesFor = (
	svc: string,
	rules: RouteRule[],
	kind: ServiceRoutes['kind'] = 'HTTPRoute'
): ServiceRoutes => ({
	hostname: `${svc}.default.svc.cluster.local`,
	source: `default/${svc}`,
	kind,
	rules
});
const allowGetFromCurl: L7Authorization = {
	name: 'productpage-viewer',
	namespace: 'default',
	action: 'ALLOW',
	target: { kind: 'Service', hostnames: ['reviews.default.svc.cluster.local'] },
	rules: [
		{
			from: [{ principals: [parseStringMatch('cluster.local/ns/default/sa/curl')] }],
			to: [{ methods: ['GET'] }],
			when: []
		}
	]
};

describe('waypoint data path', () => {
	it('routes a Service to itself by default, round robin over its endpoints', async () => {
		const mesh = await createMesh();
		const [a, b] = await mesh.send(REVIEWS, [{ path: '/reviews/0' }, { path: '/reviews/1' }]);
		expect([a?.status, b?.status]).toEqual([200, 200]);
		expect([text(a!), text(b!)].sort()).toEqual(
			['reviews-v1 GET /reviews/0', 'reviews-v2 GET /reviews/1'].sort()
		);
		expect(header(a!, 'server')).toBe('istio-envoy');
		expect(header(a!, 'x-envoy-upstream-service-time')).toMatch(/^\d+$/);
	});

	it('refuses an upstream that presents another identity, though our CA signed it (identity pinning)', async () => {
		// The destination ztunnel answers for bookinfo-reviews with flaky's certificate.
		const mesh = await createMesh(
			baseConfig(),
			'waypoint',
			new Map([[spiffeId('default', 'bookinfo-reviews'), spiffeId('default', 'flaky')]])
		);
		const res = await mesh.request(REVIEWS, { path: '/reviews/0' });
		expect(res.status).toBe(503);
		expect(text(res)).toContain('upstream connect error or disconnect/reset before headers');
		expect(text(res)).toContain(
			'peer did not present the expected SAN (spiffe://cluster.local/ns/default/sa/bookinfo-reviews), got spiffe://cluster.local/ns/default/sa/flaky'
		);
		expect(mesh.received.get('reviews-v1') ?? []).toEqual([]);
		expect(mesh.received.get('reviews-v2') ?? []).toEqual([]);
	});

	it("writes the access log in Istio's default format", async () => {
		const mesh = await createMesh();
		await mesh.request(REVIEWS, { path: '/reviews/0?x=1', headers: [['x-request-id', 'req-1']] });
		expect(mesh.accessLog()).toEqual([
			'[2026-01-01T00:00:00.000Z] "GET /reviews/0?x=1 HTTP/1.1" 200 - via_upstream - "-" 0 29 1 0 "-" "curl/8.16.0" "req-1" ' +
				'"10.96.0.20:9080" "envoy://connect_originate/10.244.2.7:9080" ' +
				'inbound-vip|9080|http|reviews.default.svc.cluster.local envoy://internal_client_address/ ' +
				'10.96.0.20:9080 10.244.1.5:41000 - default'
		]);
	});

	it('writes no access log unless a Telemetry turns it on (the ambient profile has none)', async () => {
		const mesh = await createMesh(baseConfig({ accessLogging: false }));
		const res = await mesh.request(REVIEWS, { path: '/reviews/0' });
		expect(res.status).toBe(200);
		expect(mesh.accessLog()).toEqual([]);
		// Traces still see the request: they come from the proxy's own report, not its log.
		expect(mesh.reports.length).toBeGreaterThan(0);
	});

	it('forwards with its own identity; the app learns the client from XFCC, and the trace id flows', async () => {
		const mesh = await createMesh();
		const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
		await mesh.request('10.96.0.21:9080', { headers: [['traceparent', traceparent]] });
		const got = mesh.received.get('reviews-v1')?.[0];
		const h = (n: string) => got?.headers.find(([k]) => k.toLowerCase() === n)?.[1];
		expect(h('traceparent')).toBe(traceparent);
		expect(h('x-forwarded-client-cert')).toMatch(
			/^By=spiffe:\/\/cluster\.local\/ns\/default\/sa\/waypoint;Hash=[0-9a-f]{64};Subject="";URI=spiffe:\/\/cluster\.local\/ns\/default\/sa\/curl$/
		);
		expect(h('x-request-id')).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
		// The destination ztunnel sees the waypoint, not curl.
		expect(mesh.ztunnelLogs.find((l) => l.includes('connection complete'))).toContain(
			'src.identity="spiffe://cluster.local/ns/default/sa/waypoint"'
		);
		const [event] = mesh.reports;
		expect(event).toMatchObject({
			traceId: '0af7651916cd43dd8448eb211c80319c',
			reporter: 'waypoint',
			layer: 'L7',
			direction: 'inbound',
			mtls: true,
			waypoint: 'default/waypoint',
			src: {
				ip: '10.244.1.5',
				identity: 'spiffe://cluster.local/ns/default/sa/curl',
				workload: 'default/curl-abc12'
			},
			dst: { ip: '10.244.2.7', port: 9080, workload: 'default/reviews-v1-abc12' },
			decision: { result: 'allow', reason: 'allow: no ALLOW policies' },
			http: {
				method: 'GET',
				path: '/',
				status: 200,
				backend: 'reviews-v1.default.svc.cluster.local:9080',
				responseFlags: '-'
			}
		});
	});

	it('takes the trace id from the CONNECT when the request has none', async () => {
		const mesh = await createMesh();
		const t = await mesh.tunnel('10.96.0.21:9080', {
			traceparent: '00-11111111111111111111111111111111-2222222222222222-00'
		});
		expect(typeof t).not.toBe('string');
		if (typeof t === 'string') return;
		t.write(
			new TextEncoder().encode(
				'GET / HTTP/1.1\r\nhost: reviews-v1:9080\r\nconnection: close\r\n\r\n'
			)
		);
		await mesh.drive(
			(async () => {
				for (;;) {
					const r = await t.read();
					if (r.type !== 'data') return;
				}
			})()
		);
		expect(mesh.reports[0]?.traceId).toBe('11111111111111111111111111111111');
	});

	it('denies with 403 RBAC: access denied, as Envoy does', async () => {
		const mesh = await createMesh(baseConfig({ policies: [allowGetFromCurl] }));
		const denied = await mesh.request(REVIEWS, { method: 'DELETE' });
		expect(denied.status).toBe(403);
		expect(text(denied)).toBe('RBAC: access denied');
		expect(header(denied, 'content-type')).toBe('text/plain');
		expect(mesh.received.size).toBe(0);
		expect(mesh.accessLog()[0]).toMatch(
			/"DELETE \/ HTTP\/1\.1" 403 - rbac_access_denied_matched_policy\[none\] - "-" 0 19 \d+ - .* "-" inbound-vip\|9080\|http\|reviews\.default\.svc\.cluster\.local - 10\.96\.0\.20:9080 10\.244\.1\.5:41000 - default$/
		);
		expect(mesh.reports[0]?.decision).toEqual({
			result: 'deny',
			unmatched: ['default/productpage-viewer'],
			reason: 'no ALLOW policy matched'
		});
		const allowed = await mesh.request(REVIEWS);
		expect(allowed.status).toBe(200);
		expect(mesh.reports[1]?.decision).toEqual({
			result: 'allow',
			policy: 'default/productpage-viewer',
			rule: 0,
			reason: 'allowed by default/productpage-viewer'
		});
	});

	it('applies a Service-targeted policy only to that service', async () => {
		const mesh = await createMesh(baseConfig({ policies: [allowGetFromCurl] }));
		expect((await mesh.request('10.96.0.21:9080', { method: 'DELETE' })).status).toBe(200);
	});

	it('splits 90/10 over 100 requests with the seeded rng', async () => {
		const route = routesFor('reviews', [
			{ matches: [], backends: [backend('reviews-v1', 90), backend('reviews-v2', 10)] }
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		const responses = await mesh.send(
			REVIEWS,
			Array.from({ length: 100 }, () => ({ path: '/r' }))
		);
		const v1 = responses.filter((r) => text(r).startsWith('reviews-v1')).length;
		const v2 = responses.filter((r) => text(r).startsWith('reviews-v2')).length;
		expect(v1 + v2).toBe(100);
		expect(v1).toBeGreaterThanOrEqual(82);
		expect(v2).toBeGreaterThanOrEqual(3);
		expect(mesh.reports[0]?.http?.route).toBe('default/reviews');
		expect(mesh.accessLog()[0]).toMatch(
			/ outbound\|9080\|\|reviews-v\d\.default\.svc\.cluster\.local .* default\.reviews\.0$/
		);
	});

	it('matches headers and modifies request and response headers', async () => {
		const route = routesFor('reviews', [
			{
				matches: [{ headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }],
				backends: [backend('reviews-v2')],
				requestHeaderModifier: { set: [{ name: 'x-canary', value: 'yes' }], remove: ['x-secret'] },
				responseHeaderModifier: { add: [{ name: 'x-route', value: 'jason' }] }
			},
			{ matches: [], backends: [backend('reviews-v1')] }
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		const [jason, other] = await mesh.send(REVIEWS, [
			{
				headers: [
					['end-user', 'jason'],
					['x-secret', 's3cr3t']
				]
			},
			{ headers: [['end-user', 'kim']] }
		]);
		expect(text(jason!)).toMatch(/^reviews-v2/);
		expect(header(jason!, 'x-route')).toBe('jason');
		expect(text(other!)).toMatch(/^reviews-v1/);
		expect(header(other!, 'x-route')).toBeUndefined();
		const seen = mesh.received.get('reviews-v2')?.[0]?.headers ?? [];
		expect(seen.find(([n]) => n === 'x-canary')?.[1]).toBe('yes');
		expect(seen.some(([n]) => n === 'x-secret')).toBe(false);
	});

	it('answers 404 NR when routes exist and none matches', async () => {
		const route = routesFor('reviews', [
			{ matches: [{ path: { type: 'Exact', value: '/only' } }], backends: [backend('reviews-v1')] }
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		expect((await mesh.request(REVIEWS, { path: '/other' })).status).toBe(404);
		expect(mesh.accessLog()[0]).toContain('" 404 NR route_not_found - "-"');
	});

	it('times out with 504 upstream request timeout (UT) in sim time', async () => {
		const route = routesFor('reviews', [
			{ matches: [], backends: [backend('reviews-v1')], timeoutMs: 1000 }
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		const res = await mesh.request(REVIEWS, { path: '/slow' });
		expect(res.status).toBe(504);
		expect(text(res)).toBe('upstream request timeout');
		expect(mesh.accessLog()[0]).toMatch(/" 504 UT response_timeout - "-" 0 24 1001 - /);
	});

	it('retries 5xx and succeeds', async () => {
		const route = routesFor('flaky', [
			{
				matches: [],
				backends: [backend('flaky', 1, 80)],
				retries: { attempts: 3, retryOn: ['5xx'] }
			}
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		mesh.flakyFailures = 2;
		const res = await mesh.request(FLAKY);
		expect(res.status).toBe(200);
		expect(mesh.received.get('flaky')).toHaveLength(3);
		expect(mesh.accessLog()[0]).toContain('" 200 - via_upstream');
	});

	it('gives up after the retry budget with URX', async () => {
		const route = routesFor('flaky', [
			{
				matches: [],
				backends: [backend('flaky', 1, 80)],
				retries: { attempts: 1, retryOn: ['5xx'] }
			}
		]);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		mesh.flakyFailures = 5;
		const res = await mesh.request(FLAKY);
		expect(res.status).toBe(503);
		expect(text(res)).toBe('try again');
		expect(mesh.received.get('flaky')).toHaveLength(2);
		expect(mesh.accessLog()[0]).toContain('" 503 URX via_upstream');
	});

	it("retries a 503 twice by default (Istio's default retry policy)", async () => {
		const mesh = await createMesh();
		mesh.flakyFailures = 2;
		expect((await mesh.request(FLAKY)).status).toBe(200);
		expect(mesh.received.get('flaky')).toHaveLength(3);
	});

	it('injects an abort: fault filter abort, FI', async () => {
		const route = routesFor(
			'reviews',
			[
				{
					matches: [],
					backends: [backend('reviews')],
					fault: { abort: { httpStatus: 418, percentage: 100 } }
				}
			],
			'VirtualService'
		);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		const res = await mesh.request(REVIEWS);
		expect(res.status).toBe(418);
		expect(text(res)).toBe('fault filter abort');
		expect(mesh.received.size).toBe(0);
		expect(mesh.accessLog()[0]).toContain('" 418 FI fault_filter_abort - "-" 0 18 ');
	});

	it('injects a delay: DI, the response comes later in sim time', async () => {
		const route = routesFor(
			'reviews',
			[
				{
					matches: [],
					backends: [backend('reviews')],
					fault: { delay: { fixedDelayMs: 2000, percentage: 100 } }
				}
			],
			'VirtualService'
		);
		const mesh = await createMesh(baseConfig({ routes: [route] }));
		expect((await mesh.request(REVIEWS)).status).toBe(200);
		expect(mesh.accessLog()[0]).toMatch(/" 200 DI via_upstream - "-" 0 \d+ 2001 /);
	});

	it('answers 503 no healthy upstream for a service without endpoints', async () => {
		const mesh = await createMesh();
		const res = await mesh.request('10.96.0.25:80');
		expect([res.status, text(res)]).toEqual([503, 'no healthy upstream']);
		expect(mesh.accessLog()[0]).toContain('" 503 UH no_healthy_upstream');
	});

	it('refuses a CONNECT for a destination it does not serve', async () => {
		const mesh = await createMesh();
		expect(await mesh.tunnel('10.96.0.77:9080')).toBe('http status: 503 Service Unavailable');
	});

	it('serves metrics on 15020 in Prometheus text', async () => {
		const mesh = await createMesh();
		await mesh.request('10.96.0.21:9080');
		const prom = mesh.waypoint.metrics.renderPrometheus();
		expect(prom).toContain(
			'istio_requests_total{reporter="waypoint",source_workload="curl",source_canonical_service="curl",' +
				'source_canonical_revision="v1",source_workload_namespace="default",' +
				'source_principal="spiffe://cluster.local/ns/default/sa/curl",source_app="curl",source_version="v1",' +
				'source_cluster="Kubernetes",destination_workload="reviews-v1",destination_workload_namespace="default",' +
				'destination_principal="spiffe://cluster.local/ns/default/sa/bookinfo-reviews",destination_app="reviews",' +
				'destination_version="v1",destination_service="reviews-v1.default.svc.cluster.local",' +
				'destination_canonical_service="reviews",destination_canonical_revision="v1",' +
				'destination_service_name="reviews-v1",destination_service_namespace="default",' +
				'destination_cluster="Kubernetes",request_protocol="http",response_code="200",grpc_response_status="",' +
				'response_flags="-",connection_security_policy="mutual_tls"} 1'
		);
		expect(prom).toMatch(/^# TYPE istio_request_duration_milliseconds histogram$/m);
		// The request took 0.5 ms of sim time (Envoy's filter chain cost; the test net is instant).
		expect(prom).toMatch(/istio_request_duration_milliseconds_bucket\{.*,le="0.5"\} 1\n/);
		expect(prom).toMatch(/istio_request_duration_milliseconds_bucket\{.*,le="\+Inf"\} 1\n/);
		expect(prom).toMatch(/istio_request_duration_milliseconds_sum\{.*\} 0.5\n/);
		expect(mesh.waypoint.metrics.requests({ response_code: '200' })).toBe(1);
	});
});

describe('a waypoint-config push, checked at the edge', () => {
	it('is taken when well-formed and refused with a reason otherwise (the NACK text)', () => {
		const good = baseConfig({ version: 7 });
		expect(parseWaypointConfig(good)).toBe(good);
		expect(parseWaypointConfig({ ...good, version: 'x' })).toEqual({
			message: 'waypoint-config: version must be a number'
		});
		expect(parseWaypointConfig({ ...good, routes: 'all' })).toEqual({
			message: 'waypoint-config: routes must be a list of objects'
		});
		expect(parseWaypointConfig({ ...good, gatewayClassName: 'nginx' })).toEqual({
			message: 'waypoint-config: unsupported gatewayClassName nginx'
		});
		expect(parseWaypointConfig(null)).toEqual({ message: 'waypoint-config: missing config' });
	});
});

describe('ingress gateway role', () => {
	it('routes plain HTTP on the listener by Host, over HBONE in the mesh and plaintext outside', async () => {
		const listeners = [
			{
				name: 'http',
				port: 80,
				protocol: 'HTTP' as const,
				routes: [
					{
						...routesFor('bookinfo', [
							{
								matches: [{ path: { type: 'PathPrefix' as const, value: '/reviews' } }],
								backends: [backend('reviews-v1')]
							}
						]),
						hostname: '*'
					},
					{
						...routesFor('legacy', [{ matches: [], backends: [backend('legacy', 1, 80)] }]),
						hostname: 'legacy.example.com'
					}
				]
			}
		];
		const mesh = await createMesh(
			baseConfig({
				gateway: { name: 'bookinfo-gateway', namespace: 'default' },
				gatewayClassName: 'istio',
				listeners
			}),
			'gateway'
		);
		const viaMesh = await mesh.plain('10.244.1.9:80', { path: '/reviews/1' });
		expect(text(viaMesh)).toBe('reviews-v1 GET /reviews/1');
		const plain = await mesh.plain('10.244.1.9:80', { host: 'legacy.example.com', path: '/x' });
		expect(text(plain)).toBe('legacy GET /x');
		const none = await mesh.plain('10.244.1.9:80', { path: '/other' });
		expect(none.status).toBe(404);
		expect(mesh.accessLog()[1]).toContain(
			'"10.244.2.11:8080" outbound|80||legacy.default.svc.cluster.local'
		);
		expect(mesh.waypoint.metrics.requests({ reporter: 'source' })).toBe(3);
		// Traces and the Topology draw it as a gateway: it is the entry, not a waypoint on the path.
		// Each event is the hop the gateway sent on: HBONE into the mesh, plaintext outside it.
		expect(mesh.reports.map((e) => [e.reporter, e.direction, e.waypoint, e.mtls])).toEqual([
			['gateway', 'outbound', undefined, true],
			['gateway', 'outbound', undefined, false],
			['gateway', 'outbound', undefined, false]
		]);
	});
});

describe('proxyv2 role selection', () => {
	it.each([
		{ args: ['proxy', 'waypoint', '--domain', 'default.svc.cluster.local'], role: 'waypoint' },
		{ args: ['proxy', 'router', '--domain', 'default.svc.cluster.local'], role: 'gateway' },
		{ args: ['proxy', 'sidecar'], role: undefined },
		{ args: undefined, role: undefined }
	])('$args → $role', ({ args, role }) => {
		const container = {
			name: 'istio-proxy',
			image: 'docker.io/istio/proxyv2:1.30.3',
			env: {},
			ports: []
		};
		expect(gatewayRole(args ? { ...container, args } : container)).toBe(role);
	});
});
