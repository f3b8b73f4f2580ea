/**
 * The istio-cni node agent's decisions, made where the API is: which running pods are enrolled
 * in ambient (src/mesh/cni/enrolment.ts has Istio's rules) and the `ambient.istio.io/redirection`
 * annotation that records it. The network publisher turns annotated pods into redirection to
 * their node's ztunnel. Where no istio-cni pod is ready nothing changes, whatever the labels
 * say: before Istio is installed nothing is enrolled, and after an uninstall enrolled pods stay
 * redirected (istio/istio#49067; Istio's docs: remove workloads from ambient before uninstalling).
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { NAMESPACES, PODS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import {
	ambientEnabled,
	applyRedirectionChange,
	ISTIO_SYSTEM_NAMESPACE,
	redirectionChange
} from '../cni/enrolment.ts';
import type { Controller } from './controller.ts';
import { isPodReady, listAll } from './pods.ts';

/** Nodes where an istio-cni-node pod is ready, so pods there can be captured. */
function cniNodes(pods: readonly Pod[]): Set<string> {
	return new Set(
		pods
			.filter(
				(p) =>
					p.metadata.namespace === ISTIO_SYSTEM_NAMESPACE &&
					p.metadata.labels?.['k8s-app'] === 'istio-cni-node' &&
					isPodReady(p) &&
					p.spec.nodeName
			)
			.map((p) => p.spec.nodeName as string)
	);
}

export function createCniController(api: ApiServer): Controller {
	return {
		name: 'istio-cni',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Namespace'),
		sync() {
			const pods = listAll<Pod>(api, PODS);
			const nodes = cniNodes(pods);
			const namespaces = new Map(
				listAll<KubeObject>(api, NAMESPACES).map((n) => [n.metadata.name, n])
			);
			for (const pod of pods) {
				if (pod.status?.phase !== 'Running' || !pod.spec.nodeName) continue;
				// No agent on the node, nobody to change a pod's redirection: an uninstall leaves
				// enrolled pods redirected (cni/pkg/nodeagent Stop does not unhook them).
				if (!nodes.has(pod.spec.nodeName)) continue;
				const decision = ambientEnabled(pod, namespaces.get(pod.metadata.namespace ?? ''), {
					istioInstalled: true
				});
				const change = redirectionChange(pod, decision);
				if (change === 'none') continue;
				api.patch(PODS, pod.metadata.namespace, pod.metadata.name, (draft) =>
					applyRedirectionChange(draft, change)
				);
			}
		}
	};
}
