/**
 * A node's network readiness, as kind's nodes go through it: a node that joins (`kubeadm
 * join`) reports NotReady ("cni plugin not initialized") and carries the node lifecycle
 * controller's `node.kubernetes.io/not-ready:NoSchedule` taint until its CNI, kindnetd, runs on
 * it; then the kubelet reports Ready and the taint goes. This is why a kind cluster's CoreDNS and
 * local-path-provisioner run on the control-plane node: it was the only Ready node when they
 * were scheduled.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { NODES, PODS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { isPodReady } from '../api/pod-ready.ts';
import type { Controller } from './controller.ts';
import { KUBE_SYSTEM } from './kubeadm-addons.ts';
import { NOT_READY_TAINT } from './nodes.ts';
import { listAll } from './pods.ts';

const KINDNET = 'app=kindnet';

interface NodeShape {
	spec?: { taints?: { key: string; effect: string }[] };
	status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

const notReady = (n: KubeObject): boolean =>
	((n as NodeShape).spec?.taints ?? []).some((t) => t.key === NOT_READY_TAINT.key);

/** The node once its CNI runs: Ready, untainted. */
function networkReady(node: KubeObject, at: string): KubeObject {
	const n = structuredClone(node) as KubeObject & NodeShape;
	const taints = (n.spec?.taints ?? []).filter((t) => t.key !== NOT_READY_TAINT.key);
	if (n.spec) {
		if (taints.length > 0) n.spec.taints = taints;
		else delete n.spec.taints;
	}
	for (const c of n.status?.conditions ?? []) {
		if (c.type !== 'Ready') continue;
		Object.assign(c, {
			status: 'True',
			reason: 'KubeletReady',
			message: 'kubelet is posting ready status',
			lastHeartbeatTime: at,
			lastTransitionTime: at
		});
	}
	return n;
}

export function createNodeNetworkController(api: ClusterApiServer, now: () => string): Controller {
	return {
		name: 'node-network',
		wants: (e: WatchEvent) =>
			e.resource.group === '' &&
			e.resource.kind === 'Pod' &&
			e.object.metadata.namespace === KUBE_SYSTEM &&
			e.object.metadata.labels?.['app'] === 'kindnet',
		sync() {
			const waiting = listAll(api, NODES).filter(notReady);
			if (waiting.length === 0) return;
			const cni = listAll<Pod>(api, PODS, { namespace: KUBE_SYSTEM, labelSelector: KINDNET });
			for (const node of waiting) {
				const running = cni.some((p) => p.spec.nodeName === node.metadata.name && isPodReady(p));
				if (running) api.update(networkReady(node, now()));
			}
		}
	};
}
