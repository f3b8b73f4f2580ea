/**
 * istiod's ambient index between pushes: pod events recompute only their pod's workload and its
 * rows in its namespace's Services, and still give exactly the state a full recompute gives;
 * the delta ztunnels are sent, folded into what they held, gives that state too. Work is counted
 * (workloads and endpoints built), never timed.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { AmbientIndex } from '../../../src/mesh/istiod/ambient-index.ts';
import { InformerCache, type ObjectRef } from '../../../src/mesh/istiod/informer-cache.ts';
import { changedConfigs, computeMeshState, type MeshState } from '../../../src/mesh/istiod/push.ts';
import { createRng } from '../../../src/mesh/random.ts';
import {
	applyZtunnelDelta,
	type WireConfig,
	withEndpoints,
	type ZtunnelDelta
} from '../../../src/mesh/xds/delta.ts';
import { explicitEndpoints, wireService } from '../../../src/mesh/istiod/address-delta.ts';
import type { ZtunnelConfig } from '../../../src/mesh/xds/workload-api.ts';
import { authorizationPolicy, namespace, pod, service } from './fixtures.ts';

const ztunnelConfig = (m: MeshState): ZtunnelConfig => ({
	version: 0,
	workloads: m.workloads,
	services: m.services,
	policies: m.policies
});

const cniPod = (node: string): Pod =>
	pod(`istio-cni-node-${node}`, {
		namespace: 'istio-system',
		labels: { 'k8s-app': 'istio-cni-node' },
		node,
		ip: '172.18.0.2'
	});

/** Bookinfo-like: an ambient namespace, Services, and `replicas` productpage pods. */
function cluster(replicas: number): KubeObject[] {
	const objects: KubeObject[] = [
		namespace('default', { 'istio.io/dataplane-mode': 'ambient' }),
		namespace('istio-system'),
		cniPod('ambient-worker'),
		cniPod('ambient-worker2'),
		service('productpage', { app: 'productpage' }, [{ port: 9080 }]),
		service('details', { app: 'details' }, [{ port: 9080, targetPort: 'http' }]),
		service('reviews', { app: 'reviews' }, [{ port: 9080 }], { clusterIP: '10.96.0.11' }),
		authorizationPolicy('pp', { selector: { matchLabels: { app: 'productpage' } } }),
		pod('details-v1-abc', {
			labels: { app: 'details' },
			ip: '10.244.1.2',
			ports: [{ name: 'http', containerPort: 9080 }]
		})
	];
	for (let i = 0; i < replicas; i++) objects.push(productpage(i));
	return objects;
}

const productpage = (i: number, o: { ready?: boolean; labels?: Record<string, string> } = {}) =>
	pod(`productpage-v1-${String(i).padStart(4, '0')}`, {
		labels: { app: 'productpage', ...o.labels },
		ip: `10.244.${2 + (i >> 8)}.${i & 255}`,
		node: i % 2 === 0 ? 'ambient-worker' : 'ambient-worker2',
		replicaSet: 'productpage-v1-56b474697c',
		...(o.ready === false ? { ready: false } : {})
	});

/** A cache and an index fed the list, as a new istiod is. */
function start(objects: KubeObject[]) {
	const cache = new InformerCache();
	const index = new AmbientIndex();
	const request = cache.apply({ type: 'list', objects });
	index.update(() => cache.snapshot(), request);
	return { cache, index };
}

