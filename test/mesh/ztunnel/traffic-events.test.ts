/**
 * The TrafficEvents ztunnels report: one per connection at each end, sharing the trace id the
 * outbound side put in the CONNECT's `traceparent`, with identities, the peer certificate and
 * the policy decision explained.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyDecision, TrafficEvent } from '../../../src/mesh/telemetry/traffic.ts';
import { createRng } from '../../../src/mesh/random.ts';
import type { Authorization } from '../../../src/mesh/xds/workload-api.ts';
import { newTraceParent, traceIdOf } from '../../../src/mesh/proxy/l4/traffic.ts';
import { policy } from './fixtures.ts';
import {
	VIP,
	createMesh,
	curl,
	curlPrincipal,
	legacy,
	productpage,
	until
} from './two-ztunnels.ts';

const CURL_ID = 'spiffe://cluster.local/ns/default/sa/curl';
const PP_ID = 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage';
const gatewayPrincipal = [{ exact: 'cluster.local/ns/default/sa/bookinfo-gateway-istio' }];

async function both(
	policies: Authorization[],
	from = curl.address,
	to: { ip: string; port: number } = VIP
): Promise<{ out: TrafficEvent | undefined; inb: TrafficEvent | undefined }> {
	const mesh = await createMesh(policies);
	await mesh.request(from, to);
	await until(() => mesh.events1.length + mesh.events2.length >= 2, 'both events');
	return { out: mesh.events1[0], inb: mesh.events2[0] };
}

describe('ztunnel traffic events', () => {
	it('reports an allowed HBONE connection at both ends, under one trace id', async () => {
		const { out, inb } = await both([]);
		expect(out?.traceId).toMatch(/^[0-9a-f]{32}$/);
		expect(inb?.traceId).toBe(out?.traceId);
		const common = {
			reporter: 'ztunnel',
			layer: 'L4',
			protocol: 'HBONE',
			mtls: true,
			src: {
				ip: curl.address,
				port: expect.any(Number),
				workload: 'default/curl-abc12',
				namespace: 'default',
				identity: CURL_ID
			},
			dst: {
				ip: productpage.address,
				port: 9080,
				workload: 'default/productpage-v1-abc12',
				namespace: 'default',
				identity: PP_ID,
				service: 'productpage.default.svc.cluster.local'
			},
			bytesSent: 4,
			bytesReceived: 31
		};
		expect(out).toMatchObject({
			...common,
			proxy: 'istio-system/ztunnel-aaaaa',
			node: 'node-1',
			direction: 'outbound',
			decision: { result: 'allow', reason: 'allowed: policy is enforced by the destination' }
		});
		expect(inb).toMatchObject({
			...common,
			proxy: 'istio-system/ztunnel-bbbbb',
			direction: 'inbound',
			decision: { result: 'allow', reason: 'allowed: no ALLOW policies' }
		});
		expect(out?.error).toBeUndefined();
		// Each end shows the certificate its peer proved.
		expect(inb?.peerCertificate).toMatchObject({ san: CURL_ID, issuer: 'O=cluster.local' });
		expect(out?.peerCertificate?.san).toBe(PP_ID);
		const cert = inb?.peerCertificate;
		expect(cert && cert.notAfter > cert.notBefore).toBe(true);
	});

	const decisions: {
		name: string;
		policies: Authorization[];
		inbound: PolicyDecision;
		error?: string;
	}[] = [
		{
			name: 'a DENY for the caller',
			policies: [policy('deny-curl', 'Deny', [[[{ principals: curlPrincipal }]]])],
			inbound: {
				result: 'deny',
				policy: 'default/deny-curl',
				rule: 0,
				reason: 'denied by DENY policy default/deny-curl rule 0'
			},
			error: 'connection closed due to policy rejection: explicitly denied by: default/deny-curl'
		},
		{
			name: 'a DENY whose second rule matches',
			policies: [
				policy('deny-some', 'Deny', [
					[[{ principals: gatewayPrincipal }]],
					[[{ namespaces: [{ exact: 'default' }] }]]
				])
			],
			inbound: {
				result: 'deny',
				policy: 'default/deny-some',
				rule: 1,
				reason: 'denied by DENY policy default/deny-some rule 1'
			},
			error: 'connection closed due to policy rejection: explicitly denied by: default/deny-some'
		},
		{
			name: 'an ALLOW for someone else',
			policies: [policy('productpage-ztunnel', 'Allow', [[[{ principals: gatewayPrincipal }]]])],
			inbound: {
				result: 'deny',
				unmatched: ['default/productpage-ztunnel'],
				reason: 'denied: no ALLOW policy matched'
			},
			error: 'connection closed due to policy rejection: allow policies exist, but none allowed'
		},
		{
			name: 'an ALLOW for the caller',
			policies: [
				policy('deny-gateway', 'Deny', [[[{ principals: gatewayPrincipal }]]]),
				policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]])
			],
			inbound: {
				result: 'allow',
				policy: 'default/allow-curl',
				rule: 0,
				reason: 'allowed by ALLOW policy default/allow-curl rule 0'
			}
		}
	];
	it.each(decisions)('explains the decision for $name', async ({ policies, inbound, error }) => {
		const { out, inb } = await both(policies);
		expect(inb?.decision).toEqual(inbound);
		expect(inb?.error).toBe(error);
		if (inbound.result === 'deny') {
			expect(out?.decision).toEqual({
				result: 'deny',
				reason: "denied by the destination's policy (http status: 401 Unauthorized)"
			});
			expect(out?.error).toBe('http status: 401 Unauthorized');
			expect([out?.bytesSent, inb?.bytesSent]).toEqual([0, 0]);
		}
	});

	it('reports plaintext inbound (15006) as TCP, without identities, on a trace of its own', async () => {
		const mesh = await createMesh([
			policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]])
		]);
		await mesh.request(legacy.address, { ip: productpage.address, port: 9080 });
		await until(() => mesh.events2.length === 1, 'inbound event');
		const [e] = mesh.events2;
		expect(e).toMatchObject({
			direction: 'inbound',
			protocol: 'TCP',
			mtls: false,
			src: { ip: legacy.address, workload: 'default/legacy-abc12' },
			dst: { ip: productpage.address, port: 9080, workload: 'default/productpage-v1-abc12' },
			decision: { result: 'deny', reason: 'denied: no ALLOW policy matched' }
		});
		expect(e?.src.identity).toBeUndefined();
		expect(e?.traceId).toMatch(/^[0-9a-f]{32}$/);
	});

	it('reports a connection refused before it left the node', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, { ip: '10.96.0.12', port: 9080 });
		expect(mesh.events1).toEqual([
			expect.objectContaining({
				direction: 'outbound',
				protocol: 'TCP',
				mtls: false,
				error: 'no healthy upstream: 10.96.0.12:9080',
				decision: { result: 'deny', reason: 'refused: no healthy upstream: 10.96.0.12:9080' }
			})
		]);
	});

	it('gives each connection its own trace id', async () => {
		const mesh = await createMesh();
		for (let i = 0; i < 3; i++) await mesh.request(curl.address, VIP);
		await until(() => mesh.events1.length + mesh.events2.length === 6, 'all events');
		const ids = mesh.events1.map((e) => e.traceId);
		expect(new Set(ids).size).toBe(3);
		expect(mesh.events2.map((e) => e.traceId).sort()).toEqual([...ids].sort());
	});
});

describe('traceparent', () => {
	it('is W3C-shaped as ztunnel writes it, and reads back its trace id', () => {
		const tp = newTraceParent(createRng(1));
		expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
		expect(traceIdOf(tp)).toBe(tp.slice(3, 35));
	});

	it.each([
		['undefined', undefined],
		['too short', '00-abc-def-00'],
		['all-zero trace id', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-00`],
		['version ff', `ff-${'a'.repeat(32)}-${'1'.repeat(16)}-00`],
		['upper case', `00-${'A'.repeat(32)}-${'1'.repeat(16)}-00`]
	])('ignores a malformed traceparent (%s)', (_name, value) => {
		expect(traceIdOf(value)).toBeUndefined();
	});
});
