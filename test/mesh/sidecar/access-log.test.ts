/** ztunnel's connection fields, written back as Envoy's TCP access log line and a TrafficEvent. */
import { describe, expect, it } from 'vitest';
import { envoyTcpLine, parseFields, sidecarEvent } from '../../../src/mesh/sidecar/access-log.ts';
import { ms, nodeName } from '../../../src/mesh/types.ts';

const OUTBOUND =
	'src.addr=10.244.1.8:32769 src.workload="curl-x" src.namespace="legacy" src.identity="spiffe://cluster.local/ns/legacy/sa/curl" dst.addr=10.244.2.4:15008 dst.hbone_addr="10.244.2.4:9080" dst.service="productpage.default.svc.cluster.local" dst.workload="productpage-v1-y" dst.namespace="default" dst.identity="spiffe://cluster.local/ns/default/sa/bookinfo-productpage" direction="outbound" bytes_sent=99 bytes_recv=4430 duration="8ms"';
const DENIED =
	'src.addr=10.244.1.5:40000 src.workload="curl-z" src.namespace="other" dst.addr=10.244.2.8:8080 dst.service="httpbin.legacy.svc.cluster.local" dst.workload="httpbin-w" dst.namespace="legacy" direction="inbound" bytes_sent=0 bytes_recv=0 duration="0ms" error="connection closed due to policy rejection: explicitly denied by: istio-system/istio_converted_static_strict"';

describe('sidecar access log', () => {
	it('parses quoted and bare fields', () => {
		const f = parseFields(OUTBOUND);
		expect(f['dst.hbone_addr']).toBe('10.244.2.4:9080');
		expect(f['bytes_sent']).toBe('99');
		expect(f['duration']).toBe('8ms');
	});

	it.each([
		{
			name: 'outbound over HBONE to a service',
			direction: 'outbound' as const,
			fields: OUTBOUND,
			originalDst: '10.96.192.20:9080',
			line: '[2026-01-01T00:00:10.000Z] "- - -" 0 - - - "-" 99 4430 8 - "-" "-" "-" "-" "10.244.2.4:9080" outbound|9080||productpage.default.svc.cluster.local 10.244.1.8:32769 10.96.192.20:9080 10.244.1.8:32769 - -'
		},
		{
			name: 'plaintext inbound denied by STRICT',
			direction: 'inbound' as const,
			fields: DENIED,
			originalDst: undefined,
			line: '[2026-01-01T00:00:10.008Z] "- - -" 0 - - rbac_access_denied_matched_policy[ns[istio-system]-policy[istio_converted_static_strict]-rule[0]] "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.244.2.8:8080 10.244.1.5:40000 - -'
		}
	])('$name', ({ direction, fields, originalDst, line }) => {
		const f = parseFields(fields);
		const end = ms(10_008);
		const start = ms(end - Number.parseInt(f['duration'] ?? '0'));
		const record = { direction, start, end, fields: f, ...(originalDst ? { originalDst } : {}) };
		expect(envoyTcpLine(record)).toBe(line);
	});

	it('reports a TrafficEvent as the sidecar, with the policy that denied', () => {
		const f = parseFields(DENIED);
		const e = sidecarEvent(
			{ direction: 'inbound', start: ms(1), end: ms(1), fields: f },
			{ traceId: '0'.repeat(32), proxy: 'legacy/httpbin-w', node: nodeName('ambient-worker') }
		);
		expect(e).toMatchObject({
			reporter: 'sidecar',
			direction: 'inbound',
			protocol: 'TCP',
			mtls: false,
			dst: { ip: '10.244.2.8', port: 8080, workload: 'legacy/httpbin-w' },
			decision: { result: 'deny', policy: 'istio-system/istio_converted_static_strict' }
		});
		const ok = sidecarEvent(
			{ direction: 'outbound', start: ms(1), end: ms(9), fields: parseFields(OUTBOUND) },
			{ traceId: '0'.repeat(32), proxy: 'legacy/curl-x', node: nodeName('ambient-worker') }
		);
		expect(ok).toMatchObject({
			protocol: 'HBONE',
			mtls: true,
			decision: { result: 'allow' },
			src: { identity: 'spiffe://cluster.local/ns/legacy/sa/curl' },
			dst: { service: 'productpage.default.svc.cluster.local' }
		});
	});
});
