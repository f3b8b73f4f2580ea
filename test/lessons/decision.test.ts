/**
 * The words a denied request's evidence uses (issue 14): the object a learner wrote, never the
 * name istiod gave its conversion, and the proxy as Traces shows it.
 */
import { describe, expect, it } from 'vitest';
import { deniedWords, policyObject, proxyWords } from '../../src/lessons/checks/decision.ts';
import type { TrafficEvent } from '../../src/mesh/telemetry/traffic.ts';
import { ip } from '../../src/mesh/types.ts';

const CURL = 'spiffe://cluster.local/ns/default/sa/curl';

function hop(patch: Partial<TrafficEvent>): TrafficEvent {
	return {
		traceId: '0'.repeat(32),
		reporter: 'ztunnel',
		proxy: 'istio-system/ztunnel-abcde',
		node: 'ambient-worker2',
		direction: 'inbound',
		layer: 'L4',
		start: 0,
		end: 1,
		src: { ip: '10.244.1.5', workload: 'default/curl-abc12', identity: CURL },
		dst: { ip: '10.244.2.4', port: 9080, workload: 'default/productpage-v1-abc12' },
		protocol: 'HBONE',
		mtls: true,
		decision: { result: 'deny', reason: 'denied' },
		bytesSent: 0,
		bytesReceived: 0,
		...patch
	} as TrafficEvent;
}

describe('policyObject', () => {
	it.each([
		['default/deny-all', 'AuthorizationPolicy default/deny-all'],
		['istio-system/istio_converted_static_strict', 'a STRICT PeerAuthentication (mTLS required)'],
		['shop/converted_peer_authentication_strict-9080', 'PeerAuthentication shop/strict-9080']
	])('%s is %s', (policy, words) => {
		expect(policyObject(policy)).toBe(words);
	});
});

describe('deniedWords', () => {
	it.each([
		{
			name: 'a DENY policy at the destination ztunnel',
			h: hop({ decision: { result: 'deny', policy: 'default/deny-curl', reason: 'x' } }),
			words: `denied by AuthorizationPolicy default/deny-curl at ztunnel on ambient-worker2 (inbound to default/productpage-v1-abc12); the client was ${CURL}`
		},
		{
			name: 'two ALLOW policies, neither matching, at the waypoint',
			h: hop({
				reporter: 'waypoint',
				waypoint: 'default/waypoint',
				decision: { result: 'deny', unmatched: ['default/a', 'default/b'], reason: 'x' }
			}),
			words: `denied by AuthorizationPolicy default/a, AuthorizationPolicy default/b at the waypoint default/waypoint (ALLOW policies, and none of their rules matched); the client was ${CURL}`
		},
		{
			name: 'plaintext under STRICT, no identity',
			h: hop({
				src: { ip: ip('10.244.1.9') },
				decision: {
					result: 'deny',
					policy: 'istio-system/istio_converted_static_strict',
					reason: 'x'
				}
			}),
			words:
				'denied by a STRICT PeerAuthentication (mTLS required) at ztunnel on ambient-worker2 (inbound to default/productpage-v1-abc12)'
		},
		{
			name: 'a deny with nothing to name',
			h: hop({ direction: 'outbound', decision: { result: 'deny', reason: 'x' } }),
			words: `denied at ztunnel on ambient-worker2 (outbound from default/curl-abc12): no ALLOW policy matched; the client was ${CURL}`
		}
	])('$name', ({ h, words }) => {
		expect(deniedWords(h)).toBe(words);
	});

	it('names a sidecar by its pod', () => {
		expect(proxyWords(hop({ reporter: 'sidecar', proxy: 'default/reviews-v1-abc12' }))).toBe(
			'the sidecar of default/reviews-v1-abc12'
		);
	});
});
