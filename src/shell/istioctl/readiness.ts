/**
 * operator/pkg/install/wait.go WaitForResources, for the kinds we install: a Deployment is ready
 * when its new pods are all ready, a DaemonSet when every node runs an updated, ready pod.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';

type Status = Record<string, number | undefined>;

/** `Deployment/istio-system/istiod` for each workload that is not ready yet. */
export function notReady(api: ApiServer, objects: readonly KubeObject[]): string[] {
	const waiting: string[] = [];
	for (const o of objects) {
		if (o.kind !== 'Deployment' && o.kind !== 'DaemonSet') continue;
		const type = api.resourceFor(o.apiVersion, o.kind);
		const live = type ? api.get(type, o.metadata.namespace, o.metadata.name) : undefined;
		const name = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
		if (!live || isApiError(live)) {
			waiting.push(name);
			continue;
		}
		const status = (live['status'] ?? {}) as Status;
		const observed = (status['observedGeneration'] ?? 0) >= (live.metadata.generation ?? 1);
		let ready: boolean;
		if (o.kind === 'Deployment') {
			const want = ((live['spec'] ?? {}) as { replicas?: number }).replicas ?? 1;
			ready =
				(status['readyReplicas'] ?? 0) >= want &&
				(status['updatedReplicas'] ?? 0) >= want &&
				(status['replicas'] ?? 0) <= want;
		} else {
			const desired = status['desiredNumberScheduled'] ?? 0;
			ready =
				(status['updatedNumberScheduled'] ?? 0) === desired &&
				(status['numberUnavailable'] ?? 0) === 0 &&
				(status['numberReady'] ?? 0) === desired;
		}
		if (!observed || !ready) waiting.push(name);
	}
	return waiting;
}

/** Go's time.Duration String for whole seconds: `5m0s`, `30s`, `1h0m0s`. */
export function goDuration(ms: number): string {
	const total = Math.round(ms / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	if (h > 0) return `${h}h${m}m${s}s`;
	if (m > 0) return `${m}m${s}s`;
	return `${s}s`;
}
