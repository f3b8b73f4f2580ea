/**
 * Sidecar injection, decided then done. Which pods the API server sends to istiod's webhook
 * (the entries of the installed MutatingWebhookConfigurations, `injector-webhooks.ts`: their
 * namespace and object selectors), whether istiod then injects
 * (pkg/kube/inject/inject.go `injectRequired`), and what it adds (files/injection-template.yaml
 * with the install's values, `injection-values.ts`: HBONE in the proxy metadata or not, istio-cni
 * on or off, which picks the init container, `injection-init.ts`).
 *
 * Istio 1.27+ injects `istio-proxy` as a native sidecar (KEP-753): an init container with
 * `restartPolicy: Always` and a startup probe, so the kubelet starts it before the app and stops
 * it after (injection-template.yaml `$nativeSidecar`). The pod annotation
 * `sidecar.istio.io/nativeSidecar: "false"` opts back into a plain `containers` entry.
 *
 * Then webhook.go's `applyRewrite`: the app's probes go through pilot-agent (`injection-probes.ts`).
 * The template's volumes and istio-proxy's mounts: `injection-volumes.ts`.
 */
import { defaultPodSpec } from '../api/defaults.ts';
import type { Container, KubeObject, Pod } from '../api/objects.ts';
import { selectorMatches } from '../api/selectors.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';
import { ISTIO_HUB, ISTIO_VERSION } from '../istio/version.ts';
import { SIDECAR_STATUS_ANNOTATION } from '../cni/enrolment.ts';
import {
	INIT_CONTAINER,
	initContainer,
	initContainerName,
	PROXY_RESOURCES,
	VALIDATION_CONTAINER
} from './injection-init.ts';
import { rewriteAppProbes } from './injection-probes.ts';
import { AMBIENT_INJECTION, hboneEnabled, type InjectionValues } from './injection-values.ts';
import {
	INJECTED_VOLUME_NAMES,
	proxyVolumeMounts,
	withInjectedVolumes
} from './injection-volumes.ts';
import {
	DEFAULT_REVISION,
	INJECT_LABEL,
	REVISION_LABEL,
	type InjectorWebhook
} from './injector-webhooks.ts';
import { TUNNEL_HTTP, TUNNEL_LABEL, canonicalService, workloadName } from './workloads.ts';

export {
	DEFAULT_REVISION,
	INJECT_LABEL,
	INJECTION_LABEL,
	REVISION_LABEL
} from './injector-webhooks.ts';
export const PROXY_CONTAINER = 'istio-proxy';
export const PROXY_IMAGE = `${ISTIO_HUB}/proxyv2:${ISTIO_VERSION}`;
/** Per-pod override of the mesh-wide native sidecar default (on since 1.27). */
export const NATIVE_SIDECAR_ANNOTATION = 'sidecar.istio.io/nativeSidecar';
/** inject.go IgnoredNamespaces: never injected, whatever the labels say. */
export const IGNORED_NAMESPACES: readonly string[] = [
	'kube-system',
	'kube-public',
	'kube-node-lease',
	'local-path-storage'
];

export type InjectionReason =
	/** No injector webhook is called: Istio is not installed, or istiod is not answering. */
	| 'not-installed'
	/** No webhook's selectors match: the API server never asks istiod. */
	| 'no-webhook'
	| 'host-network'
	| 'ignored-namespace'
	/** `sidecar.istio.io/inject` label (or annotation) set to anything but y/yes/true/on. */
	| 'opted-out'
	| 'already-injected'
	| 'injected';

export interface InjectionDecision {
	readonly inject: boolean;
	readonly reason: InjectionReason;
	/** The webhook entry that matched. */
	readonly webhook?: string;
}

const labelsOf = (o: { metadata: { labels?: Record<string, string> } } | undefined) =>
	o?.metadata.labels ?? {};

/** The first of `webhooks` (in the API server's calling order) whose selectors match the pod. */
export function matchingWebhook(
	pod: Pod,
	namespace: KubeObject | undefined,
	webhooks: readonly InjectorWebhook[]
): string | undefined {
	const nsLabels = labelsOf(namespace);
	const podLabels = labelsOf(pod);
	return webhooks.find(
		(w) =>
			selectorMatches(w.namespaceSelector, nsLabels) && selectorMatches(w.objectSelector, podLabels)
	)?.name;
}

/**
 * istiod's side (inject.go `injectRequired`), once a webhook called it: host network and the
 * ignored namespaces are never injected, nor a pod already injected; the label wins over the
 * legacy annotation; y/yes/true/on force it, empty means the policy (`enabled`), anything else
 * opts out.
 */
