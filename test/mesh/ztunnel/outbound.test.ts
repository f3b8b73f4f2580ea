import { describe, expect, it } from 'vitest';
import { isProxyError } from '../../../src/mesh/proxy/l4/errors.ts';
import { buildForwarded, buildRequest } from '../../../src/mesh/proxy/l4/outbound.ts';
import { ProxyState } from '../../../src/mesh/proxy/l4/state/proxy-state.ts';
import type { Service, Workload } from '../../../src/mesh/xds/workload-api.ts';
import { formatAddr, ip } from '../../../src/mesh/types.ts';
import { config, service, workload } from './fixtures.ts';

const source = workload('curl', '10.244.1.5', { node: 'local-node' });
const remoteHbone = workload('test-hbone', '10.244.2.7', { node: 'remote-node' });
const remoteTcp = workload('test-tcp', '10.244.2.9', { node: 'remote-node', protocol: 'TCP' });
const localHbone = workload('local-hbone', '10.244.1.8', { node: 'local-node' });
const localTcp = workload('local-tcp', '10.244.1.9', { node: 'local-node', protocol: 'TCP' });
const unhealthy = workload('sick', '10.244.2.11', { status: 'Unhealthy' });
const matching = workload('matching-pod', '10.244.2.20', { protocol: 'TCP' });
const unmatching = workload('unmatching-pod', '10.244.2.21', { protocol: 'TCP' });

interface Expected {
	readonly protocol: 'HBONE' | 'TCP';
	readonly destination: string;
	readonly hboneDestination?: string;
	readonly service?: string;
	readonly workload?: string;
	readonly sans?: readonly string[];
}

interface Case {
	readonly name: string;
	readonly to: string;
	readonly workloads?: readonly Workload[];
	readonly services?: readonly Service[];
	readonly expected: Expected | { readonly error: string };
}

const cases: Case[] = [
	{
		name: 'build_request_unknown_dest',
		to: '1.2.3.4:80',
		expected: { protocol: 'TCP', destination: '1.2.3.4:80' }
	},
	{
		name: 'build_request_known_dest_remote_node_tcp',
		to: '10.244.2.9:80',
		workloads: [remoteTcp],
		expected: { protocol: 'TCP', destination: '10.244.2.9:80', workload: 'test-tcp-abc12' }
	},
	{
		name: 'build_request_known_dest_remote_node_hbone',
		to: '10.244.2.7:80',
		workloads: [remoteHbone],
		expected: {
			protocol: 'HBONE',
			destination: '10.244.2.7:15008',
			hboneDestination: '10.244.2.7:80',
			workload: 'test-hbone-abc12',
			sans: ['spiffe://cluster.local/ns/default/sa/test-hbone']
		}
	},
	{
		name: 'build_request_known_dest_local_node_tcp',
		to: '10.244.1.9:80',
		workloads: [localTcp],
		expected: { protocol: 'TCP', destination: '10.244.1.9:80', workload: 'local-tcp-abc12' }
	},
	{
		name: 'build_request_known_dest_local_node_hbone',
		to: '10.244.1.8:80',
		workloads: [localHbone],
		expected: {
			protocol: 'HBONE',
			destination: '10.244.1.8:15008',
			hboneDestination: '10.244.1.8:80'
		}
	},
	{
		name: 'build_request_service_hbone',
		to: '10.96.0.10:9080',
		workloads: [remoteHbone],
		services: [service('productpage', '10.96.0.10', { 9080: 9080 }, [remoteHbone])],
		expected: {
			protocol: 'HBONE',
			destination: '10.244.2.7:15008',
			hboneDestination: '10.244.2.7:9080',
			service: 'productpage.default.svc.cluster.local',
			workload: 'test-hbone-abc12'
		}
	},
	{
		name: 'build_request_service_target_port',
		to: '10.96.0.10:80',
		workloads: [remoteHbone],
		services: [service('productpage', '10.96.0.10', { 80: 9080 }, [remoteHbone])],
		expected: {
			protocol: 'HBONE',
			destination: '10.244.2.7:15008',
			hboneDestination: '10.244.2.7:9080'
		}
	},
	{
		name: 'build_request_service_tcp_endpoint',
		to: '10.96.0.11:80',
		workloads: [remoteTcp],
		services: [service('legacy', '10.96.0.11', { 80: 8080 }, [remoteTcp])],
		expected: {
			protocol: 'TCP',
			destination: '10.244.2.9:8080',
			service: 'legacy.default.svc.cluster.local'
		}
	},
	{
		name: 'build_request_empty_service',
		to: '10.96.0.3:80',
		services: [service('empty', '10.96.0.3', { 80: 8080 }, [])],
		expected: { error: 'no healthy upstream: 10.96.0.3:80' }
	},
	{
		name: 'build_request_service_unknown_port',
		to: '10.96.0.10:8080',
		workloads: [remoteHbone],
		services: [service('productpage', '10.96.0.10', { 9080: 9080 }, [remoteHbone])],
		expected: { error: 'no healthy upstream: 10.96.0.10:8080' }
	},
	{
		name: 'build_request_unhealthy_endpoint_skipped',
		to: '10.96.0.12:80',
		workloads: [unhealthy, remoteHbone],
		services: [service('mixed', '10.96.0.12', { 80: 80 }, [unhealthy, remoteHbone])],
		expected: { protocol: 'HBONE', destination: '10.244.2.7:15008' }
	},
	{
		name: 'build_request_only_unhealthy_endpoints',
		to: '10.96.0.12:80',
		workloads: [unhealthy],
		services: [service('sick', '10.96.0.12', { 80: 80 }, [unhealthy])],
		expected: { error: 'no healthy upstream: 10.96.0.12:80' }
	},
	{
		name: 'build_request_target_port',
		to: '10.96.0.13:80',
		workloads: [matching, unmatching],
		services: [
			service('example', '10.96.0.13', { 80: 0, 8080: 0 }, [
				{ w: unmatching, ports: { 8080: 9999 } },
				{ w: matching, ports: { 80: 1234 } }
			])
		],
		expected: { protocol: 'TCP', destination: '10.244.2.20:1234' }
	}
];

