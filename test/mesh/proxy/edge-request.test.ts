/**
 * A gateway's X-Forwarded-For handling (use_remote_address: true, xff_num_trusted_hops from
 * gatewayTopology.numTrustedProxies; istio 1.30.3 pilot/pkg/networking/core/gateway.go):
 * envoy source/common/http/utility.cc getLastAddressFromXFF (its cases from
 * test/common/http/utility_test.cc) and conn_manager_utility.cc mutateRequestHeaders, and the
 * istio.io network-topologies page's example (numTrustedProxies 2 → X-Envoy-External-Address
 * 72.9.5.6).
 */
import { describe, expect, it } from 'vitest';
import { getHeader } from '../../../src/mesh/net/http/message.ts';
import { edgeRequest, lastAddressFromXff } from '../../../src/mesh/proxy/l7/edge-request.ts';
import type { Downstream } from '../../../src/mesh/proxy/l7/plan.ts';
import { ip } from '../../../src/mesh/types.ts';

describe('getLastAddressFromXFF', () => {
	const xff = '192.0.2.10, 192.0.2.1, 10.0.0.1';
	it.each([
		{ xff, skip: 0, expected: '10.0.0.1' },
		{ xff, skip: 1, expected: '192.0.2.1' },
		{ xff, skip: 2, expected: '192.0.2.10' },
		{ xff, skip: 3, expected: undefined },
		{ xff: '', skip: 0, expected: undefined },
		{ xff: ',', skip: 0, expected: undefined },
		{ xff: 'not-an-ip', skip: 0, expected: undefined },
		{ xff: undefined, skip: 0, expected: undefined }
	])('$xff skipping $skip: $expected', ({ xff, skip, expected }) => {
		expect(lastAddressFromXff(xff, skip)).toBe(expected);
	});
});

describe('a gateway request (mutateRequestHeaders, use_remote_address)', () => {
	const down: Downstream = {
		identity: undefined,
		peerCertificate: undefined,
		remote: { ip: ip('172.18.0.1'), port: 40000 },
		local: { ip: ip('10.244.1.5'), port: 8080 },
		connectTraceparent: undefined,
		mtls: false
	};
	const request = (headers: [string, string][]) => ({
		method: 'GET',
		target: '/get',
		version: 'HTTP/1.1',
		headers: [['host', 'gw'] as [string, string], ...headers],
		body: new Uint8Array()
	});
	it.each([
		{
			name: 'the page: two trusted hops',
			xff: '56.5.6.7, 72.9.5.6, 98.1.2.3',
			hops: 2,
			trusted: '72.9.5.6:0',
			appended: '56.5.6.7, 72.9.5.6, 98.1.2.3,172.18.0.1'
		},
		{
			name: 'one trusted hop',
			xff: '56.5.6.7, 72.9.5.6, 98.1.2.3',
			hops: 1,
			trusted: '98.1.2.3:0',
			appended: '56.5.6.7, 72.9.5.6, 98.1.2.3,172.18.0.1'
		},
		{
			name: 'no trusted hops: the peer, whatever the client says',
			xff: '56.5.6.7',
			hops: 0,
			trusted: '172.18.0.1:40000',
			appended: '56.5.6.7,172.18.0.1'
		},
		{
			name: 'fewer entries than trusted hops: the peer',
			xff: '98.1.2.3',
			hops: 2,
			trusted: '172.18.0.1:40000',
			appended: '98.1.2.3,172.18.0.1'
		},
		{
			name: 'no X-Forwarded-For: the peer starts it',
			xff: undefined,
			hops: 2,
			trusted: '172.18.0.1:40000',
			appended: '172.18.0.1'
		}
	])('$name', ({ xff, hops, trusted, appended }) => {
		const r = edgeRequest(request(xff === undefined ? [] : [['X-Forwarded-For', xff]]), down, hops);
		const t = r.down.trustedRemote;
		expect(t && `${t.ip}:${t.port}`).toBe(trusted);
		expect(getHeader(r.req.headers, 'x-forwarded-for')).toBe(appended);
		// External (no internal_address_config): the trusted address, never the client's own value.
		expect(getHeader(r.req.headers, 'x-envoy-external-address')).toBe(trusted.split(':')[0]);
		expect(r.down.remote).toEqual(down.remote);
	});

	it('drops a client x-envoy-internal and replaces its x-envoy-external-address', () => {
		const r = edgeRequest(
			request([
				['x-envoy-internal', 'true'],
				['x-envoy-external-address', '1.1.1.1']
			]),
			down,
			0
		);
		expect(getHeader(r.req.headers, 'x-envoy-internal')).toBeUndefined();
		expect(r.req.headers.filter(([k]) => k === 'x-envoy-external-address')).toEqual([
			['x-envoy-external-address', '172.18.0.1']
		]);
	});
});
