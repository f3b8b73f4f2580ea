/**
 * A Gateway API listener's certificateRefs as istiod judges them (istio 1.30.3
 * pilot/pkg/config/kube/gateway/conversion.go `buildTLS`, `buildSecretReference`,
 * `secretObjectReferenceString`; pilot/pkg/credentials/kube/secrets.go `ExtractCertInfo`), and the
 * listener conditions the error becomes (`buildListener`).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { gatewayStatus } from '../../../src/mesh/istiod/gateway-status.ts';
import { listenerTlsError } from '../../../src/mesh/istiod/gateway-tls-refs.ts';

const secret = (name: string, data: Record<string, string>): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Secret',
	metadata: { name, namespace: 'istio-system' } as KubeObject['metadata'],
	data
});
const SECRETS = new Map<string, KubeObject>([
	['istio-system/tls', secret('tls', { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' })],
	['istio-system/generic', secret('generic', { cert: 'Y3J0', key: 'a2V5', cacert: 'Y2E=' })],
	['istio-system/empty', secret('empty', { 'tls.crt': '', 'tls.key': '' })],
	['istio-system/other', secret('other', { a: 'YQ==', b: 'Yg==', c: 'Yw==', d: 'ZA==' })]
]);
const lookup = (ns: string, name: string) => SECRETS.get(`${ns}/${name}`);
// The CRD defaults each ref's group to "" and kind to Secret.
const ref = (name: string, extra: Record<string, string> = {}) => ({
	group: '',
	kind: 'Secret',
	name,
	...extra
});
const https = (refs: unknown[], options?: Record<string, string>) => ({
	name: 'https',
	port: 443,
	protocol: 'HTTPS',
	tls: { mode: 'Terminate', certificateRefs: refs, ...(options ? { options } : {}) }
});

describe('listener certificateRefs (buildTLS)', () => {
	const cases: [string, Record<string, unknown>, string | undefined][] = [
		['a TLS Secret', https([ref('tls')]), undefined],
		['a generic Secret with cert/key', https([ref('generic')]), undefined],
		[
			'a missing Secret',
			https([ref('httpbin-credential')]),
			'invalid certificate reference /Secret/httpbin-credential., secret istio-system/httpbin-credential not found'
		],
		[
			'empty keys',
			https([ref('empty')]),
			'invalid certificate reference /Secret/empty., found keys "tls.crt" and "tls.key", but they were empty'
		],
		[
			'other keys (truncatedKeysMessage)',
			https([ref('other')]),
			"invalid certificate reference /Secret/other., found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: a, b, c, and 1 more..."
		],
		[
			'not a Secret',
			https([{ group: '', kind: 'ConfigMap', name: 'x' }]),
			'invalid certificate reference /ConfigMap/x., only secret is allowed'
		],
		['one of two refs valid', https([ref('nope'), ref('tls')]), undefined],
		[
			'both refs invalid (joinErrors)',
			https([ref('a'), ref('b')]),
			'invalid certificate reference /Secret/a., secret istio-system/a not found; invalid certificate reference /Secret/b., secret istio-system/b not found'
		],
		[
			'three refs',
			https([ref('tls'), ref('tls'), ref('tls')]),
			'TLS mode can only support up to 2 server certificates'
		],
		[
			'ISTIO_MUTUAL needs no Secret',
			https([], { 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' }),
			undefined
		],
		['Passthrough', { name: 'tls', tls: { mode: 'Passthrough' } }, undefined],
		['plain HTTP', { name: 'http', port: 80, protocol: 'HTTP' }, undefined]
	];
	it.each(cases)('%s', (_, listener, want) => {
		expect(listenerTlsError(listener, 'istio-system', lookup)).toBe(want);
	});

	it('fails the listener ResolvedRefs and Programmed, not the Gateway', () => {
		const gw: KubeObject = {
			apiVersion: 'gateway.networking.k8s.io/v1',
			kind: 'Gateway',
			metadata: { name: 'mygateway', namespace: 'istio-system' } as KubeObject['metadata'],
			spec: { gatewayClassName: 'istio', listeners: [https([ref('x')])] }
		};
		const status = gatewayStatus(gw, {
			service: undefined,
			ready: false,
			attachedRoutes: new Map(),
			tlsErrors: new Map([['https', 'invalid certificate reference …']])
		});
		const conditions = (status.listeners?.[0]?.['conditions'] ?? []) as { type: string }[];
		expect(conditions.find((c) => c.type === 'ResolvedRefs')).toEqual({
			type: 'ResolvedRefs',
			status: 'False',
			reason: 'InvalidCertificateRef',
			message: 'invalid certificate reference …'
		});
		expect(conditions.find((c) => c.type === 'Programmed')).toEqual({
			type: 'Programmed',
			status: 'False',
			reason: 'Invalid',
			message: 'Bad TLS configuration'
		});
		expect(status.conditions.find((c) => c.type === 'Accepted')?.status).toBe('True');
	});
});
