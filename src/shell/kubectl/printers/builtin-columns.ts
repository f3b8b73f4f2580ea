/**
 * Built-in kinds' table columns (kubernetes pkg/printers/internalversion/printers.go), keyed by
 * kind. Pods live in pod-columns.ts; everything here is a few field reads.
 */
import type { KubeObject, LabelSelector } from '../../../mesh/api/objects.ts';
import {
	ageColumn,
	field,
	formatLabels,
	formatSelector,
	NONE,
	num,
	str,
	workloadWideColumns,
	type ColumnDef,
	type KindColumns
} from './cells.ts';
import { age, humanDuration } from './duration.ts';
import { POD_COLUMNS } from './pod-columns.ts';

type Cond = { type?: string; status?: string };

function nodeStatus(o: KubeObject): string {
	const conds = (field(o, 'status', 'conditions') ?? []) as Cond[];
	const ready = conds.find((c) => c.type === 'Ready');
	let s = !ready
		? 'Unknown'
		: ready.status === 'True'
			? 'Ready'
			: ready.status === 'False'
				? 'NotReady'
				: 'Unknown';
	if (field(o, 'spec', 'unschedulable') === true) s += ',SchedulingDisabled';
	return s;
}

function nodeRoles(o: KubeObject): string {
	const roles = new Set<string>();
	for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
		if (k.startsWith('node-role.kubernetes.io/'))
			roles.add(k.slice('node-role.kubernetes.io/'.length));
		else if (k === 'kubernetes.io/role' && v) roles.add(v);
	}
	const list = [...roles].filter((r) => r !== '').sort();
	return list.length === 0 ? NONE : list.join(',');
}

function nodeAddress(o: KubeObject, type: string): string {
	const addrs = (field(o, 'status', 'addresses') ?? []) as { type?: string; address?: string }[];
	return addrs.find((a) => a.type === type)?.address ?? NONE;
}

const nodeInfo =
	(key: string, fallback = '<unknown>') =>
	(o: KubeObject) =>
		str(field(o, 'status', 'nodeInfo', key), fallback);

type Port = { port?: number; nodePort?: number; protocol?: string };

function servicePorts(o: KubeObject): string {
	const ports = (field(o, 'spec', 'ports') ?? []) as Port[];
	if (ports.length === 0) return NONE;
	return ports
		.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
		.join(',');
}

function externalIP(o: KubeObject): string {
	const type = str(field(o, 'spec', 'type'), 'ClusterIP');
	const external = (field(o, 'spec', 'externalIPs') ?? []) as string[];
	if (type === 'ExternalName') return str(field(o, 'spec', 'externalName'));
	if (type === 'LoadBalancer') {
		const ingress = (field(o, 'status', 'loadBalancer', 'ingress') ?? []) as {
			ip?: string;
			hostname?: string;
		}[];
		const ips = [...ingress.map((i) => i.ip ?? i.hostname ?? ''), ...external].filter(
			(x) => x !== ''
		);
		return ips.length > 0 ? ips.join(',') : '<pending>';
	}
	return external.length > 0 ? external.join(',') : NONE;
}

type Subset = {
	addresses?: { ip: string }[];
	ports?: { port: number }[];
};

