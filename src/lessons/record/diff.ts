/**
 * Two reads of the API server, before and after a command, turned into the `resource` conditions
 * a step's check could hold: an object created (its kind, name and a field or two), deleted
 * (`exists: false`), or changed (the labels, annotations and spec fields that now differ). Only
 * what the command changed is proposed, so each condition fails before it and passes after.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { Condition, FieldMatcher, ResourcePredicate } from '../types.ts';

export interface SnapshotEntry {
	/** Lower-case singular, as `kubectl get` accepts it: `namespace`, `authorizationpolicy`. */
	readonly kind: string;
	readonly plural: string;
	readonly namespaced: boolean;
	readonly object: KubeObject;
}

/** Every object the API server holds, by `plural/namespace/name`. */
export type Snapshot = ReadonlyMap<string, SnapshotEntry>;

export function takeSnapshot(api: ApiServer): Snapshot {
	const out = new Map<string, SnapshotEntry>();
	for (const type of api.resources()) {
		const list = api.list(type);
		if (!Array.isArray(list)) continue;
		for (const object of list) {
			const key = `${type.plural}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
			// structuredClone: the store may update objects in place after this read.
			out.set(key, {
				kind: type.singular,
				plural: type.plural,
				namespaced: type.namespaced,
				object: structuredClone(object)
			});
		}
	}
	return out;
}

/** Kinds controllers create and change as a side effect: proposed only when the command names them. */
const SIDE_EFFECTS = new Set([
	'pods',
	'replicasets',
	'endpoints',
	'endpointslices',
	'events',
	'leases',
	'controllerrevisions',
	'secrets',
	'configmaps',
	'serviceaccounts',
	'customresourcedefinitions',
	'roles',
	'rolebindings',
	'clusterroles',
	'clusterrolebindings',
	'mutatingwebhookconfigurations',
	'validatingwebhookconfigurations',
	'nodes'
]);

const WORKLOADS = new Set(['deployments', 'daemonsets', 'statefulsets']);

/** Fields a workload (deployment, daemonset) carries with defaults: they say nothing about what the author did. */
const BOILERPLATE =
	/^spec\.(selector|template|\w*[sS]trategy|revisionHistoryLimit|progressDeadlineSeconds|minReadySeconds)(\.|$)/;

/** Annotations the tools write on their own. */
const TOOL_ANNOTATIONS = new Set([
	'kubectl.kubernetes.io/last-applied-configuration',
	'deployment.kubernetes.io/revision'
]);

/** At most this many objects per step, and matchers per object: a proposal, not an inventory. */
const MAX_OBJECTS = 2;
const MAX_MATCHERS = 3;

type Change =
	| { readonly type: 'created'; readonly entry: SnapshotEntry }
	| { readonly type: 'deleted'; readonly entry: SnapshotEntry }
	| {
			readonly type: 'changed';
			readonly entry: SnapshotEntry;
			readonly labels: Record<string, FieldMatcher>;
			readonly fields: Record<string, FieldMatcher>;
	  };

const isScalar = (v: unknown): v is string | number | boolean =>
	typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** `a.b/c` as a field path segment: dots in keys are escaped (resource.ts `fieldAt`). */
const segment = (key: string): string => key.replace(/\./g, '\\.');

/** Scalar leaves under `value`, depth first; lists are skipped (checks never use indexes). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
	if (isScalar(value)) out.set(path, value);
	else if (value && typeof value === 'object' && !Array.isArray(value))
		for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${segment(k)}`, out);
	return out;
}

/** What a check can say about an object's content: spec (or data) and metadata it carries. */
function content(o: KubeObject): Map<string, unknown> {
	const out = new Map<string, unknown>();
	for (const top of ['spec', 'data'] as const) leaves(o[top], top, out);
	for (const [k, v] of Object.entries(o.metadata.annotations ?? {}))
		if (!TOOL_ANNOTATIONS.has(k)) out.set(`metadata.annotations.${segment(k)}`, v);
	return out;
}

function changed(before: SnapshotEntry, after: SnapshotEntry): Change | undefined {
	const labels: Record<string, FieldMatcher> = {};
	const was = before.object.metadata.labels ?? {};
	const now = after.object.metadata.labels ?? {};
	for (const [k, v] of Object.entries(now)) if (was[k] !== v) labels[k] = v;
	for (const k of Object.keys(was)) if (!(k in now)) labels[k] = { exists: false };
	const fields: Record<string, FieldMatcher> = {};
	const a = content(before.object);
	const b = content(after.object);
	for (const [path, v] of b) if (a.get(path) !== v) fields[path] = v as string | number | boolean;
	for (const path of a.keys()) if (!b.has(path)) fields[path] = { exists: false };
	if (Object.keys(labels).length + Object.keys(fields).length === 0) return undefined;
	return { type: 'changed', entry: after, labels, fields };
}

export function diffSnapshots(before: Snapshot, after: Snapshot): Change[] {
	const out: Change[] = [];
	for (const [key, entry] of after) {
		const old = before.get(key);
		if (!old) out.push({ type: 'created', entry });
		else {
			const c = changed(old, entry);
			if (c) out.push(c);
		}
	}
	for (const [key, entry] of before) if (!after.has(key)) out.push({ type: 'deleted', entry });
	return out;
}

/** Whether `text` (the command line, a heredoc included) names the object. */
function named(entry: SnapshotEntry, text: string): boolean {
	const name = entry.object.metadata.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^\\w.-])${name}($|[^\\w.-])`).test(text);
}

/**
 * Lower is more worth checking: what the command names, then workloads it made itself (istioctl
 * install's deployments), then the rest; then what a controller made for it (an owner reference:
 * a waypoint's deployment belongs to its Gateway); side effects only when named (`kubectl label
 * pod curl-…`). A name may be a word of the command too (`istioctl waypoint apply`), hence the order.
 */
function rank(change: Change, text: string): number {
	const isNamed = named(change.entry, text);
	if (SIDE_EFFECTS.has(change.entry.plural)) return isNamed ? 4 : Infinity;
	if ((change.entry.object.metadata.ownerReferences ?? []).length > 0) return 3;
	if (isNamed) return 0;
	return WORKLOADS.has(change.entry.plural) ? 1 : 2;
}

function where(e: SnapshotEntry): string {
	const ns = e.object.metadata.namespace;
	return e.namespaced && ns ? ` in ${ns}` : '';
}

function target(e: SnapshotEntry): ResourcePredicate {
	const ns = e.object.metadata.namespace;
	return {
		kind: e.kind,
		name: e.object.metadata.name,
		...(e.namespaced && ns ? { namespace: ns } : {})
	};
}

const take = <T>(record: Record<string, T>, n: number): Record<string, T> =>
	Object.fromEntries(Object.entries(record).slice(0, n));

const say = (m: FieldMatcher): string =>
	typeof m === 'object' ? ('exists' in m && !m.exists ? ' removed' : '') : `=${String(m)}`;

function condition(change: Change): Condition {
	const e = change.entry;
	const what = `${e.kind} ${e.object.metadata.name}${where(e)}`;
	if (change.type === 'deleted')
		return { name: `${what} is gone`, resource: { ...target(e), exists: false } };
	if (change.type === 'created') {
		const fields = take(
			Object.fromEntries(
				[...content(e.object)].filter(
					(entry): entry is [string, string | number | boolean] =>
						!entry[0].startsWith('metadata.') &&
						!(WORKLOADS.has(e.plural) && BOILERPLATE.test(entry[0])) &&
						isScalar(entry[1]) &&
						String(entry[1]).length <= 80
				)
			),
			2
		);
		return {
			name: `${what} exists`,
			resource: { ...target(e), ...(Object.keys(fields).length > 0 ? { fields } : {}) }
		};
	}
	const labels = take(change.labels, MAX_MATCHERS);
	const fields = take(change.fields, MAX_MATCHERS - Object.keys(labels).length);
	const parts = [
		...Object.entries(labels).map(([k, m]) => `${k}${say(m)}`),
		...Object.entries(fields).map(
			([k, m]) =>
				`${k.replace(/^metadata\.annotations\./, 'annotation ').replace(/\\\./g, '.')}${say(m)}`
		)
	];
	return {
		name: `${what} has ${parts.join(', ')}`,
		resource: {
			...target(e),
			...(Object.keys(labels).length > 0 ? { labels } : {}),
			...(Object.keys(fields).length > 0 ? { fields } : {})
		}
	};
}

/** The `resource` conditions worth proposing for what a command (`text`) changed. */
export function proposeResourceChecks(
	before: Snapshot,
	after: Snapshot,
	text: string
): Condition[] {
	return diffSnapshots(before, after)
		.map((change, order) => ({ change, order, rank: rank(change, text) }))
		.filter((c) => c.rank !== Infinity)
		.sort((a, b) => a.rank - b.rank || a.order - b.order)
		.slice(0, MAX_OBJECTS)
		.map((c) => condition(c.change));
}
