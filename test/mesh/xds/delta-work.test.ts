/**
 * A ztunnel folds each delta push for what the push changed, not for what it holds: one pod
 * turning ready at 400 workloads reads as few workloads as at 40 (ztunnel's
 * `ProxyStateUpdater::insert` and `ServiceStore::insert_endpoint` touch the one workload and
 * its services, src/state/workload.rs and src/state/service.rs). Work is counted, never timed:
 * every read of a workload's `services` or `uid` counts. And the incremental result is the
 * state a full derivation gives, over random deltas.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/mesh/random.ts';
import { ip } from '../../../src/mesh/types.ts';
import {
	applyZtunnelDelta,
	type WireConfig,
	type WireService,
	withEndpoints,
	type ZtunnelDelta
} from '../../../src/mesh/xds/delta.ts';
import type { Workload, ZtunnelConfig } from '../../../src/mesh/xds/workload-api.ts';

const PP = 'default/productpage.default.svc.cluster.local';
const DETAILS = 'default/details.default.svc.cluster.local';

function workload(i: number, service = PP, status: Workload['status'] = 'Healthy'): Workload {
	const name = `productpage-v1-${String(i).padStart(5, '0')}`;
	return {
		uid: `Kubernetes//Pod/default/${name}`,
		name,
		namespace: 'default',
		address: ip(`10.244.${1 + (i >> 8)}.${i & 255}`),
		node: 'ambient-worker',
		serviceAccount: 'bookinfo-productpage',
		trustDomain: 'cluster.local',
		protocol: 'HBONE',
		workloadName: 'productpage-v1',
		canonicalName: 'productpage',
		canonicalRevision: 'v1',
		status,
		authorizationPolicies: [],
		services: { [service]: { 9080: 9080 } }
	};
}

const wireService = (name: string): WireService => ({
	name,
	namespace: 'default',
	hostname: `${name}.default.svc.cluster.local`,
	vips: [ip('10.96.0.20')],
	ports: { 9080: 9080 }
});

/** Reads of a workload's `uid` and `services` (what a fold or a derivation looks at). */
function counted(w: Workload, reads: { n: number }): Workload {
	const { uid, services, ...rest } = w;
	return Object.defineProperties({ ...rest } as Workload, {
		uid: { enumerable: true, get: () => (reads.n++, uid) },
		services: { enumerable: true, get: () => (reads.n++, services) }
	});
}

/**
 * A ztunnel holding `size` workloads (every one an endpoint of productpage, shown Unhealthy),
 * then one push turning one of them Healthy: the workload reads that push made.
 */
function readsForOnePodReady(size: number): number {
	const reads = { n: 0 };
	const wire: WireConfig = {
		version: 1,
		workloads: Array.from({ length: size }, (_, i) => counted(workload(i, PP, 'Unhealthy'), reads)),
		services: [wireService('productpage')],
		policies: []
	};
	let held = withEndpoints(wire);
	let heldWire = wire;
	// A first push of the kind, so what the proxy keeps between pushes exists as it would.
	const push = (w: Workload, version: number): void => {
		const d: ZtunnelDelta = {
			version,
			workloads: { resources: [w], removed: [] },
			services: { resources: [], removed: [] },
			policies: { resources: [], removed: [] }
		};
		const next = applyZtunnelDelta(heldWire, d);
		held = withEndpoints(next, { wire: heldWire, config: held, delta: d });
		heldWire = next;
	};
	push(workload(0), 2);
	reads.n = 0;
	push(workload(size >> 1), 3);
	expect(held.services[0]?.endpoints.filter((e) => e.status === 'Healthy')).toHaveLength(2);
	return reads.n;
}

describe("a ztunnel's delta fold", () => {
	it('reads as many workloads for one pod turning ready at 400 workloads as at 40', () => {
		const small = readsForOnePodReady(40);
		const large = readsForOnePodReady(400);
		expect(large).toBe(small);
		expect(small).toBeLessThan(10);
	});

	it('holds what a full derivation of the same state holds, over random deltas', () => {
		const rng = createRng(13);
		let wire: WireConfig = {
			version: 1,
			workloads: [],
			services: [wireService('productpage'), wireService('details')],
			policies: []
		};
		let held: ZtunnelConfig = withEndpoints(wire);
		const alive = new Set<number>();
		for (let step = 0; step < 300; step++) {
			const resources: Workload[] = [];
			const removed: string[] = [];
			for (let k = rng.int(4); k >= 0; k--) {
				const i = rng.int(60);
				if (alive.has(i) && rng.int(4) === 0) {
					alive.delete(i);
					removed.push(workload(i).uid);
				} else {
					alive.add(i);
					const svc = rng.int(3) === 0 ? DETAILS : PP;
					resources.push(workload(i, svc, rng.int(2) === 0 ? 'Healthy' : 'Unhealthy'));
				}
			}
			const d: ZtunnelDelta = {
				version: step + 2,
				workloads: { resources, removed },
				services: { resources: [], removed: [] },
				policies: { resources: [], removed: [] }
			};
			const next = applyZtunnelDelta(wire, d);
			held = withEndpoints(next, { wire, config: held, delta: d });
			wire = next;
			expect(held).toEqual(withEndpoints(wire));
		}
		expect(held.services.some((s) => s.endpoints.length > 10)).toBe(true);
	});
});
