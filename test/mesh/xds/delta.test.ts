/**
 * Delta xDS for the workload API: what a ztunnel holds after each push, the frame on the wire,
 * and the ACK or NACK it answers with.
 */
import { describe, expect, it } from 'vitest';
import type { TlsChannel } from '../../../src/mesh/tls/stream.ts';

import {
	applyZtunnelDelta,
	withEndpoints,
	type ZtunnelDelta
} from '../../../src/mesh/xds/delta.ts';
import {
	encodeDeltaFrame,
	encodeFrame,
	parseIstiodMessage,
	type IstiodMessage
} from '../../../src/mesh/xds/protocol.ts';
import { ConfigPushes } from '../../../src/mesh/xds/pushes.ts';
import type { Service, Workload, ZtunnelConfig } from '../../../src/mesh/xds/workload-api.ts';
import { ip } from '../../../src/mesh/types.ts';
import { configError } from '../../../src/mesh/proxy/l4/state/validate.ts';

const workload = (namespace: string, name: string, address = '10.244.1.5'): Workload => ({
	uid: `Kubernetes//Pod/${namespace}/${name}`,
	name,
	namespace,
	address: ip(address),
	node: 'worker',
	serviceAccount: 'default',
	trustDomain: 'cluster.local',
	protocol: 'HBONE',
	workloadName: name,
	canonicalName: name,
	canonicalRevision: 'latest',
	status: 'Healthy',
	authorizationPolicies: [],
	services: {}
});

const service = (namespace: string, name: string, endpoints: string[] = []): Service => ({
	name,
	namespace,
	hostname: `${name}.${namespace}.svc.cluster.local`,
	vips: [ip('10.96.0.10')],
	ports: { 9080: 9080 },
	endpoints: endpoints.map((uid) => ({
		workloadUid: uid,
		ports: { 9080: 9080 },
		status: 'Healthy'
	}))
});

const none = { resources: [], removed: [] };
const delta = (d: Partial<Omit<ZtunnelDelta, 'version'>>, version = 2): ZtunnelDelta => ({
	version,
	workloads: none,
	services: none,
	policies: none,
	...d
});

const held: ZtunnelConfig = {
	version: 1,
	workloads: [workload('default', 'a'), workload('default', 'c'), workload('other', 'b')],
	services: [service('default', 'pp', ['Kubernetes//Pod/default/a'])],
	policies: []
};

const names = (c: ZtunnelConfig) => c.workloads.map((w) => `${w.namespace}/${w.name}`);

describe('applyZtunnelDelta', () => {
	it.each([
		{
			name: 'a new workload goes where istiod sorts it (namespace, then name)',
			d: delta({ workloads: { resources: [workload('default', 'b')], removed: [] } }),
			expected: ['default/a', 'default/b', 'default/c', 'other/b']
		},
		{
			name: 'a removed name goes',
			d: delta({ workloads: { resources: [], removed: ['Kubernetes//Pod/default/c'] } }),
			expected: ['default/a', 'other/b']
		},
		{
			name: 'a changed workload keeps its place',
			d: delta({
				workloads: { resources: [workload('default', 'c', '10.244.2.9')], removed: [] }
			}),
			expected: ['default/a', 'default/c', 'other/b']
		},
		{
			name: 'a removal of a name it never held changes nothing',
			d: delta({ workloads: { resources: [], removed: ['Kubernetes//Pod/x/y'] } }),
			expected: ['default/a', 'default/c', 'other/b']
		}
	])('$name', ({ d, expected }) => {
		const next = applyZtunnelDelta(held, d);
		expect(names(next)).toEqual(expected);
		expect(next.version).toBe(2);
	});

	it('replaces a changed service whole and keeps the rest as they were', () => {
		const pp = service('default', 'pp', ['Kubernetes//Pod/default/a', 'Kubernetes//Pod/default/c']);
		const next = applyZtunnelDelta(held, delta({ services: { resources: [pp], removed: [] } }));
		expect(next.services).toEqual([pp]);
		expect(next.workloads).toBe(held.workloads);
	});
});

