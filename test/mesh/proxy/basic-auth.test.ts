/**
 * The emulated basic_auth Wasm module, from istio-ecosystem/wasm-extensions
 * extensions/basic_auth/plugin.cc (and plugin_test.cc's cases): rules per method, `prefix` /
 * `exact` / `suffix` on `:path`, `user:pass` credentials base64-encoded, the two 401s with
 * `WWW-Authenticate: Basic realm=<realm>` (default `istio`) and their messages as response code
 * details (spaces as `_`), and configurations plugin.cc refuses.
 */
import { describe, expect, it } from 'vitest';
import {
	basicAuthCheck,
	isBasicAuthModule,
	parseBasicAuthConfig
} from '../../../src/mesh/proxy/l7/filters/basic-auth.ts';

const DOCS = {
	basic_auth_rules: [
		{
			prefix: '/productpage',
			request_methods: ['GET', 'POST'],
			credentials: ['ok:test', 'YWRtaW4zOmFkbWluMw==']
		}
	]
};
const NO_DATA = 'Request_denied_by_Basic_Auth_check._No_Basic_Authentication_information_found.';
const INVALID = 'Request_denied_by_Basic_Auth_check._Invalid_username_and/or_password';
const REALM = [['www-authenticate', 'Basic realm=istio']];

describe('basic_auth (emulated Wasm module)', () => {
	it.each([
		['oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0', true],
		['oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth', true],
		['oci://ghcr.io/istio-ecosystem/wasm-extensions/header_injector:1.12.0', false],
		['https://example.com/basic_auth.wasm', false]
	])('%s is the emulated module: %s', (url, expected) => {
		expect(isBasicAuthModule(url)).toBe(expected);
	});

	const config = parseBasicAuthConfig(DOCS);
	it.each([
		{
			name: 'no header on a matching path',
			method: 'GET',
			path: '/productpage',
			auth: undefined,
			details: NO_DATA
		},
		{
			name: 'not Basic',
			method: 'GET',
			path: '/productpage',
			auth: 'Bearer abc',
			details: NO_DATA
		},
		{
			name: 'wrong credential',
			method: 'POST',
			path: '/productpage',
			auth: 'Basic d3Jvbmc6d3Jvbmc=',
			details: INVALID
		},
		{
			name: 'an encoded credential as given',
			method: 'GET',
			path: '/productpage',
			auth: 'Basic YWRtaW4zOmFkbWluMw==',
			details: undefined
		},
		{
			name: 'ok:test is kept base64-encoded',
			method: 'GET',
			path: '/productpage',
			auth: 'Basic b2s6dGVzdA==',
			details: undefined
		},
		{
			name: 'the prefix includes the query',
			method: 'GET',
			path: '/productpage?u=normal',
			auth: undefined,
			details: NO_DATA
		},
		{
			name: 'another path is not checked',
			method: 'GET',
			path: '/api/v1/products',
			auth: undefined,
			details: undefined
		},
		{
			name: 'another method is not checked',
			method: 'DELETE',
			path: '/productpage',
			auth: undefined,
			details: undefined
		}
	])('$name', ({ method, path, auth, details }) => {
		const denied = basicAuthCheck(config!, method, path, auth);
		if (details === undefined) expect(denied).toBeUndefined();
		else expect(denied).toEqual({ status: 401, details, headers: REALM });
	});

	it('exact and suffix rules, and a realm', () => {
		const c = parseBasicAuthConfig({
			realm: 'test',
			basic_auth_rules: [
				{ exact: '/api', request_methods: ['GET'], credentials: ['a:b'] },
				{ suffix: '.png', request_methods: ['GET'], credentials: ['a:b'] }
			]
		})!;
		expect(basicAuthCheck(c, 'GET', '/api/x', undefined)).toBeUndefined();
		expect(basicAuthCheck(c, 'GET', '/api', undefined)?.headers).toEqual([
			['www-authenticate', 'Basic realm=test']
		]);
		expect(basicAuthCheck(c, 'GET', '/img/a.png', 'Basic YTpi')).toBeUndefined();
	});

	it.each([
		[
			'two path kinds in one rule',
			{
				basic_auth_rules: [
					{ prefix: '/', exact: '/', request_methods: ['GET'], credentials: ['a:b'] }
				]
			}
		],
		[
			'no methods',
			{ basic_auth_rules: [{ prefix: '/', request_methods: [], credentials: ['a:b'] }] }
		],
		[
			'no credentials',
			{ basic_auth_rules: [{ prefix: '/', request_methods: ['GET'], credentials: [] }] }
		],
		[
			'a credential that is neither user:pass nor base64',
			{
				basic_auth_rules: [{ prefix: '/', request_methods: ['GET'], credentials: ['not base64!'] }]
			}
		],
		['no rules list', {}]
	])('refuses a configuration with %s', (_name, pluginConfig) => {
		expect(parseBasicAuthConfig(pluginConfig)).toBeUndefined();
	});
});
