/**
 * ResourceQuota (core/v1) as kube-apiserver's ResourceQuota admission plugin and
 * kube-controller-manager's resourcequota controller apply it (kubernetes pkg/quota/v1/evaluator/
 * core/pods.go, plugin/pkg/admission/resourcequota/controller.go): what an object charges, which
 * quotas a pod falls under (spec.scopes, spec.scopeSelector), the usage of a namespace, and the
 * admission decision with the plugin's messages. The resources tracked are listed in TRACKED;
 * a quota naming another is refused at create (see `unsupportedQuotaResources`).
 */
import type { KubeObject, Pod } from './objects.ts';
import { podQosClass } from './pod-qos.ts';
import { formatQuantity, parseQuantity, quantityFormat, type QuantityFormat } from './quantity.ts';

const ONE = 10n ** 9n;

/** Object counts and the pods' compute resources: what the playground's quota tracks. */
export const TRACKED: readonly string[] = [
	'pods',
	'services',
	'configmaps',
	'secrets',
	'cpu',
	'memory',
	'requests.cpu',
	'requests.memory',
	'limits.cpu',
	'limits.memory'
];

/** The kinds counted by object count (`pods` is counted by pods.go's own rules). */
export const COUNTED_KINDS: Readonly<Record<string, string>> = {
	services: 'Service',
	configmaps: 'ConfigMap',
	secrets: 'Secret'
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export interface Quota {
	readonly name: string;
	readonly hard: Readonly<Record<string, bigint>>;
	/** Each hard quantity's format, for printing used and hard alike. */
	readonly formats: Readonly<Record<string, QuantityFormat>>;
	readonly scopes: readonly string[];
	readonly scopeSelector: readonly Obj[];
}

export function readQuota(q: KubeObject): Quota {
	const spec = obj((q as Obj)['spec']);
	const hard: Record<string, bigint> = {};
	const formats: Record<string, QuantityFormat> = {};
	for (const [k, v] of Object.entries(obj(spec['hard']))) {
		const n = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
		if (n === undefined) continue;
		hard[k] = n;
		formats[k] = quantityFormat(v as string | number);
	}
	return {
		name: q.metadata.name,
		hard,
		formats,
		scopes: list(spec['scopes']).map(String),
		scopeSelector: list(obj(spec['scopeSelector'])['matchExpressions']).map(obj)
	};
}

/** spec.hard's resources the playground does not track (refused at create, with a note). */
export function unsupportedQuotaResources(q: KubeObject): string[] {
	const hard = obj(obj((q as Obj)['spec'])['hard']);
	return Object.keys(hard)
		.filter((k) => !TRACKED.includes(k))
		.sort();
}

/** pods.go QuotaV1Pod: a pod in a terminal phase no longer uses quota. */
export function podCounts(pod: KubeObject): boolean {
	const phase = obj((pod as Obj)['status'])['phase'];
	return phase !== 'Succeeded' && phase !== 'Failed';
}

function matchesScope(
	scope: string,
	values: readonly unknown[] | undefined,
	op: string,
	pod: Pod
): boolean {
	const spec = obj(pod.spec);
	switch (scope) {
		case 'Terminating':
			return typeof spec['activeDeadlineSeconds'] === 'number';
		case 'NotTerminating':
			return typeof spec['activeDeadlineSeconds'] !== 'number';
		case 'BestEffort':
			return podQosClass(pod.spec) === 'BestEffort';
		case 'NotBestEffort':
			return podQosClass(pod.spec) !== 'BestEffort';
		case 'PriorityClass': {
			const cls = spec['priorityClassName'];
			const has = typeof cls === 'string' && cls !== '';
			switch (op) {
				case 'In':
					return has && (values ?? []).includes(cls);
				case 'NotIn':
					return !has || !(values ?? []).includes(cls);
				case 'DoesNotExist':
					return !has;
				default:
					return has;
			}
		}
		default:
			return false;
	}
}

/** Does the quota cover this pod? Every scope and every scopeSelector expression must match. */
export function quotaCoversPod(q: Quota, pod: Pod): boolean {
	return (
		q.scopes.every((s) => matchesScope(s, undefined, 'Exists', pod)) &&
		q.scopeSelector.every((e) =>
			matchesScope(String(e['scopeName']), list(e['values']), String(e['operator']), pod)
		)
	);
}

/** Does the quota cover objects other than pods? Scoped quotas track pods only. */
const scoped = (q: Quota): boolean => q.scopes.length > 0 || q.scopeSelector.length > 0;

function quantity(v: unknown): bigint | undefined {
	return typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
}

/**
 * resourcehelper.PodRequests/PodLimits for cpu and memory: the containers' sum, or the largest
 * init container's if that is more. A limit stands in for a missing request (core/v1 defaults).
 */
function podCompute(pod: Pod, kind: 'requests' | 'limits', name: string): bigint {
	const of = (c: unknown): bigint => {
		const r = obj(obj(c)['resources']);
		const v =
			quantity(obj(r[kind])[name]) ??
			(kind === 'requests' ? quantity(obj(r['limits'])[name]) : undefined);
		return v ?? 0n;
	};
	const sum = list(pod.spec?.containers).reduce<bigint>((s, c) => s + of(c), 0n);
	const init = list(pod.spec?.initContainers).reduce<bigint>((m, c) => (of(c) > m ? of(c) : m), 0n);
	return sum > init ? sum : init;
}

/** What one pod charges against `resource`. */
export function podUsage(pod: Pod, resource: string): bigint {
	switch (resource) {
		case 'pods':
			return ONE;
		case 'cpu':
		case 'requests.cpu':
			return podCompute(pod, 'requests', 'cpu');
		case 'memory':
		case 'requests.memory':
			return podCompute(pod, 'requests', 'memory');
		case 'limits.cpu':
			return podCompute(pod, 'limits', 'cpu');
		case 'limits.memory':
			return podCompute(pod, 'limits', 'memory');
		default:
			return 0n;
	}
}

/** The namespace's objects a quota counts: its pods (still using quota) and the counted kinds. */
export interface NamespaceObjects {
	readonly pods: readonly Pod[];
	readonly count: (kind: string) => number;
}

/** status.used: each hard resource's usage in the namespace. */
export function quotaUsed(q: Quota, ns: NamespaceObjects): Record<string, bigint> {
	const pods = ns.pods.filter((p) => podCounts(p) && quotaCoversPod(q, p));
	const used: Record<string, bigint> = {};
	for (const resource of Object.keys(q.hard)) {
		const kind = COUNTED_KINDS[resource];
		used[resource] =
			kind !== undefined
				? scoped(q)
					? 0n
					: BigInt(ns.count(kind)) * ONE
				: pods.reduce((s, p) => s + podUsage(p, resource), 0n);
	}
	return used;
}

/** `status` as the resourcequota controller writes it: hard as given, used in the same format. */
export function quotaStatus(q: Quota, used: Readonly<Record<string, bigint>>): Obj {
	const hard: Record<string, string> = {};
	const usedOut: Record<string, string> = {};
	for (const k of Object.keys(q.hard).sort()) {
		const format = q.formats[k] ?? 'DecimalSI';
		hard[k] = formatQuantity(q.hard[k] ?? 0n, format);
		usedOut[k] = formatQuantity(used[k] ?? 0n, format);
	}
	return { hard, used: usedOut };
}

const COMPUTE_REQUIRED: Readonly<Record<string, ['requests' | 'limits', string]>> = {
	cpu: ['requests', 'cpu'],
	memory: ['requests', 'memory'],
	'requests.cpu': ['requests', 'cpu'],
	'requests.memory': ['requests', 'memory'],
	'limits.cpu': ['limits', 'cpu'],
	'limits.memory': ['limits', 'memory']
};

/**
 * pods.go Constraints: a quota on a compute resource needs every container to state it
 * (`must specify limits.cpu for: nginx; requests.cpu for: nginx`).
 */
function missingCompute(q: Quota, pod: Pod): string | undefined {
	const containers = [...list(pod.spec?.initContainers), ...list(pod.spec?.containers)].map(obj);
	const missing: string[] = [];
	for (const resource of Object.keys(q.hard).sort()) {
		const need = COMPUTE_REQUIRED[resource];
		if (need === undefined) continue;
		const [kind, name] = need;
		const lacking = containers
			.filter((c) => {
				const r = obj(c['resources']);
				const stated =
					obj(r[kind])[name] ?? (kind === 'requests' ? obj(r['limits'])[name] : undefined);
				return stated === undefined;
			})
			.map((c) => String(c['name']));
		if (lacking.length > 0) missing.push(`${resource} for: ${lacking.join(',')}`);
	}
	return missing.length > 0 ? `must specify ${missing.join('; ')}` : undefined;
}

const pretty = (
	q: Quota,
	values: Readonly<Record<string, bigint>>,
	keys: readonly string[]
): string =>
	keys.map((k) => `${k}=${formatQuantity(values[k] ?? 0n, q.formats[k] ?? 'DecimalSI')}`).join(',');

/**
 * The ResourceQuota plugin's decision on a pod create: the reason it is forbidden (the text after
 * `pods "x" is forbidden: `), or undefined. Quotas are checked in name order.
 */
export function admitPodAgainstQuotas(
	quotas: readonly Quota[],
	pod: Pod,
	ns: NamespaceObjects
): string | undefined {
	for (const q of [...quotas].sort((a, b) => (a.name < b.name ? -1 : 1))) {
		if (!quotaCoversPod(q, pod)) continue;
		const missing = missingCompute(q, pod);
		if (missing !== undefined) return `failed quota: ${q.name}: ${missing}`;
		const used = quotaUsed(q, ns);
		const requested: Record<string, bigint> = {};
		const exceeded: string[] = [];
		for (const resource of Object.keys(q.hard).sort()) {
			if (COUNTED_KINDS[resource] !== undefined) continue;
			const delta = podUsage(pod, resource);
			if (delta === 0n) continue;
			requested[resource] = delta;
			if ((used[resource] ?? 0n) + delta > (q.hard[resource] ?? 0n)) exceeded.push(resource);
		}
		if (exceeded.length > 0)
			return `exceeded quota: ${q.name}, requested: ${pretty(q, requested, exceeded)}, used: ${pretty(q, used, exceeded)}, limited: ${pretty(q, q.hard, exceeded)}`;
	}
	return undefined;
}
