/**
 * istiod's ambient index, kept between pushes: the mesh state, and for pod events the work
 * that touches only those pods. Mirrors pilot/pkg/serviceregistry/ambient/ambientindex.go, whose
 * krt collections recompute a Workload when its pod changes and a Service's endpoints when one
 * of its pods does, and nothing else. Any other change (a Service, a namespace, a policy, mesh
 * config, a Gateway …) recomputes the whole state (`computeMeshState`); so does every push while
 * Gateways (of either API) or ServiceEntries exist, whose bindings and configs read every pod.
 */
import type { KubeObject, Pod, Service as KubeService } from '../api/objects.ts';
import type { Service, ServiceEndpoint, Workload } from '../xds/workload-api.ts';
import {
	type AddressDelta,
	addressDelta,
	explicitEndpoints,
	inheritExplicitEndpoints
} from './address-delta.ts';
import type { PodChange, PushRequest } from './informer-cache.ts';
import type { PolicyIndex } from './policies.ts';
import { type MeshState, changedConfigs, computeMeshStateWith, policyIndexOf } from './push.ts';
import { compareKeys, serviceEndpoint } from './services.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { buildWorkload } from './workloads.ts';

/** A push's result: the new state, what changed, and the delta ztunnels that held `prev` need. */
export interface IndexUpdate {
	readonly mesh: MeshState;
	/** model.ConfigKey strings, sorted (`changedConfigs`). */
	readonly changed: readonly string[];
	/** Undefined: ztunnels need the whole state (a delta could not say this change exactly). */
	readonly delta: AddressDelta | undefined;
}

/** Work done, for tests that prove a pod event costs O(its pod) (never timed). */
export interface IndexWork {
	/** Workloads built from a pod (podWorkloadBuilder runs). */
	workloadsBuilt: number;
	/** Service endpoints computed from a pod. */
	endpointsBuilt: number;
	/** Full recomputes (`computeMeshState`). */
	fullRecomputes: number;
}

/** What the pod path reads, fixed since the last full recompute (only pods changed since). */
interface PodPathInputs {
	readonly snapshot: ClusterSnapshot;
	readonly policies: PolicyIndex;
	readonly namespaces: ReadonlyMap<string, KubeObject>;
	readonly servicesByNamespace: ReadonlyMap<string, readonly KubeService[]>;
}

/** Index of the item named (namespace, name) in a list sorted that way, or where it would go. */
function find<T extends { namespace: string; name: string }>(
	list: readonly T[],
	namespace: string,
	name: string
): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		const m = list[mid] as T;
		if (compareKeys(m.namespace, m.name, namespace, name) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

const same = (a: unknown, b: unknown): boolean =>
	a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));

/** A pod uid's name part (`Kubernetes//Pod/<ns>/<name>`): endpoints sort by it. */
const podNameOf = (uid: string): string => uid.slice(uid.lastIndexOf('/') + 1);

export class AmbientIndex {
	#mesh: MeshState | undefined;
	#inputs: PodPathInputs | undefined;
	readonly work: IndexWork = { workloadsBuilt: 0, endpointsBuilt: 0, fullRecomputes: 0 };

	get mesh(): MeshState | undefined {
		return this.#mesh;
	}

	/** Recomputes what `request` touched (everything when undefined or full). */
	update(snapshot: () => ClusterSnapshot, request?: PushRequest): IndexUpdate {
		const prev = this.#mesh;
		if (prev && this.#inputs && request && !request.full) {
			return this.#podsChanged(prev, this.#inputs, request.pods);
		}
		return this.#recompute(prev, snapshot());
	}

