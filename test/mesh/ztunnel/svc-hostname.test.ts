/**
 * Hostname authorities, as double HBONE uses them (istio/ztunnel 1.30.3 src/proxy.rs
 * HboneAddress::SvcHostname; src/proxy/inbound.rs find_inbound_upstream and its test cases
 * "svc hostname to workload no waypoint"; errors NoHostname and NoPortForServices), and the
 * east-west gateway's choice of where to forward one (istio pilot cluster_waypoint.go
 * buildForwardInnerConnect: an endpoint of the Service, port overridden to 15008).
 */
import { describe, expect, it } from 'vitest';
import { parseSvcHostname } from '../../../src/mesh/hbone/connect.ts';
import { findInboundUpstream } from '../../../src/mesh/proxy/l4/inbound-hostname.ts';
import { ProxyState } from '../../../src/mesh/proxy/l4/state/proxy-state.ts';
import { L7ProxyState } from '../../../src/mesh/proxy/l7/state.ts';
import { ip } from '../../../src/mesh/types.ts';
import { forwardTarget } from '../../../src/mesh/waypoint/eastwest.ts';
import { config, service, workload } from './fixtures.ts';

const pod = workload('helloworld-v2', '10.244.2.7');
const other = workload('helloworld-v3', '10.244.2.8');
const byNumber = service('helloworld', '10.96.0.20', { 5000: 5000 }, [pod]);
// A named targetPort istiod could not resolve to a number: only the endpoint's port says it.
const named = service('named', '10.96.0.21', { 80: 0 }, [{ w: pod, ports: { 80: 8080 } }]);
const unresolved = service('unresolved', '10.96.0.22', { 80: 0 }, [other]);

describe('parseSvcHostname', () => {
	it.each([
		[
			'helloworld.sample.svc.cluster.local:5000',
			{ hostname: 'helloworld.sample.svc.cluster.local', port: 5000 }
		],
		['10.244.2.7:5000', undefined],
		['helloworld.sample.svc.cluster.local', undefined],
		['bad_name:80', undefined],
		['helloworld:0', undefined],
		['helloworld:70000', undefined]
	])('%s', (authority, want) => {
		expect(parseSvcHostname(authority)).toEqual(want);
	});
});

describe('findInboundUpstream (SvcHostname)', () => {
	const state = new ProxyState(config([pod, other], [byNumber, named, unresolved]));
	const local = { ip: ip('10.244.2.7'), port: 15008 };
	it.each([
		{
			name: 'numeric target port',
			host: 'helloworld.default.svc.cluster.local',
			port: 5000,
			want: { ip: '10.244.2.7', port: 5000 }
		},
		{
			name: "the endpoint's port for a named target port",
			host: 'named.default.svc.cluster.local',
			port: 80,
			want: { ip: '10.244.2.7', port: 8080 }
		},
		{
			name: 'unknown hostname',
			host: 'nope.default.svc.cluster.local',
			port: 80,
			want: {
				type: 'NoHostname',
				message: 'no service or workload for hostname: nope.default.svc.cluster.local'
			}
		},
		{
			name: 'no port to resolve',
			host: 'unresolved.default.svc.cluster.local',
			port: 80,
			want: {
				type: 'NoPortForServices',
				message:
					'requested service unresolved.default.svc.cluster.local:80 found, but cannot resolve port'
			}
		}
	])('$name', ({ host, port, want }) => {
		expect(findInboundUpstream(state, local, pod, { hostname: host, port })).toEqual(want);
	});
});

describe("the east-west gateway's forward target", () => {
	const state = new L7ProxyState({
		version: 1,
		gateway: { name: 'istio-eastwestgateway', namespace: 'istio-system' },
		gatewayClassName: 'istio-east-west',
		services: [service('helloworld', '10.96.0.20', { 5000: 5000 }, [pod, other])],
		workloads: [pod, other],
		routes: [],
		policies: []
	});
	it('round-robins the endpoints, each on its HBONE port', () => {
		const svc = { hostname: 'helloworld.default.svc.cluster.local', port: 5000 };
		expect([forwardTarget(state, svc), forwardTarget(state, svc)]).toEqual([
			{ ip: '10.244.2.7', port: 15008 },
			{ ip: '10.244.2.8', port: 15008 }
		]);
	});
	it.each([
		{
			name: 'a Service it does not expose',
			hostname: 'other.default.svc.cluster.local',
			port: 5000
		},
		{ name: 'a port the Service lacks', hostname: 'helloworld.default.svc.cluster.local', port: 80 }
	])('503 for $name', (svc) => {
		expect(forwardTarget(state, svc)).toBe(503);
	});
});
