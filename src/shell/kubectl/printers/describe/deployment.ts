/** describeDeployment and DescribePodTemplate (kubectl/pkg/describe/describe.go). */
import { isApiError } from '../../../../mesh/api/errors.ts';
import type {
	Deployment,
	KubeObject,
	LabelSelector,
	PodSpec
} from '../../../../mesh/api/objects.ts';
import { field, formatSelector, num } from '../cells.ts';
import { rfc1123z } from '../duration.ts';
import { writeAnnotations, writeEvents, writeLabels, writeTolerations } from './common.ts';
import { writeContainers, writeVolumes } from './containers.ts';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

type Template = {
	metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
	spec?: PodSpec;
};

export function writePodTemplate(w: PrefixWriter, template: Template | undefined): void {
	w.write(LEVEL_0, 'Pod Template:\n');
	if (!template) {
		w.write(LEVEL_1, '<unset>');
		return;
	}
	writeLabels(w, 'Labels', template.metadata?.labels, '  ');
	if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
		writeAnnotations(w, 'Annotations', template.metadata?.annotations, '  ');
	const spec = template.spec ?? { containers: [] };
	if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
	if (Array.isArray(spec.initContainers) && spec.initContainers.length > 0)
		writeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
	writeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ');
	writeVolumes(w, spec.volumes, '  ');
	writeLabels(w, 'Node-Selectors', spec.nodeSelector as Record<string, string> | undefined, '  ');
	writeTolerations(w, 'Tolerations', spec.tolerations, '  ');
}

const revision = (rs: KubeObject): number =>
	Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

function replicaSetsText(list: readonly KubeObject[]): string {
	if (list.length === 0) return '<none>';
	return list
		.map(
			(rs) =>
				`${rs.metadata.name} (${num(field(rs, 'status', 'replicas'))}/${num(field(rs, 'spec', 'replicas'))} replicas created)`
		)
		.join(', ');
}

export function describeDeployment(obj: KubeObject, c: DescribeContext): string {
	const d = obj as Deployment;
	const spec = d.spec ?? ({} as Deployment['spec']);
	const status = d.status ?? {};
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
	w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
	writeLabels(w, 'Labels', d.metadata.labels);
	writeAnnotations(w, 'Annotations', d.metadata.annotations);
	w.write(LEVEL_0, `Selector:\t${formatSelector(spec.selector as LabelSelector | undefined)}\n`);
	const desired = spec.replicas ?? 1;
	const unavailable = num(field(d, 'status', 'unavailableReplicas'));
	w.write(
		LEVEL_0,
		`Replicas:\t${desired} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${unavailable} unavailable\n`
	);
	const strategy = (spec.strategy ?? {}) as {
		type?: string;
		rollingUpdate?: { maxUnavailable?: unknown; maxSurge?: unknown };
	};
	const strategyType = strategy.type ?? 'RollingUpdate';
	w.write(LEVEL_0, `StrategyType:\t${strategyType}\n`);
	w.write(LEVEL_0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
	if (strategyType === 'RollingUpdate') {
		const ru = strategy.rollingUpdate ?? {};
		w.write(
			LEVEL_0,
			`RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? '25%')} max unavailable, ${String(ru.maxSurge ?? '25%')} max surge\n`
		);
	}
	writePodTemplate(w, spec.template);
	const conditions = status.conditions ?? [];
	if (conditions.length > 0) {
		w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
		w.write(LEVEL_1, '----\t------\t------\n');
		for (const cond of conditions)
			w.write(LEVEL_1, `${cond.type} \t${cond.status}\t${cond.reason ?? ''}\n`);
	}
	const rsType = c.api.resolve('replicasets');
	const all = rsType ? c.api.list(rsType, { namespace: d.metadata.namespace ?? 'default' }) : [];
	if (!isApiError(all)) {
		const owned = all
			.filter((rs) =>
				rs.metadata.ownerReferences?.some(
					(r) => r.kind === 'Deployment' && r.name === d.metadata.name
				)
			)
			.sort((a, b) => revision(b) - revision(a));
		const [newest, ...old] = owned;
		w.write(
			LEVEL_0,
			`OldReplicaSets:\t${replicaSetsText(old.filter((rs) => num(field(rs, 'status', 'replicas')) > 0))}\n`
		);
		w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newest ? [newest] : [])}\n`);
	}
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