describe('ambient index', () => {
	it('pod events give the state a full recompute gives, and a delta that rebuilds it', () => {
		const rng = createRng(7);
		const { cache, index } = start(cluster(12));
		let held = ztunnelConfig(index.mesh as MeshState);
		const explicit = explicitEndpoints(index.mesh as MeshState);
		let wire: WireConfig = {
			...held,
			services: held.services.map((s) => wireService(s, explicit))
		};
		let derived = withEndpoints(wire);
		expect(derived).toEqual(held);
		let next = 12;
		for (let step = 0; step < 60; step++) {
			const before = index.mesh as MeshState;
			const upserts: KubeObject[] = [];
			const deletes: ObjectRef[] = [];
			// A batch of one to three pod events: new pods, pods turning (un)ready or relabelled
			// out of the Service, pods deleted.
			for (let n = 1 + rng.int(3); n > 0; n--) {
				const i = rng.int(next + 1);
				const kind = rng.int(4);
				if (kind === 0 || i === next) upserts.push(productpage(next++));
				else if (kind === 1) upserts.push(productpage(i, { ready: rng.int(2) === 0 }));
				else if (kind === 2) upserts.push(productpage(i, { labels: { app: 'other' } }));
				else {
					const p = productpage(i);
					deletes.push({
						apiVersion: 'v1',
						kind: 'Pod',
						namespace: 'default',
						name: p.metadata.name
					});
				}
			}
			const request = cache.apply({ type: 'events', upserts, deletes });
			expect(request.full).toBe(false);
			const update = index.update(() => cache.snapshot(), request);
			const full = computeMeshState(cache.snapshot());
			expect(update.mesh.workloads).toEqual(full.workloads);
			expect(update.mesh.services).toEqual(full.services);
			expect(update.changed).toEqual(changedConfigs(before, full));
			if (!update.delta) throw new Error('a pod event must give a delta');
			held = applyZtunnelDelta(held, { version: 0, ...update.delta });
			expect(held).toEqual(ztunnelConfig(full));
			// As a ztunnel's stream carries it: services without the endpoints it derives.
			const explicit = explicitEndpoints(update.mesh);
			expect(explicit.size).toBe(0);
			const d = update.delta;
			const delta: ZtunnelDelta = {
				version: 0,
				...d,
				services: {
					...d.services,
					resources: d.services.resources.map((r) => wireService(r, explicit))
				}
			};
			const nextWire = applyZtunnelDelta(wire, delta);
			derived = withEndpoints(nextWire, { wire, config: derived, delta });
			wire = nextWire;
			expect(derived).toEqual(ztunnelConfig(full));
		}
		// Every batch took the pod path.
		expect(index.work.fullRecomputes).toBe(1);
	});

	it('a pod event costs the same work with 20 or 200 pods', () => {
		const workFor = (replicas: number) => {
			const { cache, index } = start(cluster(replicas));
			const built = { ...index.work };
			// One pod turns unready: its workload and its row in default's three Services.
			const request = cache.apply({
				type: 'events',
				upserts: [productpage(3, { ready: false })],
				deletes: []
			});
			const update = index.update(() => cache.snapshot(), request);
			expect(update.changed).toEqual([
				'Pod/default/productpage-v1-0003',
				'Service/default/productpage'
			]);
			return {
				workloads: index.work.workloadsBuilt - built.workloadsBuilt,
				endpoints: index.work.endpointsBuilt - built.endpointsBuilt,
				full: index.work.fullRecomputes - built.fullRecomputes
			};
		};
		const small = workFor(20);
		expect(small).toEqual({ workloads: 1, endpoints: 3, full: 0 });
		expect(workFor(200)).toEqual(small);
	});

	it('recomputes everything when something other than a pod changes', () => {
		const { cache, index } = start(cluster(4));
		const held = ztunnelConfig(index.mesh as MeshState);
		const request = cache.apply({
			type: 'events',
			upserts: [authorizationPolicy('deny', { action: 'DENY', rules: [{}] })],
			deletes: [
				{
					apiVersion: 'security.istio.io/v1',
					kind: 'AuthorizationPolicy',
					namespace: 'default',
					name: 'pp'
				}
			]
		});
		expect(request).toEqual({ pods: [], full: true });
		const update = index.update(() => cache.snapshot(), request);
		expect(index.work.fullRecomputes).toBe(2);
		// The delta says it: the new policy, the old one removed, the workloads that named it.
		expect(update.delta?.policies.removed).toEqual(['default/pp']);
		expect(update.delta?.policies.resources.map((p) => p.name)).toEqual(['deny']);
		expect(update.delta?.workloads.resources).toHaveLength(4);
		if (!update.delta) throw new Error('a policy change must give a delta');
		const folded = applyZtunnelDelta(held, { version: 0, ...update.delta });
		expect(folded).toEqual(ztunnelConfig(computeMeshState(cache.snapshot())));
	});

	it('istio-cni turning ready on a node is a full recompute (every workload there changes)', () => {
		const { cache } = start(
			cluster(2).filter((o) => o.metadata.name !== 'istio-cni-node-ambient-worker')
		);
		const request = cache.apply({
			type: 'events',
			upserts: [cniPod('ambient-worker')],
			deletes: []
		});
		expect(request.full).toBe(true);
		expect(cache.snapshot().cniNodes).toEqual(['ambient-worker', 'ambient-worker2']);
	});

	it('keeps endpoints on a Service the workloads cannot describe, and the ztunnel gets them', () => {
		const entry = (name: string, address: string): KubeObject => ({
			apiVersion: 'networking.istio.io/v1',
			kind: 'ServiceEntry',
			metadata: {
				name,
				namespace: 'default',
				uid: `uid-${name}`,
				resourceVersion: '1',
				creationTimestamp: '2026-01-01T00:00:00Z'
			},
			spec: {
				hosts: ['api.example.com'],
				addresses: ['240.240.0.9'],
				ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
				resolution: 'STATIC',
				endpoints: [{ address }]
			}
		});
		// Two ServiceEntries of one host: each Service lists its own endpoint, while the workloads
		// name one key for both.
		const { cache } = start([...cluster(2), entry('a', '203.0.113.1'), entry('b', '203.0.113.2')]);
		const mesh = computeMeshState(cache.snapshot());
		const explicit = explicitEndpoints(mesh);
		expect([...explicit]).toEqual(['default/api.example.com']);
		const wire: WireConfig = {
			...ztunnelConfig(mesh),
			services: mesh.services.map((s) => wireService(s, explicit))
		};
		expect(wire.services.filter((s) => s.endpoints !== undefined)).toHaveLength(2);
		expect(withEndpoints(wire)).toEqual(ztunnelConfig(mesh));
	});
});
