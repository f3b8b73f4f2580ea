/**
 * What Helm does to a chart's objects beyond the templates: every object of the release lands in
 * the release namespace (namespaced kinds), carries `app.kubernetes.io/managed-by: Helm` and the
 * `meta.helm.sh/release-name`/`-namespace` annotations (pkg/action/validate.go setMetadataVisitor),
 * and the templates' `{{ .Release.Name }}` labels (`app.kubernetes.io/instance`, `release`) name
 * the release. Objects are applied in releaseutil's InstallOrder and deleted in UninstallOrder
 * (pkg/releaseutil/kind_sorter.go). The labels `istioctl` alone adds (operator.istio.io/managed,
 * operator.istio.io/version: install.go getOwnerLabels) are removed.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { ResourceRef } from './releases.ts';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
export const RESOURCE_POLICY = 'helm.sh/resource-policy';

const ISTIOCTL_ONLY = ['operator.istio.io/managed', 'operator.istio.io/version'];

/** kind_sorter.go InstallOrder, the kinds the playground's charts render. */
const INSTALL_ORDER = [
	'Namespace',
	'ServiceAccount',
	'Secret',
	'ConfigMap',
	'CustomResourceDefinition',
	'Service',
	'DaemonSet',
	'Pod',
	'ReplicaSet',
	'Deployment',
	'MutatingWebhookConfiguration',
	'ValidatingWebhookConfiguration'
];
/** kind_sorter.go UninstallOrder for the same kinds. */
const UNINSTALL_ORDER = [
	'ValidatingWebhookConfiguration',
	'MutatingWebhookConfiguration',
	'Service',
	'Deployment',
	'ReplicaSet',
	'Pod',
	'DaemonSet',
	'CustomResourceDefinition',
	'ConfigMap',
	'Secret',
	'ServiceAccount',
	'Namespace'
];

function byOrder<T extends { kind: string }>(items: readonly T[], order: readonly string[]): T[] {
	const rank = (k: string): number => {
		const i = order.indexOf(k);
		return i < 0 ? order.length : i;
	};
	return [...items].sort((a, b) => rank(a.kind) - rank(b.kind));
}

export const installOrder = (objects: readonly KubeObject[]): KubeObject[] =>
	byOrder(objects, INSTALL_ORDER);
export const uninstallOrder = (refs: readonly ResourceRef[]): ResourceRef[] =>
	byOrder(refs, UNINSTALL_ORDER);

function relabel(labels: Record<string, string> | undefined, release: string): void {
	if (!labels) return;
	for (const key of ISTIOCTL_ONLY) delete labels[key];
	if ('app.kubernetes.io/instance' in labels) labels['app.kubernetes.io/instance'] = release;
	if ('release' in labels && labels['release'] !== 'istio') labels['release'] = release;
}

/**
 * The chart's objects as Helm creates them for `release` in `namespace`; `template` leaves out
 * what only install and upgrade add (managed-by and the release annotations), as `helm template`.
 */
export function helmify(
	objects: readonly KubeObject[],
	release: string,
	namespace: string,
	template = false
): KubeObject[] {
	return objects.map((original) => {
		const o = structuredClone(original);
		const meta = o.metadata as KubeObject['metadata'] & {
			labels?: Record<string, string>;
			annotations?: Record<string, string>;
		};
		if (meta.namespace !== undefined) meta.namespace = namespace;
		relabel(meta.labels, release);
		if (!template) {
			meta.labels = { ...meta.labels, [MANAGED_BY]: 'Helm' };
			meta.annotations = {
				...meta.annotations,
				[RELEASE_NAME]: release,
				[RELEASE_NAMESPACE]: namespace
			};
		}
		const podTemplate = (
			(o['spec'] ?? {}) as { template?: { metadata?: { labels?: Record<string, string> } } }
		).template;
		relabel(podTemplate?.metadata?.labels, release);
		return o;
	});
}

export function refOf(o: KubeObject): ResourceRef {
	return {
		apiVersion: o.apiVersion,
		kind: o.kind,
		...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
		name: o.metadata.name
	};
}

/** `helm get manifest`: each object after `---` and its `# Source:` line. */
export function manifestText(chart: string, objects: readonly KubeObject[]): string {
	return objects
		.map((o) => {
			const source = `${chart}/templates/${o.kind.toLowerCase()}.yaml`;
			const { apiVersion, kind, metadata, ...rest } = o;
			const m = { ...metadata } as Record<string, unknown>;
			for (const k of [
				'uid',
				'resourceVersion',
				'creationTimestamp',
				'generation',
				'managedFields'
			])
				delete m[k];
			return `---\n# Source: ${source}\n${stringify({ apiVersion, kind, metadata: m, ...rest }, { indentSeq: false })}`;
		})
		.join('');
}
