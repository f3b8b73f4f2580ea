/**
 * The message the cluster sends a Prometheus container through \`Runtime.control\` (the side
 * channel istiod's watch also uses): the pods its Kubernetes service discovery would list.
 * Sent by cluster/prometheus-sd.ts, read by apps/prometheus/discovery.ts.
 */

/** What the discovery needs of one pod. */
export interface SdPod {
	readonly namespace: string;
	readonly name: string;
	readonly uid: string;
	readonly ip: string;
	readonly hostIp: string;
	readonly node: string;
	readonly phase: string;
	readonly ready: boolean;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	readonly controller?: { readonly kind: string; readonly name: string };
	readonly containers: readonly SdContainer[];
}

export interface SdContainer {
	readonly name: string;
	readonly image: string;
	readonly init: boolean;
	readonly ports: readonly { name?: string; number: number; protocol: string }[];
}

/** The control message the cluster sends to a Prometheus container. */
export interface KubernetesSdUpdate {
	readonly type: 'kubernetes-sd';
	readonly pods: readonly SdPod[];
}

export function isKubernetesSdUpdate(m: unknown): m is KubernetesSdUpdate {
	return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'kubernetes-sd';
}
