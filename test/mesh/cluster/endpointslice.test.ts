/** The EndpointSlice controller's grouping: 100 endpoints per slice, one set per port mapping. */
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../../src/mesh/api/objects.ts';
import {
	desiredSlices,
	MAX_ENDPOINTS_PER_SLICE
} from '../../../src/mesh/cluster/endpointslice-utils.ts';

const svc = {
	apiVersion: 'v1',
	kind: 'Service',
	metadata: { name: 'web', namespace: 'default', uid: 's' },
	spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }
} as unknown as Service;

const pod = (i: number, containerPort = 8080, ready = true): Pod =>
	({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: { name: `web-${i}`, namespace: 'default', uid: `u${i}`, labels: { app: 'web' } },
		spec: {
			nodeName: 'ambient-worker',
			containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort }] }]
		},
		status: {
			phase: 'Running',
			podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`,
			conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }]
		}
	}) as unknown as Pod;

describe('desiredSlices', () => {
	it('splits 250 endpoints into slices of 100, 100 and 50, in address order', () => {
		const pods = Array.from({ length: 250 }, (_, i) => pod(249 - i));
		const slices = desiredSlices(svc, pods);
		expect(slices.map((s) => s.endpoints.length)).toEqual([MAX_ENDPOINTS_PER_SLICE, 100, 50]);
		expect(slices[0]!.endpoints[0]!.addresses).toEqual(['10.244.0.2']);
		expect(slices[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
	});

	it('pods whose named port resolves differently go to a slice of their own', () => {
		const slices = desiredSlices(svc, [pod(1), pod(2, 9090), pod(3)]);
		expect(slices.map((s) => [s.ports[0]?.port, s.endpoints.length])).toEqual([
			[8080, 2],
			[9090, 1]
		]);
	});

	it('a not-ready pod is listed with ready and serving false; no pods gives one empty slice', () => {
		const [slice] = desiredSlices(svc, [pod(1, 8080, false)]);
		expect(slice!.endpoints[0]!.conditions).toEqual({
			ready: false,
			serving: false,
			terminating: false
		});
		expect(desiredSlices(svc, [])).toEqual([{ ports: [], endpoints: [] }]);
	});
});
