/**
 * Where a WasmPlugin's filter sits around Istio's RBAC filter (istio/api extensions/v1alpha1
 * wasm.proto PluginPhase: AUTHN "before Istio authentication filters", AUTHZ "before Istio
 * authorization filters", STATS "after Istio authorization filters", unspecified "at the end of
 * the filter chain, before the router"): an AUTHN basic_auth answers 401 before a denying
 * AuthorizationPolicy could answer 403; a STATS one only sees what RBAC let through.
 */
import { describe, expect, it } from 'vitest';
import { parseBasicAuthConfig } from '../../../src/mesh/proxy/l7/filters/basic-auth.ts';
import {
	planRequest,
	type Downstream,
	type RequestTarget
} from '../../../src/mesh/proxy/l7/plan.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ip } from '../../../src/mesh/types.ts';
import type { L7Authorization } from '../../../src/mesh/xds/waypoint-config.ts';

const config = parseBasicAuthConfig({
	basic_auth_rules: [{ prefix: '/', request_methods: ['GET'], credentials: ['ok:test'] }]
})!;
const allowNothing: L7Authorization = {
	name: 'allow-nothing',
	namespace: 'default',
	action: 'ALLOW',
	target: { kind: 'Gateway' },
	rules: []
};
const down: Downstream = {
	identity: undefined,
	peerCertificate: undefined,
	remote: { ip: ip('10.244.1.5'), port: 40000 },
	local: { ip: ip('10.96.0.20'), port: 9080 },
	connectTraceparent: undefined,
	mtls: true
};

function status(beforeRbac: boolean, policies: L7Authorization[], auth?: string): number {
	const target: RequestTarget = {
		service: undefined,
		workload: undefined,
		port: 9080,
		routes: [],
		policies,
		basicAuth: [{ beforeRbac, config }],
		fallback: { hostname: 'productpage.default.svc.cluster.local', port: 9080, weight: 1 }
	};
	const headers: [string, string][] = [['host', 'productpage:9080']];
	if (auth) headers.push(['authorization', auth]);
	const req = {
		method: 'GET',
		target: '/productpage',
		version: 'HTTP/1.1',
		headers,
		body: new Uint8Array()
	};
	const { plan } = planRequest(target, down, req, createRng(1));
	return plan.type === 'local-reply' ? plan.status : 200;
}

describe('WasmPlugin phase around RBAC', () => {
	it.each([
		{
			phase: 'AUTHN/AUTHZ',
			beforeRbac: true,
			policies: [allowNothing],
			auth: undefined,
			expected: 401
		},
		{
			phase: 'AUTHN/AUTHZ',
			beforeRbac: true,
			policies: [allowNothing],
			auth: 'Basic b2s6dGVzdA==',
			expected: 403
		},
		{
			phase: 'STATS/unspecified',
			beforeRbac: false,
			policies: [allowNothing],
			auth: undefined,
			expected: 403
		},
		{ phase: 'STATS/unspecified', beforeRbac: false, policies: [], auth: undefined, expected: 401 },
		{
			phase: 'STATS/unspecified',
			beforeRbac: false,
			policies: [],
			auth: 'Basic b2s6dGVzdA==',
			expected: 200
		}
	])(
		'$phase, $policies.length policies, auth $auth → $expected',
		({ beforeRbac, policies, auth, expected }) => {
			expect(status(beforeRbac, policies, auth)).toBe(expected);
		}
	);
});
