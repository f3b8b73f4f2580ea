/**
 * meshConfig extensionProviders → the ext_authz provider a CUSTOM policy uses, as istio 1.30.3
 * pilot/pkg/security/authz/builder/extauthz.go resolves them (LookupCluster, parsePort,
 * parseStatusOnError, pathPrefix, duplicate names), and the policy id the CUSTOM shadow rules
 * record (builder.go policyName: `istio-ext-authz-<provider>-ns[..]-policy[..]-rule[..]`).
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/mesh/api/objects.ts';
import { extAuthzProviders, policyProvider } from '../../../src/mesh/istiod/ext-authz-providers.ts';
import type { ClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import { customCheck, parseStringMatch } from '../../../src/mesh/proxy/l7/rbac.ts';
import { prototext } from '../../../src/mesh/apps/ext-authz.ts';

const svc = { metadata: { name: 'ext-authz', namespace: 'foo' } } as unknown as Service;
const snapshot = (extensionProviders: unknown[]): ClusterSnapshot =>
	({ services: [svc], extensionProviders }) as unknown as ClusterSnapshot;
const HOST = 'ext-authz.foo.svc.cluster.local';

describe('extAuthzProviders', () => {
	const cases: { name: string; provider: unknown; usable: boolean }[] = [
		{
			name: 'the page grpc provider',
			provider: { name: 'g', envoyExtAuthzGrpc: { service: HOST, port: '9000' } },
			usable: true
		},
		{
			name: 'the page http provider',
			provider: {
				name: 'h',
				envoyExtAuthzHttp: {
					service: HOST,
					port: '8000',
					includeRequestHeadersInCheck: ['x-ext-authz']
				}
			},
			usable: true
		},
		{
			name: 'unknown service: LookupCluster fails',
			provider: {
				name: 'g',
				envoyExtAuthzGrpc: { service: 'nope.foo.svc.cluster.local', port: 9000 }
			},
			usable: false
		},
		{
			name: 'port out of range',
			provider: { name: 'g', envoyExtAuthzGrpc: { service: HOST, port: 70000 } },
			usable: false
		},
		{
			name: 'pathPrefix without a leading slash',
			provider: {
				name: 'h',
				envoyExtAuthzHttp: { service: HOST, port: 8000, pathPrefix: 'check' }
			},
			usable: false
		},
		{
			name: 'a tracer provider is no ext_authz provider',
			provider: { name: 'z', zipkin: { service: HOST, port: 9411 } },
			usable: false
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const got = extAuthzProviders(snapshot([c.provider]));
			expect(got.size).toBe(c.usable ? 1 : 0);
		});
	}

	it('resolves the cluster and the 600s default timeout', () => {
		const got = extAuthzProviders(
			snapshot([{ name: 'g', envoyExtAuthzGrpc: { service: HOST, port: '9000' } }])
		).get('g');
		expect(got).toMatchObject({
			kind: 'grpc',
			cluster: `outbound|9000||${HOST}`,
			timeoutMs: 600_000,
			failOpen: false
		});
	});

	it('a duplicate name keeps the first', () => {
		const got = extAuthzProviders(
			snapshot([
				{ name: 'g', envoyExtAuthzGrpc: { service: HOST, port: 9000 } },
				{ name: 'g', envoyExtAuthzHttp: { service: HOST, port: 8000 } }
			])
		);
		expect(got.get('g')?.kind).toBe('grpc');
	});

	it('a CUSTOM policy naming it gets it; a missing name gets none (its rules deny)', () => {
		const providers = extAuthzProviders(
			snapshot([{ name: 'g', envoyExtAuthzGrpc: { service: HOST, port: 9000 } }])
		);
		expect(
			policyProvider(providers, { action: 'CUSTOM', provider: { name: 'g' } }).provider?.name
		).toBe('g');
		expect(policyProvider(providers, { action: 'CUSTOM', provider: { name: 'x' } })).toEqual({});
	});
});

describe('customCheck', () => {
	it('names the matching rule with the ext_authz prefix and provider', () => {
		const provider = extAuthzProviders(
			snapshot([
				{ name: 'sample-ext-authz-grpc', envoyExtAuthzGrpc: { service: HOST, port: 9000 } }
			])
		).get('sample-ext-authz-grpc');
		const policy = {
			name: 'ext-authz',
			namespace: 'foo',
			action: 'CUSTOM' as const,
			target: { kind: 'Workload' as const },
			rules: [{ from: [], to: [{ paths: [parseStringMatch('/headers')] }], when: [] }],
			...(provider ? { provider } : {})
		};
		const req = {
			method: 'GET',
			host: 'httpbin.foo:8000',
			headers: [],
			port: 8080,
			destinationIp: '10.0.0.2',
			sourceIp: '10.0.0.1',
			sourceIdentity: undefined
		};
		expect(customCheck([policy], { ...req, path: '/headers' })?.policyId).toBe(
			'istio-ext-authz-sample-ext-authz-grpc-ns[foo]-policy[ext-authz]-rule[0]'
		);
		expect(customCheck([policy], { ...req, path: '/ip' })).toBeUndefined();
	});
});

describe('the sample server log: Go prototext of the attributes', () => {
	it('prints fields snake_case, two spaces apart, headers one entry per key in key order', () => {
		const attrs: Record<string, unknown> = {
			source: { address: { socketAddress: { address: '10.44.0.22', portValue: 52088 } } },
			request: {
				time: { seconds: '1610076306', nanos: 473835000 },
				http: { headers: { 'x-ext-authz': 'deny', ':path': '/headers' }, path: '/headers' }
			},
			metadataContext: {}
		};
		// The page's log line (authz-custom) in this shape.
		expect(prototext(attrs)).toBe(
			'source:{address:{socket_address:{address:"10.44.0.22"  port_value:52088}}}  ' +
				'request:{time:{seconds:1610076306  nanos:473835000}  http:{headers:{key:":path"  value:"/headers"}  ' +
				'headers:{key:"x-ext-authz"  value:"deny"}  path:"/headers"}}  metadata_context:{}'
		);
	});
});
