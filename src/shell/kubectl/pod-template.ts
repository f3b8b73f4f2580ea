/**
 * Where a workload keeps its pod spec, for the `kubectl set` subcommands: mirrors kubectl
 * polymorphichelpers updatepodspec.go (a Pod's own spec, else the pod template's).
 */
import type { KubeObject, PodSpec } from '../../mesh/api/objects.ts';

const TEMPLATED = [
	'Deployment',
	'DaemonSet',
	'ReplicaSet',
	'StatefulSet',
	'ReplicationController',
	'Job'
];

export function podSpecOf(obj: KubeObject): PodSpec | undefined {
	const spec = obj['spec'] as Record<string, unknown> | undefined;
	if (obj.kind === 'Pod') return spec as unknown as PodSpec;
	if (TEMPLATED.includes(obj.kind))
		return (spec?.['template'] as { spec?: PodSpec } | undefined)?.spec;
	return undefined;
}

/** The error set prints for a kind without a pod template (`services/productpage …`). */
export function notAPodTemplate(plural: string, obj: KubeObject): string {
	return `error: ${plural}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${obj.kind}`;
}