export function injectRequired(pod: Pod): InjectionReason {
	if (pod.spec.hostNetwork === true) return 'host-network';
	if (IGNORED_NAMESPACES.includes(pod.metadata.namespace ?? '')) return 'ignored-namespace';
	if (pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION] !== undefined)
		return 'already-injected';
	const selector = labelsOf(pod)[INJECT_LABEL] ?? pod.metadata.annotations?.[INJECT_LABEL] ?? '';
	const value = selector.toLowerCase();
	if (value !== '' && !['y', 'yes', 'true', 'on'].includes(value)) return 'opted-out';
	return 'injected';
}

/**
 * Whether the pod is injected: `webhooks` are the injector entries the API server would call
 * istiod through (none: Istio is not installed, or istiod is not answering), then istiod decides.
 */
export function injectionDecision(
	pod: Pod,
	namespace: KubeObject | undefined,
	webhooks: readonly InjectorWebhook[]
): InjectionDecision {
	if (webhooks.length === 0) return { inject: false, reason: 'not-installed' };
	const webhook = matchingWebhook(pod, namespace, webhooks);
	if (!webhook) return { inject: false, reason: 'no-webhook' };
	const reason = injectRequired(pod);
	return { inject: reason === 'injected', reason, webhook };
}

const fieldEnv = (name: string, fieldPath: string) => ({
	name,
	valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } }
});
const resourceEnv = (name: string, resource: string) => ({
	name,
	valueFrom: { resourceFieldRef: { divisor: '0', resource } }
});

/** The ProxyConfig the mesh config's `defaultConfig` gives (istiod.ts MESH in the installer). */
function proxyConfig(values: InjectionValues): string {
	const metadata = Object.keys(values.proxyMetadata).length > 0;
	return `${JSON.stringify({
		discoveryAddress: 'istiod.istio-system.svc:15012',
		...(metadata ? { proxyMetadata: values.proxyMetadata } : {})
	})}\n`;
}

