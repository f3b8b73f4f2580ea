/**
 * Request mirroring through the waypoint, as Envoy's router shadows (envoy
 * source/common/router/shadow_writer_impl.cc: "Switch authority to add a shadow postfix",
 * `host:port` → `host-shadow:port`; "This is basically fire and forget"): the client gets the
 * main backend's answer whatever the mirror answers, and the mirror sees the `-shadow` host.
 */
import { describe, expect, it } from 'vitest';
import { ms } from '../../../src/mesh/types.ts';
import { shadowHost } from '../../../src/mesh/proxy/l7/http-proxy.ts';
import type { RouteRule, ServiceRoutes } from '../../../src/mesh/xds/waypoint-config.ts';
import { baseConfig, createMesh, text } from './harness.ts';

const REVIEWS = '10.96.0.20:9080';
const backend = (name: string, port = 9080) => ({
	hostname: `${name}.default.svc.cluster.local`,
	port,
	weight: 1
});
const reviews = (rule: RouteRule): ServiceRoutes => ({
	hostname: 'reviews.default.svc.cluster.local',
	source: 'default/reviews',
	kind: 'HTTPRoute',
	rules: [rule]
});

describe('shadow host', () => {
	it.each([
		['httpbin:8000', 'httpbin-shadow:8000'],
		['httpbin', 'httpbin-shadow'],
		['reviews.default.svc.cluster.local:9080', 'reviews.default.svc.cluster.local-shadow:9080']
	])('%s → %s', (host, want) => {
		expect(shadowHost(host)).toBe(want);
	});
});

describe('RequestMirror through the waypoint', () => {
	it('sends a shadow copy and answers with the main backend, even when the mirror fails', async () => {
		const mesh = await createMesh(
			baseConfig({
				routes: [
					reviews({
						matches: [],
						backends: [backend('reviews-v1')],
						mirrors: [{ backend: backend('flaky', 80), percentage: 100 }]
					})
				]
			})
		);
		mesh.flakyFailures = 5;
		const res = await mesh.request(REVIEWS, { path: '/reviews/0', host: 'reviews:9080' });
		await mesh.drive(new Promise<void>((r) => mesh.queue.schedule(ms(mesh.queue.now + 100), r)));
		expect(res.status).toBe(200);
		expect(text(res)).toBe('reviews-v1 GET /reviews/0');
		const shadowed = mesh.received.get('flaky') ?? [];
		expect(shadowed).toHaveLength(1);
		expect(shadowed[0]?.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]).toBe(
			'reviews-shadow:9080'
		);
		expect(shadowed[0]?.target).toBe('/reviews/0');
		// One access log line: the shadow is not a downstream request.
		expect(mesh.accessLog()).toHaveLength(1);
	});

	it('mirrors nothing at 0% and only some requests in between', async () => {
		const mesh = await createMesh(
			baseConfig({
				routes: [
					reviews({
						matches: [],
						backends: [backend('reviews-v1')],
						mirrors: [{ backend: backend('reviews-v2'), percentage: 50 }]
					})
				]
			})
		);
		for (let i = 0; i < 40; i++) await mesh.request(REVIEWS, { path: `/r/${i}` });
		await mesh.drive(new Promise<void>((r) => mesh.queue.schedule(ms(mesh.queue.now + 100), r)));
		expect(mesh.received.get('reviews-v1')).toHaveLength(40);
		const mirrored = mesh.received.get('reviews-v2')?.length ?? 0;
		expect(mirrored).toBeGreaterThan(8);
		expect(mirrored).toBeLessThan(32);
	});
});