describe('withEndpoints', () => {
	it('gives a service sent without endpoints those its workloads name, in their order', () => {
		const backing = (w: Workload): Workload => ({
			...w,
			services: { 'default/pp.default.svc.cluster.local': { 9080: 9080 } }
		});
		const a = backing(workload('default', 'a'));
		const c = { ...backing(workload('default', 'c')), status: 'Unhealthy' as const };
		const { endpoints: _e, ...bare } = service('default', 'pp');
		const config = withEndpoints({
			...held,
			workloads: [a, workload('default', 'b'), c],
			services: [bare]
		});
		expect(config.services[0]?.endpoints).toEqual([
			{ workloadUid: a.uid, ports: { 9080: 9080 }, status: 'Healthy' },
			{ workloadUid: c.uid, ports: { 9080: 9080 }, status: 'Unhealthy' }
		]);
		// A service sent with its endpoints keeps them as sent.
		expect(withEndpoints(held).services).toEqual(held.services);
	});
});

describe('the delta frame', () => {
	it('is the frame encodeFrame makes, with the delta serialized once', () => {
		const d = delta({ workloads: { resources: [workload('default', 'b')], removed: ['x'] } });
		expect(encodeDeltaFrame(JSON.stringify(d), '2-00000003')).toEqual(
			encodeFrame({ type: 'delta', delta: d, nonce: '2-00000003' })
		);
	});

	it('parses a delta and refuses a malformed one', () => {
		const d = delta({});
		expect(parseIstiodMessage({ type: 'delta', delta: d, nonce: 'n' })).toEqual({
			type: 'delta',
			delta: d,
			nonce: 'n'
		});
		expect(
			parseIstiodMessage({ type: 'delta', delta: { ...d, workloads: { resources: [] } } })
		).toEqual({ type: 'xds-protocol-error', message: 'delta: malformed ZtunnelDelta' });
	});
});

describe('a ztunnel applying pushes', () => {
	function ztunnel() {
		const applied: ZtunnelConfig[] = [];
		const nacks: string[] = [];
		const acks: unknown[] = [];
		const pushes = new ConfigPushes<ZtunnelConfig>(
			{
				pushType: 'config',
				onConfig: (c) => applied.push(c),
				validate: configError,
				onNack: (r) => nacks.push(r)
			},
			{ after: () => ({ cancel: () => {} }) } as never
		);
		const stream = {
			write: (bytes: Uint8Array) =>
				acks.push(JSON.parse(new TextDecoder().decode(bytes.subarray(4))))
		} as unknown as TlsChannel;
		const push = (m: IstiodMessage) => pushes.handle(m as never, stream);
		return { pushes, applied, nacks, acks, push };
	}

	it('NACKs a delta before any state, then applies the whole state and a delta', () => {
		const z = ztunnel();
		z.push({ type: 'delta', delta: delta({}), nonce: 'n1' });
		expect(z.nacks).toEqual(['delta response before any state']);
		expect(z.acks).toEqual([
			{ type: 'ack', nonce: 'n1', error: 'delta response before any state' }
		]);
		z.push({ type: 'config', config: held, nonce: 'n2' });
		z.push({
			type: 'delta',
			delta: delta({ workloads: { resources: [workload('default', 'b')], removed: [] } }, 3),
			nonce: 'n3'
		});
		expect(z.acks.slice(1)).toEqual([
			{ type: 'ack', nonce: 'n2' },
			{ type: 'ack', nonce: 'n3' }
		]);
		expect(names(z.pushes.config as ZtunnelConfig)).toEqual([
			'default/a',
			'default/b',
			'default/c',
			'other/b'
		]);
		expect(z.pushes.config?.version).toBe(3);
	});

	it('NACKs a delta with a resource it cannot apply and keeps what it held', () => {
		const z = ztunnel();
		z.push({ type: 'config', config: held, nonce: 'n1' });
		z.push({
			type: 'delta',
			delta: delta({
				workloads: { resources: [workload('default', 'b', 'fe80::1')], removed: [] }
			}),
			nonce: 'n2'
		});
		expect(z.nacks).toEqual(['workload Kubernetes//Pod/default/b: invalid IP address "fe80::1"']);
		expect(z.pushes.config).toEqual(held);
		expect(z.applied).toEqual([held]);
	});
});
