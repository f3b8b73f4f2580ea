/**
 * Pods as ztunnel workloads. Mirrors istio pilot/pkg/serviceregistry/ambient/workloads.go
 * (`podWorkloadBuilder`, `setTunnelProtocol`, `constructServices`, `workloadName`),
 * pkg/kube/util.go (`GetDeployMetaFromPod`) and pkg/kube/labels (`CanonicalService`).
 */
import type { KubeObject, Pod, Service as KubeService } from '../api/objects.ts';
import {
	AMBIENT_REDIRECTION_ANNOTATION,
	AMBIENT_REDIRECTION_ENABLED,
	ambientEnabled
} from '../cni/enrolment.ts';
import type { TunnelProtocol, Workload } from '../xds/workload-api.ts';
import { type PolicyIndex, workloadPolicies } from './policies.ts';
import {
	compareKeys,
	endpointPorts,
	isAddressablePod,
	isHealthy,
	namespacedHostname,
	podIp,
	podUid,
	serviceSelects
} from './services.ts';
import { type ClusterSnapshot, trustDomainOf } from './snapshot.ts';

/** `networking.istio.io/tunnel=http`: the pod accepts HBONE natively (an HBONE-enabled sidecar). */
export const TUNNEL_LABEL = 'networking.istio.io/tunnel';
export const TUNNEL_HTTP = 'http';

const NAME_LABELS = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];
const REVISION_LABELS = [
	'service.istio.io/canonical-revision',
	'app.kubernetes.io/version',
	'version'
];

const lookup = (labels: Readonly<Record<string, string>>, keys: readonly string[]) =>
	keys.map((k) => labels[k]).find((v) => v !== undefined);

/** CanonicalService: canonical name and revision from labels, else the workload name / `latest`. */
export function canonicalService(
	labels: Readonly<Record<string, string>>,
	workloadName: string
): { name: string; revision: string } {
	return {
		name: lookup(labels, NAME_LABELS) ?? workloadName,
		revision: lookup(labels, REVISION_LABELS) ?? 'latest'
	};
}

/**
 * GetWorkloadMetaFromPod: the controller's name, with a ReplicaSet's `-<pod-template-hash>`
 * trimmed to give the Deployment; `service.istio.io/workload-name` overrides.
 */
export function workloadName(pod: Pod): string {
	const labels = pod.metadata.labels ?? {};
	const override = labels['service.istio.io/workload-name'];
	if (override !== undefined) return override;
	let name = pod.metadata.name;
	const ref = pod.metadata.generateName
		? pod.metadata.ownerReferences?.find((r) => r.controller === true)
		: undefined;
	if (ref) {
		name = ref.name;
		const hash = labels['pod-template-hash'];
		if (ref.kind === 'ReplicaSet' && hash && ref.name.endsWith(hash)) {
			name = ref.name.slice(0, -(hash.length + 1));
		}
	}
	return name === '' ? pod.metadata.name : name;
}

/**
 * HBONE once istio-cni has redirected the pod (its annotation), or when it would on this
 * snapshot (the simulated CNI acts at once; the annotation may not be written yet), or when the
 * pod's sidecar speaks HBONE (the tunnel label).
 */
export function tunnelProtocol(
	pod: Pod,
	namespace: KubeObject | undefined,
	snapshot: ClusterSnapshot
): TunnelProtocol {
	if (pod.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED) {
		return 'HBONE';
	}
	// A sidecar injected with ISTIO_META_ENABLE_HBONE terminates HBONE itself (model.SupportsTunnel).
	if (pod.metadata.labels?.[TUNNEL_LABEL] === TUNNEL_HTTP) return 'HBONE';
	const decision = ambientEnabled(pod, namespace, {
		istioInstalled: snapshot.cniNodes.includes(pod.spec.nodeName ?? ''),
		...(snapshot.excludeNamespaces ? { excludeNamespaces: snapshot.excludeNamespaces } : {}),
		...(snapshot.rootNamespace ? { systemNamespace: snapshot.rootNamespace } : {})
	});
	return decision.enrolled ? 'HBONE' : 'TCP';
}

/** constructServices: `namespace/hostname` → port map for every Service selecting the pod. */
function podServices(
	pod: Pod,
	services: readonly KubeService[]
): Record<string, Record<number, number>> {
	const out: Record<string, Record<number, number>> = {};
	for (const svc of services) {
		if (svc.spec.type === 'ExternalName' || !serviceSelects(svc, pod)) continue;
		out[namespacedHostname(svc)] = endpointPorts(svc, pod);
	}
	return out;
}

/**
 * One pod as a Workload (podWorkloadBuilder), or undefined when it is not an address.
 * `services` are the Services of the pod's namespace (any others never select it).
 */
export function buildWorkload(
	pod: Pod,
	namespace: KubeObject | undefined,
	snapshot: ClusterSnapshot,
	policies: PolicyIndex,
	services: readonly KubeService[]
): Workload | undefined {
	const address = podIp(pod);
	// A host-network pod is no workload (ambient/workloads.go podWorkloadBuilder).
	if (!isAddressablePod(pod) || address === undefined || pod.spec.hostNetwork === true)
		return undefined;
	const ns = pod.metadata.namespace ?? 'default';
	const labels = pod.metadata.labels ?? {};
	const name = workloadName(pod);
	const canonical = canonicalService(labels, name);
	return {
		uid: podUid(pod),
		name: pod.metadata.name,
		namespace: ns,
		address,
		node: pod.spec.nodeName ?? '',
		serviceAccount: pod.spec.serviceAccountName ?? 'default',
		trustDomain: trustDomainOf(snapshot),
		protocol: tunnelProtocol(pod, namespace, snapshot),
		workloadName: name,
		canonicalName: canonical.name,
		canonicalRevision: canonical.revision,
		status: isHealthy(pod) ? 'Healthy' : 'Unhealthy',
		authorizationPolicies: workloadPolicies(policies, ns, labels),
		services: podServices(pod, services)
	};
}

/** Every addressable pod as a Workload, sorted by namespace then name. */
export function buildWorkloads(snapshot: ClusterSnapshot, policies: PolicyIndex): Workload[] {
	const namespaces = new Map(snapshot.namespaces.map((n) => [n.metadata.name, n]));
	const out: Workload[] = [];
	for (const pod of snapshot.pods) {
		const ns = namespaces.get(pod.metadata.namespace ?? 'default');
		const w = buildWorkload(pod, ns, snapshot, policies, snapshot.services);
		if (w) out.push(w);
	}
	return out.sort((a, b) => compareKeys(a.namespace, a.name, b.namespace, b.name));
}
