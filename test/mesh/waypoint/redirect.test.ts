/**
 * HTTPRoute RequestRedirect's location, from the Gateway API spec (HTTPRequestRedirectFilter:
 * scheme, hostname, path, port; "If no port is specified, the redirect port MUST be derived …
 * the well-known port associated with the redirect scheme … [else] the Gateway Listener port";
 * well-known ports are left out of the Location header).
 */
import { describe, expect, it } from 'vitest';
import type { RequestRedirect, RouteMatch } from '../../../src/mesh/xds/waypoint-config.ts';
import { redirectLocation } from '../../../src/mesh/proxy/l7/filters/redirect.ts';

const req = { path: '/v1/reviews/0', query: '', authority: 'reviews:9080', listenerPort: 9080 };
const prefix = (value: string): RouteMatch => ({ path: { type: 'PathPrefix', value } });

const cases: {
	name: string;
	redirect: Omit<RequestRedirect, 'statusCode'>;
	match?: RouteMatch;
	request?: Partial<typeof req>;
	expected: string;
}[] = [
	{
		name: 'nothing set keeps the request',
		redirect: {},
		expected: 'http://reviews:9080/v1/reviews/0'
	},
	{
		name: 'a hostname replaces Host without its port, listener port kept',
		redirect: { hostname: 'example.com' },
		expected: 'http://example.com:9080/v1/reviews/0'
	},
	{
		name: 'a scheme brings its well-known port, left out',
		redirect: { scheme: 'https' },
		expected: 'https://reviews/v1/reviews/0'
	},
	{
		name: 'an explicit port wins and shows',
		redirect: { scheme: 'https', port: 8443 },
		expected: 'https://reviews:8443/v1/reviews/0'
	},
	{
		name: 'port 80 on http is left out',
		redirect: { port: 80 },
		expected: 'http://reviews/v1/reviews/0'
	},
	{
		name: 'ReplaceFullPath, query kept',
		redirect: { path: { type: 'ReplaceFullPath', value: '/new' } },
		request: { query: 'a=1' },
		expected: 'http://reviews:9080/new?a=1'
	},
	{
		name: 'ReplacePrefixMatch swaps the matched prefix',
		redirect: { path: { type: 'ReplacePrefixMatch', value: '/api' } },
		match: prefix('/v1'),
		expected: 'http://reviews:9080/api/reviews/0'
	},
	{
		name: 'ReplacePrefixMatch to / keeps one slash',
		redirect: { path: { type: 'ReplacePrefixMatch', value: '/' } },
		match: prefix('/v1/'),
		expected: 'http://reviews:9080/reviews/0'
	},
	{
		name: 'ReplacePrefixMatch of the whole path',
		redirect: { path: { type: 'ReplacePrefixMatch', value: '/other' } },
		match: prefix('/v1/reviews/0'),
		expected: 'http://reviews:9080/other'
	}
];

describe('redirectLocation', () => {
	it.each(cases)('$name', ({ redirect, match, request, expected }) => {
		expect(redirectLocation({ ...redirect, statusCode: 301 }, { ...req, ...request }, match)).toBe(
			expected
		);
	});
});