	#recompute(prev: MeshState | undefined, snapshot: ClusterSnapshot): IndexUpdate {
		this.work.fullRecomputes++;
		const policies = policyIndexOf(snapshot);
		const mesh = computeMeshStateWith(snapshot, policies);
		explicitEndpoints(mesh);
		this.#mesh = mesh;
		const simple =
			(snapshot.gateways ?? []).length === 0 &&
			(snapshot.istioGateways ?? []).length === 0 &&
			(snapshot.serviceEntries ?? []).length === 0 &&
			// Merged global Services read the local pods too (split horizon).
			(snapshot.remoteClusters ?? []).length === 0;
		this.#inputs = undefined;
		if (simple) {
			const servicesByNamespace = new Map<string, KubeService[]>();
			for (const s of snapshot.services) {
				const ns = s.metadata.namespace ?? 'default';
				servicesByNamespace.set(ns, [...(servicesByNamespace.get(ns) ?? []), s]);
			}
			this.#inputs = {
				snapshot,
				policies,
				namespaces: new Map(snapshot.namespaces.map((n) => [n.metadata.name, n])),
				servicesByNamespace
			};
		}
		return { mesh, changed: changedConfigs(prev, mesh), delta: addressDelta(prev, mesh) };
	}

	/** The pod path: each changed pod's workload, and its row in each Service of its namespace. */
	#podsChanged(prev: MeshState, inputs: PodPathInputs, pods: readonly PodChange[]): IndexUpdate {
		// Copied on first write: the previous state stays as it was.
		let workloads: Workload[] | undefined;
		let services: Service[] | undefined;
		const changed = new Set<string>();
		const changedWorkloads = new Map<string, Workload>();
		const removedWorkloads: string[] = [];
		const changedServices = new Map<string, Service>();
		for (const { before, after } of pods) {
			const pod = (after ?? before) as Pod;
			const namespace = pod.metadata.namespace ?? 'default';
			const name = pod.metadata.name;
			const inNamespace = inputs.servicesByNamespace.get(namespace) ?? [];
			// The pod's workload.
			let next: Workload | undefined;
			if (after) {
				this.work.workloadsBuilt++;
				next = buildWorkload(
					after,
					inputs.namespaces.get(namespace),
					inputs.snapshot,
					inputs.policies,
					inNamespace
				);
			}
			const at = find(workloads ?? prev.workloads, namespace, name);
			const held = (workloads ?? prev.workloads)[at];
			const current = held?.namespace === namespace && held.name === name ? held : undefined;
			if (!same(current, next)) {
				workloads ??= prev.workloads.slice();
				if (current && next) workloads[at] = next;
				else if (next) workloads.splice(at, 0, next);
				else workloads.splice(at, 1);
				changed.add(`Pod/${namespace}/${name}`);
				if (next) changedWorkloads.set(next.uid, next);
				else if (current) {
					changedWorkloads.delete(current.uid);
					removedWorkloads.push(current.uid);
				}
			}
			// Its endpoint in each Service of its namespace.
			for (const svc of inNamespace) {
				if (svc.spec.type === 'ExternalName') continue;
				this.work.endpointsBuilt++;
				const endpoint = after ? serviceEndpoint(svc, after) : undefined;
				const si = find(services ?? prev.services, namespace, svc.metadata.name);
				const service = (services ?? prev.services)[si];
				if (!service || service.namespace !== namespace || service.name !== svc.metadata.name) {
					continue;
				}
				const endpoints = withEndpoint(service.endpoints, name, endpoint);
				if (endpoints === service.endpoints) continue;
				services ??= prev.services.slice();
				const updated: Service = { ...service, endpoints };
				services[si] = updated;
				changed.add(`Service/${namespace}/${svc.metadata.name}`);
				changedServices.set(`${namespace}/${updated.hostname}`, updated);
			}
		}
		const mesh: MeshState = {
			...prev,
			workloads: workloads ?? prev.workloads,
			services: services ?? prev.services
		};
		inheritExplicitEndpoints(prev, mesh);
		this.#mesh = mesh;
		return {
			mesh,
			changed: [...changed].sort(),
			delta: {
				workloads: { resources: [...changedWorkloads.values()], removed: removedWorkloads },
				services: { resources: [...changedServices.values()], removed: [] },
				policies: { resources: [], removed: [] }
			}
		};
	}
}

/**
 * The endpoints with the pod's row set (or removed when `endpoint` is undefined), in pod list
 * order; the same array when nothing changed.
 */
function withEndpoint(
	endpoints: readonly ServiceEndpoint[],
	podName: string,
	endpoint: ServiceEndpoint | undefined
): readonly ServiceEndpoint[] {
	let lo = 0;
	let hi = endpoints.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (podNameOf((endpoints[mid] as ServiceEndpoint).workloadUid) < podName) lo = mid + 1;
		else hi = mid;
	}
	const held = endpoints[lo];
	const found = held !== undefined && podNameOf(held.workloadUid) === podName;
	if (same(found ? held : undefined, endpoint)) return endpoints;
	const out = endpoints.slice();
	if (found && endpoint) out[lo] = endpoint;
	else if (endpoint) out.splice(lo, 0, endpoint);
	else out.splice(lo, 1);
	return out;
}
