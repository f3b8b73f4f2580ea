/**
 * Mirrors in the routes istiod pushes: HTTPRoute `RequestMirror` (istio 1.30.3
 * pilot/pkg/config/kube/gateway/conversion.go createMirrorFilter: `fraction` as
 * 100·numerator/denominator, denominator 100 by default, else `percent`, else none = 100%) and
 * VirtualService `mirror`/`mirrors` (pilot/pkg/networking/core/route/route.go MirrorPercent and
 * MirrorPercentByPolicy: an explicit 0 mirrors nothing, absent is 100%).
 */
import { describe, expect, it } from 'vitest';
import { convertHttpRoute } from '../../../src/mesh/istiod/routes.ts';
import { virtualServiceRoutes } from '../../../src/mesh/istiod/routes-virtualservice.ts';
import { service } from './fixtures.ts';
import { httpRoute, istioObject } from './waypoint-fixtures.ts';

const v2 = service('httpbin-v2', { app: 'httpbin', version: 'v2' }, [{ port: 80 }]);
const services = new Map([['default/httpbin-v2', v2]]);
const V2 = 'httpbin-v2.default.svc.cluster.local';

const withMirror = (requestMirror: Record<string, unknown>) =>
	convertHttpRoute(
		httpRoute('httpbin', {
			rules: [
				{
					filters: [{ type: 'RequestMirror', requestMirror }],
					backendRefs: [{ name: 'httpbin-v2', port: 80 }]
				}
			]
		}),
		services
	);

describe('HTTPRoute RequestMirror (createMirrorFilter)', () => {
	it.each([
		['no percent: every request', {}, 100],
		['percent', { percent: 25 }, 25],
		['fraction over the default denominator 100', { fraction: { numerator: 5 } }, 5],
		['fraction', { fraction: { numerator: 5, denominator: 1000 } }, 0.5]
	])('%s', (_name, extra, percentage) => {
		const c = withMirror({ backendRef: { name: 'httpbin-v2', port: 80 }, ...extra });
		expect(c.rules[0]?.mirrors).toEqual([
			{ backend: { hostname: V2, port: 80, weight: 1 }, percentage }
		]);
		expect(c.error).toBeUndefined();
	});

	it('a missing mirror backend is BackendNotFound and mirrors nothing', () => {
		const c = withMirror({ backendRef: { name: 'httpbin-v9', port: 80 } });
		expect(c.rules[0]?.mirrors).toBeUndefined();
		expect(c.error).toEqual({
			reason: 'BackendNotFound',
			message: 'backend(httpbin-v9.default.svc.cluster.local) not found'
		});
	});
});

describe('VirtualService mirror (MirrorPercent)', () => {
	const H = 'httpbin.default.svc.cluster.local';
	const dr = istioObject('DestinationRule', 'httpbin', {
		host: 'httpbin',
		subsets: [{ name: 'v2', labels: { version: 'v2' } }]
	});
	const mirrorsOf = (http: Record<string, unknown>) =>
		virtualServiceRoutes(
			istioObject('VirtualService', 'httpbin', {
				hosts: ['httpbin'],
				http: [{ route: [{ destination: { host: 'httpbin', subset: 'v1' } }], ...http }]
			}),
			H,
			() => [8000],
			[dr]
		).rules[0]?.mirrors;
	const toV2 = { host: 'httpbin', subset: 'v2' };
	const v2Backend = { hostname: H, port: 8000, weight: 1, subsetLabels: { version: 'v2' } };

	it.each([
		['mirror alone: 100%', { mirror: toV2 }, [{ backend: v2Backend, percentage: 100 }]],
		[
			'mirrorPercentage.value',
			{ mirror: toV2, mirrorPercentage: { value: 100.0 } },
			[{ backend: v2Backend, percentage: 100 }]
		],
		[
			'the deprecated mirrorPercent',
			{ mirror: toV2, mirrorPercent: 30 },
			[{ backend: v2Backend, percentage: 30 }]
		],
		['an explicit 0: no mirror', { mirror: toV2, mirrorPercentage: { value: 0 } }, undefined],
		[
			'mirrors, each with its percentage',
			{ mirrors: [{ destination: toV2, percentage: { value: 10 } }] },
			[{ backend: v2Backend, percentage: 10 }]
		]
	])('%s', (_name, http, want) => {
		expect(mirrorsOf(http)).toEqual(want);
	});
});
