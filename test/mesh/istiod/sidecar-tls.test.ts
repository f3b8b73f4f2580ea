/**
 * Which DestinationRule's `trafficPolicy.tls.mode` a sidecar applies (pilot/pkg/model/push_context.go
 * destinationRule: client namespace, then the service's, then the root namespace; exact host over
 * wildcard) and the upstream decision it feeds (cluster_tls.go: ISTIO_MUTUAL, DISABLE, else auto
 * mTLS by the endpoint's `security.istio.io/tlsMode` label).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { clientTlsModes } from '../../../src/mesh/istiod/sidecar-tls.ts';
import { usesIstioMtls } from '../../../src/mesh/sidecar/cluster-tls.ts';
import type { SidecarHttp } from '../../../src/mesh/xds/sidecar-config.ts';
import type { Service, Workload } from '../../../src/mesh/xds/workload-api.ts';

const dr = (
	ns: string,
	name: string,
	host: string,
	mode?: string,
	created = '2026-01-01T00:00:00Z'
) =>
	({
		apiVersion: 'networking.istio.io/v1',
		kind: 'DestinationRule',
		metadata: { name, namespace: ns, creationTimestamp: created },
		spec: { host, ...(mode ? { trafficPolicy: { tls: { mode } } } : {}) }
	}) as unknown as KubeObject;
const svc = (name: string, ns: string) =>
	({ name, namespace: ns, hostname: `${name}.${ns}.svc.cluster.local` }) as unknown as Service;
const HTTPBIN_FOO = svc('httpbin', 'foo');
const HTTPBIN_LEGACY = svc('httpbin', 'legacy');

describe('clientTlsModes', () => {
	const table: [string, KubeObject[], string, Record<string, string>][] = [
		['none', [], 'foo', {}],
		[
			'root wildcard',
			[dr('istio-system', 'default', '*.local', 'ISTIO_MUTUAL')],
			'foo',
			{
				'httpbin.foo.svc.cluster.local': 'ISTIO_MUTUAL',
				'httpbin.legacy.svc.cluster.local': 'ISTIO_MUTUAL'
			}
		],
		[
			"the service's namespace over the root's",
			[
				dr('istio-system', 'default', '*.local', 'ISTIO_MUTUAL'),
				dr('legacy', 'httpbin-legacy', 'httpbin.legacy.svc.cluster.local', 'DISABLE')
			],
			'foo',
			{
				'httpbin.foo.svc.cluster.local': 'ISTIO_MUTUAL',
				'httpbin.legacy.svc.cluster.local': 'DISABLE'
			}
		],
		[
			"the client's namespace first; a short host resolves in the rule's namespace",
			[
				dr('legacy', 'a', 'httpbin', 'DISABLE'),
				dr('foo', 'b', 'httpbin.legacy.svc.cluster.local', 'ISTIO_MUTUAL')
			],
			'foo',
			{ 'httpbin.legacy.svc.cluster.local': 'ISTIO_MUTUAL' }
		],
		[
			'a rule without tls shadows the root one (no merge)',
			[dr('istio-system', 'default', '*.local', 'ISTIO_MUTUAL'), dr('foo', 'lb', 'httpbin')],
			'foo',
			{ 'httpbin.legacy.svc.cluster.local': 'ISTIO_MUTUAL' }
		],
		[
			'exact host over wildcard in one namespace, then the oldest',
			[
				dr('foo', 'wild', '*.foo.svc.cluster.local', 'DISABLE', '2026-01-01T00:00:00Z'),
				dr('foo', 'new', 'httpbin', 'SIMPLE', '2026-01-01T00:00:09Z'),
				dr('foo', 'old', 'httpbin', 'ISTIO_MUTUAL', '2026-01-01T00:00:01Z')
			],
			'foo',
			{ 'httpbin.foo.svc.cluster.local': 'ISTIO_MUTUAL' }
		]
	];
	it.each(table)('%s', (_, rules, client, want) => {
		expect(clientTlsModes(rules, client, 'istio-system', [HTTPBIN_FOO, HTTPBIN_LEGACY])).toEqual(
			want
		);
	});
});

describe('usesIstioMtls', () => {
	const w = { uid: 'w' } as unknown as Workload;
	const http = (
		labels: Record<string, string>,
		tlsModes?: SidecarHttp['tlsModes']
	): SidecarHttp => ({
		httpPorts: {},
		routes: [],
		policies: [],
		labels: { w: labels },
		...(tlsModes ? { tlsModes } : {})
	});
	const SIDECAR = { 'security.istio.io/tlsMode': 'istio' };
	const H = 'httpbin.foo.svc.cluster.local';
	it.each([
		['auto mTLS: a sidecar endpoint', http(SIDECAR), true],
		['auto mTLS: an endpoint without the label', http({}), false],
		['ISTIO_MUTUAL to an endpoint without a sidecar', http({}, { [H]: 'ISTIO_MUTUAL' }), true],
		['DISABLE to a sidecar endpoint', http(SIDECAR, { [H]: 'DISABLE' }), false],
		['SIMPLE (user TLS, not Istio mTLS)', http(SIDECAR, { [H]: 'SIMPLE' }), false],
		['no HTTP half pushed yet', undefined, false]
	] as const)('%s', (_, h, want) => {
		expect(usesIstioMtls(h, w, H)).toBe(want);
	});
});
