/**
 * Istio's node agents: the DaemonSet pods in istio-system that make a node's ambient data plane,
 * recognised by the labels Istio's charts give them (ztunnel `app: ztunnel`, istio-cni
 * `k8s-app: istio-cni-node`). One place for "is this an Istio node agent", so the redirection
 * table, stranded pods, the CNI controller and istiod agree.
 */
import type { KubeObject } from '../api/objects.ts';
import { ISTIO_SYSTEM_NAMESPACE } from './enrolment.ts';

export type NodeAgent = 'ztunnel' | 'istio-cni';

/** `key=value` of each agent's label, for a label index lookup. */
export const NODE_AGENT_LABELS: Readonly<Record<NodeAgent, string>> = {
	ztunnel: 'app=ztunnel',
	'istio-cni': 'k8s-app=istio-cni-node'
};

/** Which node agent `pod` is, if any. */
export function nodeAgentOf(pod: KubeObject): NodeAgent | undefined {
	if (pod.metadata.namespace !== ISTIO_SYSTEM_NAMESPACE) return undefined;
	const labels = pod.metadata.labels ?? {};
	if (labels['app'] === 'ztunnel') return 'ztunnel';
	if (labels['k8s-app'] === 'istio-cni-node') return 'istio-cni';
	return undefined;
}

export function isNodeAgent(pod: KubeObject, which?: NodeAgent): boolean {
	const agent = nodeAgentOf(pod);
	return which === undefined ? agent !== undefined : agent === which;
}
