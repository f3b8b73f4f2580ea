/**
 * istio-cni's decision: should this pod's traffic be redirected to the node's ztunnel?
 * Mirrors istio cni/pkg/util/enablement_selector.go (`CompiledEnablementSelectors.Matches`), the
 * chart's default `ambient.enablementSelectors` and `excludeNamespaces`
 * (manifests/charts/istio-cni/values.yaml), cni/pkg/nodeagent/informers.go (`IsZtunnelPod`,
 * `isNamespaceExcluded`) and cni/pkg/util/podutil.go (the redirection annotation).
 */
import type { KubeObject, Pod } from '../api/objects.ts';

export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const DATAPLANE_MODE_AMBIENT = 'ambient';
export const DATAPLANE_MODE_NONE = 'none';
/** Set by the sidecar injector: a pod with a sidecar is never captured by ztunnel. */
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
/** What istio-cni writes on a pod once redirection is in place (annotation.AmbientRedirection). */
export const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
/** constants.AmbientRedirectionEnabled. */
export const AMBIENT_REDIRECTION_ENABLED = 'enabled';
/** The chart's `excludeNamespaces` default (istio-cni values.yaml). */
export const DEFAULT_EXCLUDE_NAMESPACES: readonly string[] = ['kube-system'];
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';

export interface EnrolmentOptions {
	/** istio-cni is running (ready) on the pod's node: before install nothing is captured. */
	readonly istioInstalled: boolean;
	/** `cni.excludeNamespaces`; defaults to the chart's `[kube-system]`. */
	readonly excludeNamespaces?: readonly string[];
	/** istio-cni's SYSTEM_NAMESPACE, where the ztunnel pods live. */
	readonly systemNamespace?: string;
}

export type EnrolmentReason =
	| 'namespace-label'
	| 'pod-label'
	| 'not-labelled'
	| 'pod-opt-out'
	| 'sidecar'
	| 'host-network'
	| 'ztunnel'
	| 'excluded-namespace'
	| 'not-installed';

export interface EnrolmentDecision {
	readonly enrolled: boolean;
	readonly reason: EnrolmentReason;
}

const labelsOf = (o: { metadata: { labels?: Record<string, string> } } | undefined) =>
	o?.metadata.labels ?? {};

/**
 * Whether istio-cni enrols the pod in ambient. The chart's two enablement selectors are
 * `pod: dataplane-mode=ambient` (any namespace) and `pod: dataplane-mode notin (none)` in a
 * `namespace: dataplane-mode=ambient`; host-network and sidecar pods never match.
 */
export function ambientEnabled(
	pod: Pod,
	namespace: KubeObject | undefined,
	options: EnrolmentOptions
): EnrolmentDecision {
	const no = (reason: EnrolmentReason): EnrolmentDecision => ({ enrolled: false, reason });
	const systemNamespace = options.systemNamespace ?? ISTIO_SYSTEM_NAMESPACE;
	// ztunnel pods are never "added to/removed from the mesh" (informers.go IsZtunnelPod).
	if (pod.metadata.namespace === systemNamespace && labelsOf(pod)['app'] === 'ztunnel') {
		return no('ztunnel');
	}
	if (pod.spec.hostNetwork === true) return no('host-network');
	if (pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION] !== undefined) return no('sidecar');
	const podMode = labelsOf(pod)[DATAPLANE_MODE_LABEL];
	const nsMode = labelsOf(namespace)[DATAPLANE_MODE_LABEL];
	let reason: EnrolmentReason;
	if (podMode === DATAPLANE_MODE_AMBIENT) reason = 'pod-label';
	else if (podMode === DATAPLANE_MODE_NONE) return no('pod-opt-out');
	else if (nsMode === DATAPLANE_MODE_AMBIENT) reason = 'namespace-label';
	else return no('not-labelled');
	const excluded = options.excludeNamespaces ?? DEFAULT_EXCLUDE_NAMESPACES;
	if (excluded.includes(pod.metadata.namespace ?? '')) return no('excluded-namespace');
	if (!options.istioInstalled) return no('not-installed');
	return { enrolled: true, reason };
}

/** What istio-cni does to the pod's annotation to match its decision (podutil.go). */
export type RedirectionChange = 'annotate' | 'unannotate' | 'none';

export function redirectionChange(pod: Pod, decision: EnrolmentDecision): RedirectionChange {
	const enrolled =
		pod.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED;
	if (decision.enrolled === enrolled) return 'none';
	return decision.enrolled ? 'annotate' : 'unannotate';
}

/** Applies a change to a draft pod's metadata (for `api.patch`, as the CNI's merge patch). */
export function applyRedirectionChange(
	draft: { metadata: { annotations?: Record<string, string> } },
	change: RedirectionChange
): void {
	if (change === 'annotate') {
		draft.metadata.annotations = {
			...draft.metadata.annotations,
			[AMBIENT_REDIRECTION_ANNOTATION]: AMBIENT_REDIRECTION_ENABLED
		};
	} else if (change === 'unannotate' && draft.metadata.annotations) {
		delete draft.metadata.annotations[AMBIENT_REDIRECTION_ANNOTATION];
		if (Object.keys(draft.metadata.annotations).length === 0) delete draft.metadata.annotations;
	}
}

/** The istio-cni log line for a namespace label change (informers.go enqueueNamespace). */
export function namespaceLogLine(
	namespace: string,
	labels: Record<string, string> | undefined,
	excludeNamespaces: readonly string[] = DEFAULT_EXCLUDE_NAMESPACES
): string {
	const matches = labels?.[DATAPLANE_MODE_LABEL] === DATAPLANE_MODE_AMBIENT;
	if (matches && excludeNamespaces.includes(namespace)) {
		return `Namespace ${namespace} is labeled for ambient mesh but is excluded by excludeNamespaces configuration; pods will not be enrolled`;
	}
	return matches
		? `Namespace ${namespace} is enabled in ambient mesh`
		: `Namespace ${namespace} is disabled from ambient mesh`;
}
