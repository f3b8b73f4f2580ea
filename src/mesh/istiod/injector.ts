/**
 * istiod's sidecar injection webhook as a mutating admission hook the cluster installs on its
 * API server. On pod CREATE it reads the MutatingWebhookConfigurations (`injector-webhooks.ts`):
 * the first entry whose selectors match the pod and whose Service reaches a ready istiod pod is
 * called, and istiod decides. Deleting the configuration stops injection; a revision tag's
 * configuration injects for `istio.io/rev=<tag>`. While istiod is down the call is skipped (the
 * real entries have `failurePolicy: Fail` and the API server would refuse the pod).
 * Only pod CREATE is intercepted: running pods change only when they are recreated.
 */
import type { ResourceType } from '../api/api-server.ts';
import { NAMESPACES } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { AdmissionHook, ClusterApiServer } from '../api/store.ts';
import { injectionDecision, injectSidecar } from './injection.ts';
import { calledInjectorWebhooks } from './injector-webhooks.ts';
import { injectionValues } from './injection-values.ts';

const isPod = (type: ResourceType): boolean => type.group === '' && type.kind === 'Pod';

export function createSidecarInjector(api: ClusterApiServer): AdmissionHook {
	return (operation, type, object) => {
		if (operation !== 'CREATE' || !isPod(type)) return undefined;
		const pod = object as Pod;
		const ns = api.get(NAMESPACES, undefined, pod.metadata.namespace ?? 'default');
		const namespace: KubeObject | undefined = isApiError(ns) ? undefined : ns;
		if (!Array.isArray(pod.spec?.containers)) return undefined;
		const decision = injectionDecision(pod, namespace, calledInjectorWebhooks(api));
		if (decision.inject) injectSidecar(pod, injectionValues(api));
		return undefined;
	};
}
