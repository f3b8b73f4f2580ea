/**
 * Prometheus's Kubernetes service discovery, `role: pod` (prometheus discovery/kubernetes/pod.go):
 * the pods as the API server lists them, and the target groups built from them, one target per
 * container port (one per container without ports), each carrying the `__meta_kubernetes_*`
 * labels the scrape config's relabelling reads.
 *
 * Real Prometheus watches the API server over HTTPS with its service account; here the cluster
 * hands it the pod list through the side channel istiod's watch also uses
 * (cluster/prometheus-sd.ts), as a `KubernetesSdUpdate` (runtime/kubernetes-sd.ts).
 */

import type { SdPod } from '../../runtime/kubernetes-sd.ts';

export { isKubernetesSdUpdate, type SdPod } from '../../runtime/kubernetes-sd.ts';

export type LabelSet = Record<string, string>;

/** prometheus util/strutil SanitizeLabelName: every invalid character becomes `_`. */
export function sanitizeLabelName(name: string): string {
	return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** pod.go buildPod: the pod's own labels, shared by each of its targets. */
function podLabels(pod: SdPod): LabelSet {
	const out: LabelSet = {
		__meta_kubernetes_namespace: pod.namespace,
		__meta_kubernetes_pod_name: pod.name,
		__meta_kubernetes_pod_ip: pod.ip,
		__meta_kubernetes_pod_ready: String(pod.ready),
		__meta_kubernetes_pod_phase: pod.phase,
		__meta_kubernetes_pod_node_name: pod.node,
		__meta_kubernetes_pod_host_ip: pod.hostIp,
		__meta_kubernetes_pod_uid: pod.uid
	};
	for (const [k, v] of Object.entries(pod.labels)) {
		out[`__meta_kubernetes_pod_label_${sanitizeLabelName(k)}`] = v;
		out[`__meta_kubernetes_pod_labelpresent_${sanitizeLabelName(k)}`] = 'true';
	}
	for (const [k, v] of Object.entries(pod.annotations)) {
		out[`__meta_kubernetes_pod_annotation_${sanitizeLabelName(k)}`] = v;
		out[`__meta_kubernetes_pod_annotationpresent_${sanitizeLabelName(k)}`] = 'true';
	}
	if (pod.controller) {
		out['__meta_kubernetes_pod_controller_kind'] = pod.controller.kind;
		out['__meta_kubernetes_pod_controller_name'] = pod.controller.name;
	}
	return out;
}

/** pod.go buildPod: the targets of one pod, before relabelling. A pod without an IP has none. */
export function podTargets(pod: SdPod): LabelSet[] {
	if (pod.ip === '') return [];
	const shared = podLabels(pod);
	const out: LabelSet[] = [];
	for (const c of pod.containers) {
		const container: LabelSet = {
			...shared,
			__meta_kubernetes_pod_container_name: c.name,
			__meta_kubernetes_pod_container_image: c.image,
			__meta_kubernetes_pod_container_init: String(c.init)
		};
		if (c.ports.length === 0) {
			// A container without ports still gives a target, addressed by the pod IP alone.
			if (!c.init) out.push({ ...container, __address__: pod.ip });
			continue;
		}
		for (const p of c.ports) {
			out.push({
				...container,
				__address__: `${pod.ip}:${p.number}`,
				__meta_kubernetes_pod_container_port_name: p.name ?? '',
				__meta_kubernetes_pod_container_port_number: String(p.number),
				__meta_kubernetes_pod_container_port_protocol: p.protocol
			});
		}
	}
	return out;
}
