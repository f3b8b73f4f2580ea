/** Where a new host runs (worker-packing.ts): scenario table, as ztunnel's tests name theirs. */
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { hostId, ip, nodeName } from '../../src/mesh/types.ts';
import {
	placeHost,
	type PackingOptions,
	type Placement,
	type WorkerSlot
} from '../../src/platform/worker-packing.ts';

const w1 = nodeName('ambient-worker');
const w2 = nodeName('ambient-worker2');

const host = (node = w1, nodeAgent = false, namespace = 'default'): HostSpec => ({
	id: hostId(`${namespace}/p`),
	kind: 'pod',
	ip: ip('10.244.1.9'),
	node,
	namespace,
	name: 'p',
	containers: [],
	seed: 1,
	...(nodeAgent ? { nodeAgent } : {})
});

const cases: {
	name: string;
	spec: HostSpec;
	slots: WorkerSlot[];
	running: number;
	options: PackingOptions;
	expected: Placement;
}[] = [
	{
		name: 'per-pod, few hosts: a worker of its own',
		spec: host(),
		slots: [{ node: undefined, hosts: 1 }],
		running: 10,
		options: { packing: 'per-pod' },
		expected: { new: undefined }
	},
	{
		name: 'per-pod past packAbove: packs into its node’s worker with room',
		spec: host(w2),
		slots: [
			{ node: undefined, hosts: 1 },
			{ node: w1, hosts: 3 },
			{ node: w2, hosts: 3 }
		],
		running: 64,
		options: { packing: 'per-pod' },
		expected: 2
	},
	{
		name: 'node packing, first host of a node: a new packed worker for that node',
		spec: host(w2),
		slots: [{ node: w1, hosts: 5 }],
		running: 5,
		options: { packing: 'node' },
		expected: { new: w2 }
	},
	{
		name: 'node packing, node worker full: another worker for the node',
		spec: host(),
		slots: [{ node: w1, hosts: 2 }],
		running: 2,
		options: { packing: 'node', hostsPerWorker: 2 },
		expected: { new: w1 }
	},
	{
		name: 'node packing, first worker full, second has room: the second',
		spec: host(),
		slots: [
			{ node: w1, hosts: 2 },
			{ node: w1, hosts: 1 }
		],
		running: 3,
		options: { packing: 'node', hostsPerWorker: 2 },
		expected: 1
	},
	{
		name: 'node agent: joins its node’s first worker even when full',
		spec: host(w1, true),
		slots: [
			{ node: w2, hosts: 1 },
			{ node: w1, hosts: 2 },
			{ node: w1, hosts: 1 }
		],
		running: 4,
		options: { packing: 'node', hostsPerWorker: 2 },
		expected: 1
	},
	{
		name: 'node agent on a node with no worker yet: a new one for the node',
		spec: host(w2, true),
		slots: [{ node: w1, hosts: 1 }],
		running: 1,
		options: { packing: 'node' },
		expected: { new: w2 }
	},
	{
		name: 'agent (the default), a workload pod, few hosts: the node’s workload worker',
		spec: host(w2),
		slots: [
			{ node: undefined, hosts: 1 },
			{ node: w2, hosts: 2 },
			{ node: w2, pool: 'workloads', hosts: 3 }
		],
		running: 6,
		options: {},
		expected: 2
	},
	{
		name: 'agent, the first workload of a node: a new workload worker, not the add-ons’',
		spec: host(w1),
		slots: [{ node: w1, hosts: 2 }],
		running: 2,
		options: { packing: 'agent' },
		expected: { new: w1, pool: 'workloads' }
	},
	{
		name: 'agent, ztunnel after the pods: joins its node’s first workload worker, even full',
		spec: host(w1, true, 'istio-system'),
		slots: [
			{ node: w1, hosts: 2 },
			{ node: w1, pool: 'workloads', hosts: 2 },
			{ node: w1, pool: 'workloads', hosts: 1 }
		],
		running: 5,
		options: { packing: 'agent', hostsPerWorker: 2 },
		expected: 1
	},
	{
		name: 'agent, istiod (a system pod): a worker of its own',
		spec: host(w1, false, 'istio-system'),
		slots: [{ node: w1, pool: 'workloads', hosts: 3 }],
		running: 8,
		options: { packing: 'agent' },
		expected: { new: undefined }
	},
	{
		name: 'agent, a host-network pod: a worker of its own',
		spec: { ...host(w1), hostNetwork: true },
		slots: [{ node: w1, pool: 'workloads', hosts: 3 }],
		running: 8,
		options: { packing: 'agent' },
		expected: { new: undefined }
	},
	{
		name: 'agent, a system pod past packAbove: its node’s worker, not the workloads’',
		spec: host(w1, false, 'kube-system'),
		slots: [
			{ node: w1, pool: 'workloads', hosts: 3 },
			{ node: w1, hosts: 3 }
		],
		running: 64,
		options: { packing: 'agent' },
		expected: 1
	},
	{
		name: 'agent, workload worker full: another workload worker for the node',
		spec: host(w1),
		slots: [{ node: w1, pool: 'workloads', hosts: 2 }],
		running: 2,
		options: { packing: 'agent', hostsPerWorker: 2 },
		expected: { new: w1, pool: 'workloads' }
	}
];

describe('placeHost', () => {
	it.each(cases)('$name', ({ spec, slots, running, options, expected }) => {
		expect(placeHost(spec, slots, running, options)).toEqual(expected);
	});
});
