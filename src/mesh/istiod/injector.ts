/**
 * istiod's sidecar injection webhook as a mutating admission hook the cluster installs on its
 * API server. The webhook configuration exists once `istioctl install` ran; we treat it as
 * present while an istiod pod is ready (the real one has `failurePolicy: Fail` and would refuse
 * a matching pod while istiod is down; without an `InternalError` reason we skip injection).
 * Only pod CREATE is intercepted: running pods change only when they are recreated.
 */
import type { ResourceType } from '../api/api-server.ts';
import { NAMESPACES, PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { AdmissionHook, ClusterApiServer } from '../api/store.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { isPodReady } from '../api/pod-ready.ts';
import { injectionDecision, injectSidecar } from './injection.ts';
import { injectionValues } from './injection-values.ts';

const isPod = (type: ResourceType): boolean => type.group === '' && type.kind === 'Pod';

/** istiod answers the webhook: one of its pods is ready. */
export function istiodReady(api: ClusterApiServer): boolean {
	const pods = api.peek(PODS, { namespace: ISTIO_SYSTEM_NAMESPACE });
	return (
		!isApiError(pods) &&
		(pods as Pod[]).some((p) => p.metadata.labels?.['app'] === 'istiod' && isPodReady(p))
	);
}

export function createSidecarInjector(api: ClusterApiServer): AdmissionHook {
	return (operation, type, object) => {
		if (operation !== 'CREATE' || !isPod(type)) return undefined;
		const pod = object as Pod;
		const ns = api.get(NAMESPACES, undefined, pod.metadata.namespace ?? 'default');
		const namespace: KubeObject | undefined = isApiError(ns) ? undefined : ns;
		if (!Array.isArray(pod.spec?.containers)) return undefined;
		const decision = injectionDecision(pod, namespace, istiodReady(api));
		if (decision.inject) injectSidecar(pod, injectionValues(api));
		return undefined;
	};
}
