/**
 * VirtualService header matches on `@request.auth.claims.<name>` (Istio's JWT claim based routing,
 * docs/tasks/security/authentication/jwt-route): the verified token's claim, any element of a
 * list claim; without a verified token such a match never matches.
 */
import { describe, expect, it } from 'vitest';
import { selectRule } from '../../../src/mesh/proxy/l7/route.ts';
import type { ServiceRoutes } from '../../../src/mesh/xds/waypoint-config.ts';

const routes: ServiceRoutes = {
	hostname: '*',
	source: 'foo/httpbin',
	kind: 'VirtualService',
	rules: [
		{
			matches: [
				{
					path: { type: 'PathPrefix', value: '/headers' },
					headers: [{ type: 'Exact', name: '@request.auth.claims.groups', value: 'group1' }]
				}
			],
			backends: [{ hostname: 'httpbin.foo.svc.cluster.local', port: 8000, weight: 1 }]
		}
	]
};
const req = { method: 'GET', path: '/headers', query: '' };

describe('@request.auth.claims header matches', () => {
	const cases: {
		name: string;
		claims?: Record<string, unknown>;
		headers?: [string, string][];
		routed: boolean;
	}[] = [
		{
			name: 'a list claim holding the value',
			claims: { groups: ['group1', 'group2'] },
			routed: true
		},
		{ name: 'a string claim equal to it', claims: { groups: 'group1' }, routed: true },
		{ name: 'a token without the claim', claims: { foo: 'bar' }, routed: false },
		{ name: 'no verified token', routed: false },
		{
			name: 'a request header of that name is not a claim',
			headers: [['@request.auth.claims.groups', 'group1']],
			routed: false
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const got = selectRule([routes], {
				...req,
				headers: c.headers ?? [],
				...(c.claims ? { claims: c.claims } : {})
			});
			expect(got !== undefined).toBe(c.routed);
		});
	}
});
