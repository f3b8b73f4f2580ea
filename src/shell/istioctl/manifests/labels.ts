/**
 * Labels istioctl and the charts put on what they install. `ownerLabels` mirrors
 * operator/pkg/install/install.go getOwnerLabels (every installed object gets them; uninstall and
 * prune select on `operator.istio.io/component`); `chartLabels` mirrors the charts' `istio.labels`.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { ISTIO_HUB, ISTIO_VERSION } from '../../../mesh/istio/version.ts';

export const ISTIO_NAMESPACE = 'istio-system';
export const COMPONENT_LABEL = 'operator.istio.io/component';

/** operator/pkg/component's names, as the `operator.istio.io/component` label carries them. */
export type ComponentName =
	'Base' | 'Pilot' | 'Cni' | 'Ztunnel' | 'IngressGateways' | 'EgressGateways';

export function ownerLabels(component: ComponentName): Record<string, string> {
	return {
		'install.operator.istio.io/owning-resource': 'unknown',
		'istio.io/rev': 'default',
		[COMPONENT_LABEL]: component,
		'operator.istio.io/managed': 'Reconcile',
		'operator.istio.io/version': ISTIO_VERSION
	};
}

export function chartLabels(release: string, chart: string): Record<string, string> {
	return {
		'app.kubernetes.io/instance': release,
		'app.kubernetes.io/managed-by': 'Helm',
		'app.kubernetes.io/part-of': 'istio',
		'app.kubernetes.io/version': ISTIO_VERSION,
		'helm.sh/chart': `${chart}-${ISTIO_VERSION}`
	};
}

/**
 * `<hub>/<name>:<tag>` with `-<variant>` when `global.variant` is set: the ambient profile sets
 * `distroless`, the others leave it empty (the charts' `{{with .Values.global.variant}}-{{.}}`).
 */
export function istioImage(name: string, variant = 'distroless'): string {
	return `${ISTIO_HUB}/${name}:${ISTIO_VERSION}${variant ? `-${variant}` : ''}`;
}

/** The pod env entries that read the pod's own fields (`valueFrom.fieldRef`). */
export function fieldEnv(name: string, fieldPath: string): Record<string, unknown> {
	return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

/** Metadata for a manifest: the server fills uid, resourceVersion and creationTimestamp. */
export function objectMeta(
	name: string,
	labels: Record<string, string>,
	namespace: string | undefined = ISTIO_NAMESPACE
): KubeObject['metadata'] {
	return { name, ...(namespace ? { namespace } : {}), labels } as unknown as KubeObject['metadata'];
}
