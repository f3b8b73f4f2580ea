/**
 * The istio-cni node agent's decisions, made where the API is: which running pods are enrolled
 * in ambient (src/mesh/cni/enrolment.ts has Istio's rules) and the `ambient.istio.io/redirection`
 * annotation that records it. The network publisher turns annotated pods into redirection to
 * their node's ztunnel. Where no istio-cni pod is ready nothing changes, whatever the labels
 * say: before Istio is installed nothing is enrolled, and after an uninstall enrolled pods stay
 * redirected (istio/istio#49067; Istio's docs: remove workloads from ambient before uninstalling).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { isApiError } from '../api/errors.ts';
import { LABEL_INDEX, NAMESPACE_INDEX } from '../api/indexer.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { NAMESPACES, PODS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { ambientEnabled, applyRedirectionChange, redirectionChange } from '../cni/enrolment.ts';
import { isNodeAgent, NODE_AGENT_LABELS } from '../cni/node-agents.ts';
import type { Controller } from './controller.ts';
import { keyOf, splitKey, WorkQueue } from './informers.ts';
import { isPodReady } from './pods.ts';

/** Nodes where an istio-cni-node pod is ready, so pods there can be captured. */
function cniNodes(pods: readonly Pod[]): Set<string> {
	return new Set(
		pods
			.filter((p) => isNodeAgent(p, 'istio-cni') && isPodReady(p) && p.spec.nodeName)
			.map((p) => p.spec.nodeName as string)
	);
}

export function createCniController(api: ClusterApiServer): Controller {
	/** Pods whose enrolment may have changed: written, or their namespace was. */
	const queue = new WorkQueue();
	/** The nodes with a ready istio-cni at the last sync: when they change, every pod is looked at. */
	let lastNodes: string | undefined;
	const enqueue = (p: KubeObject): void => queue.add(keyOf(p));
	const enqueueNamespace = (ns: KubeObject): void => {
		for (const p of api.byIndex(PODS, NAMESPACE_INDEX, ns.metadata.name)) enqueue(p);
	};
	api.addEventHandler(PODS, {
		onAdd: enqueue,
		onUpdate: (_, p) => enqueue(p),
		onDelete: enqueue
	});
	api.addEventHandler(NAMESPACES, {
		onAdd: enqueueNamespace,
		onUpdate: (_, ns) => enqueueNamespace(ns),
		onDelete: enqueueNamespace
	});
	return {
		name: 'istio-cni',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Namespace'),
		sync() {
			const nodes = cniNodes(
				api.byIndex(PODS, LABEL_INDEX, NODE_AGENT_LABELS['istio-cni']) as readonly Pod[]
			);
			const signature = [...nodes].sort().join(',');
			let keys = queue.take();
			if (signature !== lastNodes) keys = (api.peek(PODS) as readonly Pod[]).map(keyOf);
			lastNodes = signature;
			for (const key of keys) {
				const { namespace, name } = splitKey(key);
				const pod = api.peekObject(PODS, namespace, name) as Pod | undefined;
				if (!pod || pod.status?.phase !== 'Running' || !pod.spec.nodeName) continue;
				// No agent on the node, nobody to change a pod's redirection: an uninstall leaves
				// enrolled pods redirected (cni/pkg/nodeagent Stop does not unhook them).
				if (!nodes.has(pod.spec.nodeName)) continue;
				const decision = ambientEnabled(pod, api.peekObject(NAMESPACES, undefined, namespace), {
					istioInstalled: true
				});
				const change = redirectionChange(pod, decision);
				if (change === 'none') continue;
				const patched = api.patchLive(PODS, namespace, name, (draft) =>
					applyRedirectionChange(draft, change)
				);
				if (isApiError(patched)) queue.add(key);
			}
		}
	};
}
