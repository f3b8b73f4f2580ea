/**
 * ztunnel's decision for a destination on another network (istio/ztunnel 1.30.3
 * src/proxy/outbound.rs `build_request_through_gateway` and its tests
 * `build_request_double_hbone`, `build_request_wrong_network`; src/state.rs
 * `fetch_network_gateway`): what each hop is asked to be. The outer tunnel goes to the gateway's
 * address on its network at the gateway address's hbone_mtls_port and must prove the Service's
 * SANs or the gateway's own identity; both tunnels CONNECT to `<service hostname>:<service
 * port>`; the inner tunnel's peer must prove one of the Service's SANs.
 */
import { describe, expect, it } from 'vitest';
import { isProxyError } from '../../../src/mesh/proxy/l4/errors.ts';
import { buildRequest } from '../../../src/mesh/proxy/l4/outbound.ts';
import { ProxyState } from '../../../src/mesh/proxy/l4/state/proxy-state.ts';
import { formatAddr, ip } from '../../../src/mesh/types.ts';
import type { Service, Workload } from '../../../src/mesh/xds/workload-api.ts';
import { config, service, workload } from './fixtures.ts';

const source = workload('curl', '10.244.1.5', { namespace: 'sample', node: 'cluster1-worker' });
const local = workload('helloworld-v1', '10.244.1.6', { namespace: 'sample', app: 'helloworld' });

/** multicluster.go createSplitHorizonWorkload: no address, the gateway's network address. */
function splitHorizon(port = 15008): Workload {
	const uid =
		'network2/SplitHorizonWorkload/istio-system/istio-eastwestgateway/172.18.255.220/sample/helloworld.sample.svc.cluster.local';
	return {
		...workload('unused', '0.0.0.0'),
		uid,
		name: uid,
		namespace: 'sample',
		address: ip(''),
		serviceAccount: '',
		network: 'network2',
		clusterId: 'cluster2',
		capacity: 1,
		networkGateway: { network: 'network2', address: '172.18.255.220', hboneMtlsPort: port }
	};
}

/** workloads.go convertGateway. */
const gatewayWorkload: Workload = {
	...workload('unused', '172.18.255.220'),
	uid: 'NetworkGateway/network2/172.18.255.220/0',
	name: 'NetworkGateway/network2/172.18.255.220/0',
	namespace: 'istio-system',
	serviceAccount: 'istio-eastwestgateway',
	protocol: 'TCP',
	network: 'network2'
};

function helloworld(endpoints: readonly Workload[], sans?: readonly string[]): Service {
	return {
		...service('helloworld', '10.96.238.191', { 5000: 5000 }, endpoints, 'sample'),
		...(sans ? { subjectAltNames: sans } : {})
	};
}

const SANS = ['spiffe://cluster.local/ns/sample/sa/default'];

describe('outbound to another network (double HBONE)', () => {
	it('build_request_double_hbone: the gateway by IP, hostname authority, gateway and final SANs', () => {
		const state = new ProxyState(
			config([source, splitHorizon(15009), gatewayWorkload], [helloworld([splitHorizon()], SANS)])
		);
		const req = buildRequest(state, source, { ip: ip('10.96.238.191'), port: 5000 });
		if (isProxyError(req)) throw new Error(req.message);
		expect(req.protocol).toBe('DOUBLEHBONE');
		if (req.protocol !== 'DOUBLEHBONE') return;
		expect(formatAddr(req.actualDestination)).toBe('172.18.255.220:15009');
		expect(req.hboneTargetDestination).toBe('helloworld.sample.svc.cluster.local:5000');
		expect(req.actualDestinationWorkload.uid).toBe('NetworkGateway/network2/172.18.255.220/0');
		expect(req.upstreamSans).toEqual([
			...SANS,
			'spiffe://cluster.local/ns/istio-system/sa/istio-eastwestgateway'
		]);
		expect(req.finalSans).toEqual(SANS);
		expect(req.intendedDestinationService.hostname).toBe('helloworld.sample.svc.cluster.local');
	});

	it('build_request_wrong_network: no gateway workload for that network → unknown network gateway', () => {
		const state = new ProxyState(
			config([source, splitHorizon()], [helloworld([splitHorizon()], SANS)])
		);
		const req = buildRequest(state, source, { ip: ip('10.96.238.191'), port: 5000 });
		expect(isProxyError(req) && req.message).toBe(
			'unknown network gateway: network gateway GatewayAddress { destination: Address(NetworkAddress { network: "network2", address: 172.18.255.220 }), hbone_mtls_port: 15008 } not found'
		);
	});

	it('alternates between the local endpoint (HBONE) and the remote one (DOUBLEHBONE)', () => {
		const state = new ProxyState(
			config(
				[source, local, splitHorizon(), gatewayWorkload],
				[helloworld([local, splitHorizon()], SANS)]
			)
		);
		const protocols = [1, 2, 3, 4].map((i) => {
			const req = buildRequest(state, source, { ip: ip('10.96.238.191'), port: 5000 });
			if (isProxyError(req)) throw new Error(`request ${String(i)}: ${req.message}`);
			return req.protocol;
		});
		expect(protocols).toEqual(['HBONE', 'DOUBLEHBONE', 'HBONE', 'DOUBLEHBONE']);
	});

	// outbound.rs build_request: "picked a waypoint on remote network" (the failover page's
	// global waypoint Service): the target Service's authority, the waypoint Service's SANs.
	it("reaches a global waypoint's endpoint on another network by double HBONE", () => {
		const wpSans = ['spiffe://cluster.local/ns/sample/sa/waypoint'];
		const remoteWaypoint: Workload = {
			...splitHorizon(),
			uid: 'network2/SplitHorizonWorkload/istio-system/istio-eastwestgateway/172.18.255.220/sample/waypoint.sample.svc.cluster.local'
		};
		const waypointSvc: Service = {
			...service('waypoint', '10.96.7.7', { 15008: 15008 }, [remoteWaypoint], 'sample'),
			subjectAltNames: wpSans
		};
		const target: Service = {
			...helloworld([local], SANS),
			waypoint: {
				hostname: 'waypoint.sample.svc.cluster.local',
				namespace: 'sample',
				address: ip('10.96.7.7'),
				hboneMtlsPort: 15008
			}
		};
		const state = new ProxyState(
			config([source, local, remoteWaypoint, gatewayWorkload], [target, waypointSvc])
		);
		const req = buildRequest(state, source, { ip: ip('10.96.238.191'), port: 5000 });
		if (isProxyError(req)) throw new Error(req.message);
		expect(req.protocol).toBe('DOUBLEHBONE');
		if (req.protocol !== 'DOUBLEHBONE') return;
		expect(req.hboneTargetDestination).toBe('helloworld.sample.svc.cluster.local:5000');
		expect(formatAddr(req.actualDestination)).toBe('172.18.255.220:15008');
		expect(req.finalSans).toEqual(wpSans);
	});

	it("never answers a lookup by IP with another network's workload (find_upstream by network)", () => {
		const state = new ProxyState(config([source, gatewayWorkload], []));
		expect(state.workloadByIp('172.18.255.220')).toBeUndefined();
		const req = buildRequest(state, source, { ip: ip('172.18.255.220'), port: 15008 });
		expect(!isProxyError(req) && req.protocol).toBe('TCP');
	});
});