describe('buildRequest', () => {
	it.each(cases)('$name', ({ to, workloads = [], services = [], expected }) => {
		const state = new ProxyState(config([source, ...workloads], services));
		const [host = '', port = '0'] = to.split(':');
		const req = buildRequest(state, source, { ip: ip(host), port: Number(port) });
		if ('error' in expected) {
			expect(isProxyError(req) ? req.message : req).toBe(expected.error);
			return;
		}
		if (isProxyError(req)) throw new Error(req.message);
		if (req.protocol === 'DOUBLEHBONE') throw new Error('unexpected double HBONE');
		expect(req.protocol).toBe(expected.protocol);
		expect(formatAddr(req.actualDestination)).toBe(expected.destination);
		const hbone = req.hboneTargetDestination && formatAddr(req.hboneTargetDestination);
		if (expected.protocol === 'TCP') expect(hbone).toBeUndefined();
		if (expected.hboneDestination !== undefined) expect(hbone).toBe(expected.hboneDestination);
		if (expected.service !== undefined) {
			expect(req.intendedDestinationService?.hostname).toBe(expected.service);
		}
		if (expected.workload !== undefined) {
			expect(req.actualDestinationWorkload?.name).toBe(expected.workload);
		}
		if (expected.sans !== undefined) expect(req.upstreamSans).toEqual(expected.sans);
		if (expected.protocol === 'TCP') expect(req.upstreamSans).toEqual([]);
	});

	it('round-robins the endpoints of a service, and keeps the rotation across pushes', () => {
		const a = workload('a', '10.244.2.1');
		const b = workload('b', '10.244.2.2');
		const c = workload('c', '10.244.2.3');
		const svc = service('rr', '10.96.0.20', { 80: 8080 }, [a, b, c]);
		const target = { ip: ip('10.96.0.20'), port: 80 };
		let state = new ProxyState(config([source, a, b, c], [svc]));
		const picks: string[] = [];
		for (let i = 0; i < 4; i++) {
			const req = buildRequest(state, source, target);
			if (isProxyError(req)) throw new Error(req.message);
			picks.push(req.actualDestinationWorkload?.workloadName ?? '?');
		}
		state = new ProxyState(config([source, a, b, c], [svc], [], 2), state);
		for (let i = 0; i < 2; i++) {
			const req = buildRequest(state, source, target);
			if (isProxyError(req)) throw new Error(req.message);
			picks.push(req.actualDestinationWorkload?.workloadName ?? '?');
		}
		expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
	});

	it('prefers the service in the source namespace when a VIP is shared', () => {
		const mine = workload('mine', '10.244.2.30');
		const theirs = workload('theirs', '10.244.2.31', { namespace: 'other' });
		const state = new ProxyState(
			config(
				[source, mine, theirs],
				[
					service('shared', '10.96.0.30', { 80: 80 }, [theirs], 'other'),
					service('shared', '10.96.0.30', { 80: 80 }, [mine], 'default')
				]
			)
		);
		const req = buildRequest(state, source, { ip: ip('10.96.0.30'), port: 80 });
		if (isProxyError(req)) throw new Error(req.message);
		expect(req.actualDestinationWorkload?.workloadName).toBe('mine');
	});
});

describe('buildForwarded', () => {
	it('names the client, and the service when one was addressed', () => {
		const client = { ip: ip('10.244.1.5'), port: 40000 };
		expect(buildForwarded(client, undefined)).toBe('for="10.244.1.5:40000"');
		expect(
			buildForwarded(client, {
				hostname: 'productpage.default.svc.cluster.local',
				name: 'productpage',
				namespace: 'default'
			})
		).toBe('for="10.244.1.5:40000";host=productpage.default.svc.cluster.local');
	});
});
