/** describePod (kubectl/pkg/describe/describe.go). */
import type { KubeObject, Pod } from '../../../../mesh/api/objects.ts';
import { podQosClass } from '../../../../mesh/api/pod-qos.ts';
import { field } from '../cells.ts';
import { rfc1123z } from '../duration.ts';
import { writeAnnotations, writeEvents, writeLabels, writeTolerations } from './common.ts';
import { ephemeralContainersOf } from '../../../../mesh/api/ephemeral-containers.ts';
import { writeContainers, writeVolumes } from './containers.ts';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

/** The owner marked controller, as `ReplicaSet/name`. */
export function controlledBy(obj: KubeObject): string | undefined {
	const ref = obj.metadata.ownerReferences?.find((r) => r.controller) ?? undefined;
	return ref ? `${ref.kind}/${ref.name}` : undefined;
}

function qosClass(pod: Pod): string {
	const q = field(pod, 'status', 'qosClass');
	return typeof q === 'string' && q !== '' ? q : podQosClass(pod.spec);
}

export function describePod(obj: KubeObject, c: DescribeContext): string {
	const pod = obj as Pod;
	const w = new PrefixWriter();
	const spec = pod.spec ?? { containers: [] };
	const status = pod.status;
	w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
	w.write(LEVEL_0, `Priority:\t${typeof spec.priority === 'number' ? spec.priority : 0}\n`);
	if (typeof spec.priorityClassName === 'string' && spec.priorityClassName)
		w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
	// describe.go prints it only when set: a static pod's mirror has none.
	if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
	w.write(
		LEVEL_0,
		`Node:\t${spec.nodeName ? `${spec.nodeName}/${status?.hostIP ?? ''}` : '<none>'}\n`
	);
	if (status?.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
	writeLabels(w, 'Labels', pod.metadata.labels);
	writeAnnotations(w, 'Annotations', pod.metadata.annotations);
	if (pod.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating\n`);
	else w.write(LEVEL_0, `Status:\t${status?.phase ?? 'Pending'}\n`);
	const reason = field(pod, 'status', 'reason');
	if (typeof reason === 'string' && reason) w.write(LEVEL_0, `Reason:\t${reason}\n`);
	const message = field(pod, 'status', 'message');
	if (typeof message === 'string' && message) w.write(LEVEL_0, `Message:\t${message}\n`);
	w.write(LEVEL_0, `IP:\t${status?.podIP ?? ''}\n`);
	const ips = status?.podIPs ?? (status?.podIP ? [{ ip: status.podIP }] : []);
	if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
	else {
		w.write(LEVEL_0, 'IPs:\n');
		for (const ip of ips) w.write(LEVEL_0, `  IP:\t${ip.ip}\n`);
	}
	const owner = controlledBy(pod);
	if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
	if (Array.isArray(spec.initContainers) && spec.initContainers.length > 0)
		writeContainers(
			w,
			'Init Containers',
			spec.initContainers,
			field(pod, 'status', 'initContainerStatuses') as never,
			''
		);
	writeContainers(w, 'Containers', spec.containers ?? [], status?.containerStatuses, '');
	// kubectl describe.go: ephemeral containers are described as containers, after the others.
	const ephemeral = ephemeralContainersOf(pod);
	if (ephemeral.length > 0)
		writeContainers(w, 'Ephemeral Containers', ephemeral, status?.ephemeralContainerStatuses, '');
	const conditions = status?.conditions ?? [];
	if (conditions.length > 0) {
		w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
		for (const cond of conditions) w.write(LEVEL_1, `${cond.type} \t${cond.status} \n`);
	}
	writeVolumes(w, spec.volumes, '');
	w.write(LEVEL_0, `QoS Class:\t${qosClass(pod)}\n`);
	writeLabels(w, 'Node-Selectors', spec.nodeSelector as Record<string, string> | undefined);
	writeTolerations(w, 'Tolerations', spec.tolerations);
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