/** formatEndpoints: up to three `ip:port`, then ` + N more...`. */
export function formatEndpoints(o: KubeObject): string {
	const subsets = (field(o, 'subsets') ?? []) as Subset[];
	const list: string[] = [];
	let count = 0;
	const add = (s: string): void => {
		if (list.length < 3) list.push(s);
		count++;
	};
	for (const ss of subsets) {
		const addrs = ss.addresses ?? [];
		if (!ss.ports || ss.ports.length === 0) addrs.forEach((a) => add(a.ip));
		else for (const p of ss.ports) for (const a of addrs) add(`${a.ip}:${p.port}`);
	}
	if (list.length === 0) return NONE;
	return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** kubectl's listWithMoreString: up to three, then ` + N more...`; nothing is `<unset>`. */
function listWithMore(items: readonly string[]): string {
	if (items.length === 0) return '<unset>';
	const shown = items.slice(0, 3).join(',');
	return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

/** formatDiscoveryPorts: the port number, else its name, else `*`. */
function formatSlicePorts(o: KubeObject): string {
	const ports = (field(o, 'ports') ?? []) as { port?: number; name?: string }[];
	return listWithMore(ports.map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*'))));
}

/** formatDiscoveryEndpoints: every address of every endpoint. */
function formatSliceEndpoints(o: KubeObject): string {
	const endpoints = (field(o, 'endpoints') ?? []) as { addresses?: string[] }[];
	return listWithMore(endpoints.flatMap((e) => e.addresses ?? []));
}

const col = (header: string, cell: ColumnDef['cell'], wide = false): ColumnDef => ({
	header,
	cell,
	wide
});
const count =
	(...path: string[]) =>
	(o: KubeObject) =>
		String(num(field(o, ...path)));
const size = (o: KubeObject, key: string): number =>
	Object.keys((field(o, key) ?? {}) as object).length;

function eventObject(o: KubeObject): string {
	const kind = String(field(o, 'involvedObject', 'kind') ?? '').toLowerCase();
	return `${kind}/${String(field(o, 'involvedObject', 'name') ?? '')}`;
}

const jobTemplateContainers = (o: KubeObject): { name?: string; image?: string }[] =>
	(field(o, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers') ?? []) as {
		name?: string;
		image?: string;
	}[];

/** printJob (pkg/printers/internalversion/printers.go): the first condition that holds. */
function jobStatus(o: KubeObject): string {
	const conds = (field(o, 'status', 'conditions') ?? []) as Cond[];
	const has = (type: string): boolean => conds.some((c) => c.type === type && c.status === 'True');
	if (has('Complete')) return 'Complete';
	if (has('Failed')) return 'Failed';
	if (o.metadata.deletionTimestamp) return 'Terminating';
	if (has('Suspended')) return 'Suspended';
	if (has('FailureTarget')) return 'FailureTarget';
	return 'Running';
}

function jobCompletions(o: KubeObject): string {
	const succeeded = num(field(o, 'status', 'succeeded'));
	const completions = field(o, 'spec', 'completions');
	if (typeof completions === 'number') return `${succeeded}/${completions}`;
	const parallelism = num(field(o, 'spec', 'parallelism'));
	return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: KubeObject, c: { nowMs: number }): string {
	const start = field(o, 'status', 'startTime');
	if (typeof start !== 'string') return '';
	const end = field(o, 'status', 'completionTime');
	const endMs = typeof end === 'string' ? Date.parse(end) : c.nowMs;
	return humanDuration(endMs - Date.parse(start));
}

const webhookCount = col('WEBHOOKS', (o) =>
	String(((field(o, 'webhooks') ?? []) as unknown[]).length)
);
/**
 * printResourceQuota: `resource: used/hard` for each resource in status.hard, sorted; `limits.*`
 * go to LIMIT, everything else to REQUEST.
 */
function quotaCell(o: KubeObject, limits: boolean): string {
	const hard = (field(o, 'status', 'hard') ?? {}) as Record<string, string>;
	const used = (field(o, 'status', 'used') ?? {}) as Record<string, string>;
	return Object.keys(hard)
		.sort()
		.filter((r) => (r.includes('.') && r.split('.')[0] === 'limits') === limits)
		.map((r) => `${r}: ${used[r] ?? '0'}/${hard[r]}`)
		.join(', ');
}
const quotaRequest = col('REQUEST', (o) => quotaCell(o, false));
const quotaLimit = col('LIMIT', (o) => quotaCell(o, true));
const createdAt = col('CREATED AT', (o) => str(o.metadata.creationTimestamp, '<unknown>'));
const roleRef = (o: KubeObject): string =>
	`${str(field(o, 'roleRef', 'kind'), '')}/${str(field(o, 'roleRef', 'name'), '')}`;
/** The binding's subjects of one kind, `namespace/name` for ServiceAccounts, comma-separated. */
const subjects = (kind: string) => (o: KubeObject) =>
	(
		(field(o, 'subjects') as { kind?: string; name?: string; namespace?: string }[] | undefined) ??
		[]
	)
		.filter((s) => s.kind === kind)
		.map((s) =>
			kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? '')
		)
		.join(', ');
const bindingColumns = [
	col('ROLE', roleRef),
	ageColumn,
	col('USERS', subjects('User'), true),
	col('GROUPS', subjects('Group'), true),
	col('SERVICEACCOUNTS', subjects('ServiceAccount'), true)
];

export const BUILTIN_COLUMNS: Record<string, KindColumns> = {
	Pod: POD_COLUMNS,
	Node: {
		columns: [
			col('STATUS', nodeStatus),
			col('ROLES', nodeRoles),
			ageColumn,
			col('VERSION', nodeInfo('kubeletVersion', '')),
			col('INTERNAL-IP', (o) => nodeAddress(o, 'InternalIP'), true),
			col('EXTERNAL-IP', (o) => nodeAddress(o, 'ExternalIP'), true),
			col('OS-IMAGE', nodeInfo('osImage'), true),
			col('KERNEL-VERSION', nodeInfo('kernelVersion'), true),
			col('CONTAINER-RUNTIME', nodeInfo('containerRuntimeVersion'), true)
		]
	},
	Service: {
		columns: [
			col('TYPE', (o) => str(field(o, 'spec', 'type'), 'ClusterIP')),
			col('CLUSTER-IP', (o) => str(field(o, 'spec', 'clusterIP'))),
			col('EXTERNAL-IP', externalIP),
			col('PORT(S)', servicePorts),
			ageColumn,
			col(
				'SELECTOR',
				(o) => formatLabels(field(o, 'spec', 'selector') as Record<string, string>),
				true
			)
		]
	},
	Deployment: {
		columns: [
			col(
				'READY',
				(o) => `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas'))}`
			),
			col('UP-TO-DATE', count('status', 'updatedReplicas')),
			col('AVAILABLE', count('status', 'availableReplicas')),
			ageColumn,
			...workloadWideColumns
		]
	},
	ReplicaSet: {
		columns: [
			col('DESIRED', count('spec', 'replicas')),
			col('CURRENT', count('status', 'replicas')),
			col('READY', count('status', 'readyReplicas')),
			ageColumn,
			...workloadWideColumns
		]
	},
	DaemonSet: {
		columns: [
			col('DESIRED', count('status', 'desiredNumberScheduled')),
			col('CURRENT', count('status', 'currentNumberScheduled')),
			col('READY', count('status', 'numberReady')),
			col('UP-TO-DATE', count('status', 'updatedNumberScheduled')),
			col('AVAILABLE', count('status', 'numberAvailable')),
			col('NODE SELECTOR', (o) =>
				formatLabels(field(o, 'spec', 'template', 'spec', 'nodeSelector') as Record<string, string>)
			),
			ageColumn,
			...workloadWideColumns
		]
	},
	CronJob: {
		columns: [
			col('SCHEDULE', (o) => str(field(o, 'spec', 'schedule'), '')),
			col('TIMEZONE', (o) => str(field(o, 'spec', 'timeZone'), NONE)),
			col('SUSPEND', (o) => {
				const v = field(o, 'spec', 'suspend');
				return typeof v === 'boolean' ? String(v) : NONE;
			}),
			col('ACTIVE', (o) => String(((field(o, 'status', 'active') ?? []) as unknown[]).length)),
			col('LAST SCHEDULE', (o, c) => {
				const t = field(o, 'status', 'lastScheduleTime');
				return typeof t === 'string' ? age(t, c.nowMs) : NONE;
			}),
			ageColumn,
			{
				header: 'CONTAINERS',
				wide: true,
				cell: (o) =>
					jobTemplateContainers(o)
						.map((x) => x.name ?? '')
						.join(',')
			},
			{
				header: 'IMAGES',
				wide: true,
				cell: (o) =>
					jobTemplateContainers(o)
						.map((x) => x.image ?? '')
						.join(',')
			},
			{
				header: 'SELECTOR',
				wide: true,
				cell: (o) =>
					formatSelector(field(o, 'spec', 'jobTemplate', 'spec', 'selector') as LabelSelector)
			}
		]
	},
	Job: {
		columns: [
			col('STATUS', jobStatus),
			col('COMPLETIONS', jobCompletions),
			col('DURATION', jobDuration),
			ageColumn,
			...workloadWideColumns
		]
	},
	StatefulSet: {
		columns: [
			col(
				'READY',
				(o) => `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas'))}`
			),
			ageColumn,
			...workloadWideColumns.slice(0, 2)
		]
	},
	Namespace: {
		columns: [col('STATUS', (o) => str(field(o, 'status', 'phase'), 'Active')), ageColumn]
	},
	ServiceAccount: {
		columns: [
			col('SECRETS', (o) => String(((field(o, 'secrets') ?? []) as unknown[]).length)),
			ageColumn
		]
	},
	ConfigMap: {
		columns: [col('DATA', (o) => String(size(o, 'data') + size(o, 'binaryData'))), ageColumn]
	},
	Secret: {
		columns: [
			col('TYPE', (o) => str(field(o, 'type'), 'Opaque')),
			col('DATA', (o) => String(size(o, 'data'))),
			ageColumn
		]
	},
	Endpoints: { columns: [col('ENDPOINTS', formatEndpoints), ageColumn] },
	EndpointSlice: {
		columns: [
			col('ADDRESSTYPE', (o) => str(field(o, 'addressType'), '')),
			col('PORTS', formatSlicePorts),
			col('ENDPOINTS', formatSliceEndpoints),
			ageColumn
		]
	},
	// printNetworkPolicy: the pod selector as metav1.FormatLabelSelector prints it.
	NetworkPolicy: {
		columns: [
			col('POD-SELECTOR', (o) => formatSelector(field(o, 'spec', 'podSelector') as LabelSelector)),
			ageColumn
		]
	},
	CustomResourceDefinition: {
		columns: [col('CREATED AT', (o) => str(o.metadata.creationTimestamp, '<unknown>'))]
	},
	// printers.go: roles print their creation time; bindings their roleRef as `Kind/name`.
	ClusterRole: { columns: [createdAt] },
	ResourceQuota: { columns: [ageColumn, quotaRequest, quotaLimit] },
	// printMutatingWebhook / printValidatingWebhook: how many webhooks the configuration holds.
	MutatingWebhookConfiguration: { columns: [webhookCount, ageColumn] },
	ValidatingWebhookConfiguration: { columns: [webhookCount, ageColumn] },
	Role: { columns: [createdAt] },
	ClusterRoleBinding: { columns: bindingColumns },
	RoleBinding: { columns: bindingColumns },
	Event: {
		noName: true,
		columns: [
			col('LAST SEEN', (o, c) =>
				age(
					field(o, 'series', 'lastObservedTime') ??
						field(o, 'lastTimestamp') ??
						field(o, 'eventTime') ??
						o.metadata.creationTimestamp,
					c.nowMs
				)
			),
			col('TYPE', (o) => str(field(o, 'type'), '')),
			col('REASON', (o) => str(field(o, 'reason'), '')),
			col('OBJECT', eventObject),
			col('MESSAGE', (o) => str(field(o, 'message'), ''))
		]
	}
};
