/** Small builders for the Kubernetes objects istiod and istio-cni read. */
import type { KubeObject, Pod, Service } from '../../../src/mesh/api/objects.ts';
import { type ClusterSnapshot, emptyClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';

let uid = 0;
const meta = (
	name: string,
	namespace: string | undefined,
	extra: Partial<KubeObject['metadata']> = {}
) => ({
	name,
	...(namespace !== undefined ? { namespace } : {}),
	uid: `uid-${++uid}`,
	resourceVersion: '1',
	creationTimestamp: '2026-01-01T00:00:00Z',
	...extra
});

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
	return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels }) };
}

export interface PodOptions {
	namespace?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	node?: string;
	ip?: string;
	sa?: string;
	ready?: boolean;
	hostNetwork?: boolean;
	phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
	ports?: { name?: string; containerPort: number }[];
	/** ReplicaSet owner name (the pod-template-hash is its last segment). */
	replicaSet?: string;
}

export function pod(name: string, o: PodOptions = {}): Pod {
	const hash = o.replicaSet?.split('-').pop();
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: meta(name, o.namespace ?? 'default', {
			labels: { ...o.labels, ...(hash ? { 'pod-template-hash': hash } : {}) },
			...(o.annotations ? { annotations: o.annotations } : {}),
			...(o.replicaSet
				? {
						generateName: `${o.replicaSet}-`,
						ownerReferences: [
							{
								apiVersion: 'apps/v1',
								kind: 'ReplicaSet',
								name: o.replicaSet,
								uid: 'rs',
								controller: true
							}
						]
					}
				: {})
		}),
		spec: {
			containers: [{ name: 'app', image: 'x', ...(o.ports ? { ports: o.ports } : {}) }],
			nodeName: o.node ?? 'ambient-worker',
			...(o.sa ? { serviceAccountName: o.sa } : {}),
			...(o.hostNetwork ? { hostNetwork: true } : {})
		},
		status: {
			phase: o.phase ?? 'Running',
			...(o.ip === '' ? {} : { podIP: o.ip ?? '10.244.1.5' }),
			conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }]
		}
	};
}

export function service(
	name: string,
	selector: Record<string, string>,
	ports: { port: number; targetPort?: number | string; name?: string }[],
	o: { namespace?: string; clusterIP?: string } = {}
): Service {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta(name, o.namespace ?? 'default'),
		spec: { selector, ports, clusterIP: o.clusterIP ?? '10.96.0.10' }
	};
}

export function authorizationPolicy(
	name: string,
	spec: Record<string, unknown>,
	o: { namespace?: string; annotations?: Record<string, string>; generation?: number } = {}
): KubeObject {
	return {
		apiVersion: 'security.istio.io/v1',
		kind: 'AuthorizationPolicy',
		metadata: meta(name, o.namespace ?? 'default', {
			...(o.annotations ? { annotations: o.annotations } : {}),
			...(o.generation !== undefined ? { generation: o.generation } : {})
		}),
		spec
	};
}

export function peerAuthentication(
	name: string,
	spec: Record<string, unknown>,
	o: { namespace?: string; created?: string } = {}
): KubeObject {
	return {
		apiVersion: 'security.istio.io/v1',
		kind: 'PeerAuthentication',
		metadata: meta(name, o.namespace ?? 'default', {
			creationTimestamp: o.created ?? '2026-01-01T00:00:00Z'
		}),
		spec
	};
}

export function snapshot(parts: Partial<ClusterSnapshot>): ClusterSnapshot {
	return { ...emptyClusterSnapshot, cniNodes: ['ambient-worker', 'ambient-worker2'], ...parts };
}
