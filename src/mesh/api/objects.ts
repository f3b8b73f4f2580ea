/**
 * Kubernetes object shapes. Field names are the YAML names (`matchLabels`, `targetPort`), so what
 * a learner writes is what the store holds. Only the fields the simulation uses are typed; any
 * other field a manifest carries is kept as-is and printed back by `-o yaml`.
 */

export interface OwnerReference {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
}

export interface ObjectMeta {
	name: string;
	/** Absent for cluster-scoped kinds (Namespace, Node, CRD). */
	namespace?: string;
	uid: string;
	resourceVersion: string;
	generation?: number;
	/** RFC 3339, derived from sim time. */
	creationTimestamp: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	generateName?: string;
	deletionTimestamp?: string;
	[field: string]: unknown;
}

/** Any stored object. `spec`, `status`, `data` etc. are kept verbatim. */
export interface KubeObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	[field: string]: unknown;
}

export interface LabelSelector {
	matchLabels?: Record<string, string>;
	matchExpressions?: {
		key: string;
		operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
		values?: string[];
	}[];
}

export interface ContainerPort {
	containerPort: number;
	name?: string;
	protocol?: string;
}

export interface Container {
	name: string;
	image: string;
	imagePullPolicy?: string;
	ports?: ContainerPort[];
	env?: { name: string; value?: string }[];
	command?: string[];
	args?: string[];
	/** Only on init containers: `Always` makes it a sidecar (KEP-753). */
	restartPolicy?: string;
	[field: string]: unknown;
}

/** A container added to a running pod through the `ephemeralcontainers` subresource. */
export interface EphemeralContainer extends Container {
	/** The container whose process namespace it targets (`kubectl debug --target`). */
	targetContainerName?: string;
	stdin?: boolean;
	tty?: boolean;
}

export interface PodSpec {
	containers: Container[];
	initContainers?: Container[];
	/** Written only through the `ephemeralcontainers` subresource (ephemeral-containers.ts). */
	ephemeralContainers?: EphemeralContainer[];
	serviceAccountName?: string;
	nodeName?: string;
	[field: string]: unknown;
}

export interface PodCondition {
	type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | string;
	status: 'True' | 'False' | 'Unknown';
	lastTransitionTime?: string;
	reason?: string;
	message?: string;
}

export interface ContainerStatus {
	name: string;
	image: string;
	ready: boolean;
	restartCount: number;
	started?: boolean;
	/** `containerd://<64 hex>` once the container was created. */
	containerID?: string;
	imageID?: string;
	lastState?: {
		terminated?: ContainerStateTerminated;
	};
	state: {
		running?: { startedAt: string };
		waiting?: { reason: string; message?: string };
		terminated?: ContainerStateTerminated;
	};
}

export interface ContainerStateTerminated {
	reason: string;
	exitCode: number;
	startedAt?: string;
	finishedAt?: string;
	containerID?: string;
}

export interface PodStatus {
	phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
	podIP?: string;
	podIPs?: { ip: string }[];
	hostIP?: string;
	startTime?: string;
	conditions?: PodCondition[];
	containerStatuses?: ContainerStatus[];
	ephemeralContainerStatuses?: ContainerStatus[];
	initContainerStatuses?: ContainerStatus[];
	qosClass?: string;
}

export interface Pod extends KubeObject {
	kind: 'Pod';
	spec: PodSpec;
	status?: PodStatus;
}

export interface ServicePort {
	name?: string;
	port: number;
	targetPort?: number | string;
	protocol?: string;
	nodePort?: number;
}

export interface Service extends KubeObject {
	kind: 'Service';
	spec: {
		type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
		selector?: Record<string, string>;
		ports?: ServicePort[];
		clusterIP?: string;
		clusterIPs?: string[];
		[field: string]: unknown;
	};
}

export interface Deployment extends KubeObject {
	kind: 'Deployment';
	spec: {
		replicas?: number;
		selector: LabelSelector;
		template: {
			metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
			spec: PodSpec;
		};
		[field: string]: unknown;
	};
	status?: {
		replicas?: number;
		readyReplicas?: number;
		updatedReplicas?: number;
		availableReplicas?: number;
		observedGeneration?: number;
		conditions?: { type: string; status: string; reason?: string; message?: string }[];
	};
}

export interface NodeObject extends KubeObject {
	kind: 'Node';
	spec: { podCIDR?: string; podCIDRs?: string[]; taints?: unknown[] };
	status: {
		addresses: { type: string; address: string }[];
		conditions: { type: string; status: string; reason?: string }[];
		nodeInfo: Record<string, string>;
	};
}
