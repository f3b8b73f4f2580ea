/** describeNode, trimmed to what the simulation models (kubectl/pkg/describe/describe.go). */
import { isApiError } from '../../../../mesh/api/errors.ts';
import type { KubeObject } from '../../../../mesh/api/objects.ts';
import { field } from '../cells.ts';
import { age, rfc1123z } from '../duration.ts';
import { writeAnnotations, writeEvents, writeLabels } from './common.ts';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

type Cond = {
	type?: string;
	status?: string;
	reason?: string;
	message?: string;
	lastHeartbeatTime?: string;
	lastTransitionTime?: string;
};

const NODE_INFO: [string, string][] = [
	['Machine ID', 'machineID'],
	['System UUID', 'systemUUID'],
	['Boot ID', 'bootID'],
	['Kernel Version', 'kernelVersion'],
	['OS Image', 'osImage'],
	['Operating System', 'operatingSystem'],
	['Architecture', 'architecture'],
	['Container Runtime Version', 'containerRuntimeVersion'],
	['Kubelet Version', 'kubeletVersion'],
	['Kube-Proxy Version', 'kubeProxyVersion']
];

function roles(node: KubeObject): string {
	const r = Object.keys(node.metadata.labels ?? {})
		.filter((k) => k.startsWith('node-role.kubernetes.io/'))
		.map((k) => k.slice('node-role.kubernetes.io/'.length))
		.sort();
	return r.length === 0 ? '<none>' : r.join(',');
}

export function describeNode(node: KubeObject, c: DescribeContext): string {
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
	w.write(LEVEL_0, `Roles:\t${roles(node)}\n`);
	writeLabels(w, 'Labels', node.metadata.labels);
	writeAnnotations(w, 'Annotations', node.metadata.annotations);
	w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
	const taints = (field(node, 'spec', 'taints') ?? []) as {
		key: string;
		value?: string;
		effect: string;
	}[];
	if (taints.length === 0) w.write(LEVEL_0, 'Taints:\t<none>\n');
	else
		taints.forEach((t, i) =>
			w.write(
				LEVEL_0,
				`${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`
			)
		);
	w.write(LEVEL_0, `Unschedulable:\t${field(node, 'spec', 'unschedulable') === true}\n`);
	const conditions = (field(node, 'status', 'conditions') ?? []) as Cond[];
	if (conditions.length > 0) {
		w.write(
			LEVEL_0,
			'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n'
		);
		w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
		for (const cond of conditions)
			w.write(
				LEVEL_1,
				`${cond.type ?? ''} \t${cond.status ?? ''} \t${rfc1123z(cond.lastHeartbeatTime)} \t${rfc1123z(cond.lastTransitionTime)} \t${cond.reason ?? ''} \t${cond.message ?? ''}\n`
			);
	}
	w.write(LEVEL_0, 'Addresses:\n');
	for (const a of (field(node, 'status', 'addresses') ?? []) as { type: string; address: string }[])
		w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
	for (const [title, key] of [
		['Capacity', 'capacity'],
		['Allocatable', 'allocatable']
	] as const) {
		const values = (field(node, 'status', key) ?? {}) as Record<string, string>;
		if (Object.keys(values).length === 0) continue;
		w.write(LEVEL_0, `${title}:\n`);
		for (const k of Object.keys(values).sort()) w.write(LEVEL_1, `${k}:\t${values[k]}\n`);
	}
	w.write(LEVEL_0, 'System Info:\n');
	const info = (field(node, 'status', 'nodeInfo') ?? {}) as Record<string, string>;
	for (const [title, key] of NODE_INFO) w.write(LEVEL_1, `${title}:\t${info[key] ?? ''}\n`);
	const cidr = field(node, 'spec', 'podCIDR');
	if (typeof cidr === 'string') w.write(LEVEL_0, `PodCIDR:\t${cidr}\n`);
	const cidrs = field(node, 'spec', 'podCIDRs');
	if (Array.isArray(cidrs)) w.write(LEVEL_0, `PodCIDRs:\t${cidrs.join(',')}\n`);
	const provider = field(node, 'spec', 'providerID');
	if (typeof provider === 'string') w.write(LEVEL_0, `ProviderID:\t${provider}\n`);
	const podType = c.api.resolve('pods');
	const pods = podType ? c.api.list(podType, {}) : [];
	const onNode = isApiError(pods)
		? []
		: pods
				.filter((p) => field(p, 'spec', 'nodeName') === node.metadata.name)
				.filter((p) => !['Succeeded', 'Failed'].includes(String(field(p, 'status', 'phase'))));
	w.write(LEVEL_0, `Non-terminated Pods:\t(${onNode.length} in total)\n`);
	w.write(
		LEVEL_1,
		'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n'
	);
	w.write(
		LEVEL_1,
		'---------\t----\t------------\t----------\t---------------\t-------------\t---\n'
	);
	for (const p of onNode)
		w.write(
			LEVEL_1,
			`${p.metadata.namespace ?? ''}\t${p.metadata.name}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t${age(p.metadata.creationTimestamp, c.nowMs)}\n`
		);
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