/** The `istio-proxy` container of injection-template.yaml, as the install's values render it. */
export function proxyContainer(
	pod: Pod,
	apps: readonly Container[],
	native = isNativeSidecar(pod),
	values: InjectionValues = AMBIENT_INJECTION
): Container {
	const ns = pod.metadata.namespace ?? 'default';
	const owner = workloadName(pod);
	const ports = apps.flatMap((c) => c.ports ?? []);
	const ownerRef = pod.metadata.ownerReferences?.find((r) => r.controller === true);
	return {
		name: PROXY_CONTAINER,
		image: PROXY_IMAGE,
		...(native ? { restartPolicy: 'Always' } : {}),
		args: [
			'proxy',
			'sidecar',
			'--domain',
			'$(POD_NAMESPACE).svc.cluster.local',
			'--proxyLogLevel=warning',
			'--proxyComponentLogLevel=misc:error',
			'--log_output_level=default:info'
		],
		ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
		env: [
			{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
			{ name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
			fieldEnv('POD_NAME', 'metadata.name'),
			fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
			fieldEnv('INSTANCE_IP', 'status.podIP'),
			fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
			fieldEnv('HOST_IP', 'status.hostIP'),
			resourceEnv('ISTIO_CPU_LIMIT', 'limits.cpu'),
			{ name: 'PROXY_CONFIG', value: proxyConfig(values) },
			{
				name: 'ISTIO_META_POD_PORTS',
				value: `[\n${ports.map((p) => JSON.stringify(p)).join('\n,')}\n]`
			},
			{ name: 'ISTIO_META_APP_CONTAINERS', value: apps.map((c) => c.name).join(',') },
			resourceEnv('GOMEMLIMIT', 'limits.memory'),
			resourceEnv('GOMAXPROCS', 'limits.cpu'),
			{ name: 'ISTIO_META_CLUSTER_ID', value: CLUSTER_ID },
			fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
			{ name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
			{ name: 'ISTIO_META_WORKLOAD_NAME', value: owner },
			...(ownerRef?.kind === 'ReplicaSet'
				? [
						{
							name: 'ISTIO_META_OWNER',
							value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${owner}`
						}
					]
				: []),
			{ name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
			{ name: 'TRUST_DOMAIN', value: 'cluster.local' },
			...Object.entries(values.proxyMetadata).map(([name, value]) => ({ name, value }))
		] as Container['env'],
		// global.proxy.startupProbe (enabled, failureThreshold 600): a native sidecar is "started",
		// so the app containers may start, once Envoy is ready.
		startupProbe: {
			failureThreshold: 600,
			httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
			initialDelaySeconds: 0,
			periodSeconds: 1,
			successThreshold: 1,
			timeoutSeconds: 3
		},
		readinessProbe: {
			failureThreshold: 4,
			httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
			periodSeconds: 15,
			successThreshold: 1,
			timeoutSeconds: 3
		},
		resources: PROXY_RESOURCES,
		securityContext: {
			allowPrivilegeEscalation: false,
			capabilities: { drop: ['ALL'] },
			privileged: false,
			readOnlyRootFilesystem: true,
			runAsGroup: 1337,
			runAsNonRoot: true,
			runAsUser: 1337
		},
		volumeMounts: proxyVolumeMounts()
	};
}

/** The template's `$nativeSidecar`: on unless the pod's annotation says `"false"`. */
export function isNativeSidecar(pod: Pod): boolean {
	return pod.metadata.annotations?.[NATIVE_SIDECAR_ANNOTATION] !== 'false';
}

/** What we inject, as `sidecar.istio.io/status` records it (inject.go SidecarInjectionStatus). */
export function sidecarStatus(native: boolean, init: string = VALIDATION_CONTAINER): string {
	return JSON.stringify({
		initContainers: native ? [init, PROXY_CONTAINER] : [init],
		containers: native ? null : [PROXY_CONTAINER],
		volumes: INJECTED_VOLUME_NAMES,
		imagePullSecrets: null,
		revision: DEFAULT_REVISION
	});
}

/** The annotations the template adds only with istio-cni (`{{- if .Values.pilot.cni.enabled }}`). */
const CNI_ANNOTATIONS = {
	'sidecar.istio.io/interceptionMode': 'REDIRECT',
	'traffic.sidecar.istio.io/excludeInboundPorts': '15020',
	'traffic.sidecar.istio.io/includeInboundPorts': '*',
	'traffic.sidecar.istio.io/includeOutboundIPRanges': '*'
};

/**
 * Applies the template to a pod being created (in place, as the webhook's JSON patch would).
 * `defaults` false: the pod was never through the API server (`istioctl kube-inject` prints it).
 */
export function injectSidecar(
	pod: Pod,
	values: InjectionValues = AMBIENT_INJECTION,
	defaults = true
): void {
	const apps = pod.spec.containers.filter((c) => c.name !== PROXY_CONTAINER);
	const native = isNativeSidecar(pod);
	const labels = pod.metadata.labels ?? {};
	const canonical = canonicalService(labels, workloadName(pod));
	pod.metadata.labels = {
		...labels,
		'security.istio.io/tlsMode': labels['security.istio.io/tlsMode'] ?? 'istio',
		...(hboneEnabled(values) ? { [TUNNEL_LABEL]: labels[TUNNEL_LABEL] ?? TUNNEL_HTTP } : {}),
		'service.istio.io/canonical-name': canonical.name.slice(0, 63).replace(/-+$/, ''),
		'service.istio.io/canonical-revision': canonical.revision
	};
	const annotations = pod.metadata.annotations ?? {};
	const first = apps[0]?.name;
	pod.metadata.annotations = {
		...annotations,
		[REVISION_LABEL]: DEFAULT_REVISION,
		...(first && annotations['kubectl.kubernetes.io/default-container'] === undefined
			? { 'kubectl.kubernetes.io/default-container': first }
			: {}),
		...(first && annotations['kubectl.kubernetes.io/default-logs-container'] === undefined
			? { 'kubectl.kubernetes.io/default-logs-container': first }
			: {}),
		'prometheus.io/path': '/stats/prometheus',
		'prometheus.io/port': '15020',
		'prometheus.io/scrape': 'true',
		...(values.cni ? { 'sidecar.istio.io/interceptionMode': 'REDIRECT' } : {}),
		[SIDECAR_STATUS_ANNOTATION]: sidecarStatus(native, initContainerName(values)),
		...(values.cni ? CNI_ANNOTATIONS : {})
	};
	const proxy = proxyContainer(pod, apps, native, values);
	const init = initContainer(PROXY_IMAGE, values);
	const ours = [PROXY_CONTAINER, INIT_CONTAINER, VALIDATION_CONTAINER];
	const inits = (pod.spec.initContainers ?? []).filter((c) => !ours.includes(c.name));
	// webhook.go reorderPod: native, `{istio-init/istio-validation} => proxy => rest`, so the
	// pod's own init containers are in the mesh; else istio-validation first and istio-init last.
	if (native) pod.spec.initContainers = [init, proxy, ...inits];
	else pod.spec.initContainers = values.cni ? [init, ...inits] : [...inits, init];
	pod.spec.containers = native ? apps : [...apps, proxy];
	pod.spec['volumes'] = withInjectedVolumes(pod.spec['volumes'], defaults);
	rewriteAppProbes(pod, proxy);
	// Admission runs after defaulting: the new container gets its defaults here.
	if (defaults) defaultPodSpec(pod.spec as Record<string, unknown>);
}
