/**
 * Client-side `kubectl apply`: kubectl's three-way merge of the new manifest, the live object and
 * the last manifest applied (kept, as kubectl keeps it, in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation) — apimachinery strategicpatch
 * `CreateThreeWayMergePatch` then the server's strategic merge, folded into one pass. What the
 * manifest sets wins; what it dropped is deleted only if the last apply had it; lists with a
 * `patchMergeKey` (containers by name, ports by containerPort, env by name …) merge element by
 * element, so what another client added survives. Custom resources have no Go types: kubectl
 * sends them a JSON merge patch (`CreateThreeWayJSONMergePatch`), where lists are replaced whole.
 */
import { clone, isPlainObject, stableStringify } from './deep.ts';
import { mergeKeyFor, SET_LISTS } from './patch/strategic-merge-patch.ts';
import type { KubeObject } from './objects.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** Fields the user never owns: the server keeps its own values for these. */
const SERVER_METADATA = [
	'uid',
	'resourceVersion',
	'generation',
	'creationTimestamp',
	'deletionTimestamp',
	'managedFields'
];

/** The annotation text kubectl stores: the manifest as compact JSON, without the annotation itself. */
export function lastAppliedText(manifest: KubeObject): string {
	const m = clone(manifest) as Obj & KubeObject;
	const ann = m.metadata.annotations;
	if (ann) {
		delete ann[LAST_APPLIED];
		if (Object.keys(ann).length === 0) delete m.metadata.annotations;
	}
	for (const k of SERVER_METADATA) delete m.metadata[k];
	delete m.status;
	return `${stableStringify(m)}\n`;
}

/** How lists merge: by a built-in kind's patchMergeKeys, or (custom resources) not at all. */
interface Merging {
	readonly strategic: boolean;
	readonly kind: string;
}

const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

/** A merge-keyed list: elements matched by `key` merge; those only the last apply had go. */
function mergeKeyedList(
	live: unknown[],
	manifest: unknown[],
	last: unknown[] | undefined,
	key: string,
	path: string,
	m: Merging
): unknown[] {
	const keyOf = (e: unknown): unknown => (isPlainObject(e) ? e[key] : undefined);
	const find = (list: readonly unknown[] | undefined, k: unknown): unknown =>
		list?.find((e) => keyOf(e) !== undefined && same(keyOf(e), k));
	const out: unknown[] = [];
	// The manifest's elements first, in its order ($setElementOrder), each merged with live's.
	for (const item of manifest) {
		const k = keyOf(item);
		const cur = k === undefined ? undefined : find(live, k);
		const prev = k === undefined ? undefined : find(last, k);
		out.push(
			isPlainObject(item) && isPlainObject(cur)
				? threeWay(cur, item, isPlainObject(prev) ? prev : undefined, path, m)
				: clone(item)
		);
	}
	// Then what only the server (or another client) has, unless the last apply owned it.
	for (const e of live) {
		const k = keyOf(e);
		if (k !== undefined && find(manifest, k) !== undefined) continue;
		if (k !== undefined && find(last, k) !== undefined) continue;
		out.push(clone(e));
	}
	return out;
}

/** A merge list of scalars (finalizers): a set; what only the last apply had goes. */
function mergeSet(live: unknown[], manifest: unknown[], last: unknown[] | undefined): unknown[] {
	const out = [...manifest];
	for (const x of live)
		if (!out.some((y) => same(x, y)) && !(last ?? []).some((y) => same(x, y))) out.push(x);
	return out;
}

function threeWay(live: Obj, manifest: Obj, last: Obj | undefined, path: string, m: Merging): Obj {
	const out: Obj = { ...live };
	for (const [k, v] of Object.entries(manifest)) {
		if (v === undefined) continue;
		const at = path ? `${path}.${k}` : k;
		const cur = out[k];
		const prev = last?.[k];
		if (v === null) delete out[k];
		else if (isPlainObject(v) && isPlainObject(cur))
			out[k] = threeWay(cur, v, isPlainObject(prev) ? prev : undefined, at, m);
		else if (Array.isArray(v) && Array.isArray(cur) && m.strategic) {
			const key = mergeKeyFor(at, m.kind);
			const before = Array.isArray(prev) ? prev : undefined;
			if (key) out[k] = mergeKeyedList(cur, v, before, key, at, m);
			else if (SET_LISTS.test(at)) out[k] = mergeSet(cur, v, before);
			else out[k] = clone(v);
		} else out[k] = clone(v);
	}
	// Fields the last apply set and this manifest dropped are deleted.
	if (last) for (const k of Object.keys(last)) if (!(k in manifest)) delete out[k];
	return out;
}

/** The object to store when `manifest` is applied over `live`. */
export function mergeApplied(
	live: KubeObject,
	manifest: KubeObject,
	strategic: boolean
): KubeObject {
	const lastRaw = live.metadata.annotations?.[LAST_APPLIED];
	let last: Obj | undefined;
	if (lastRaw) {
		try {
			const parsed: unknown = JSON.parse(lastRaw);
			if (isPlainObject(parsed)) last = parsed;
		} catch {
			last = undefined;
		}
	}
	const incoming = clone(manifest) as Obj & KubeObject;
	delete incoming.status;
	for (const k of SERVER_METADATA) delete incoming.metadata[k];
	if (last && isPlainObject(last.metadata)) {
		// The annotation itself is managed here, never deleted by the three-way rule.
		const lm = last.metadata as Obj;
		if (isPlainObject(lm.annotations)) delete lm.annotations[LAST_APPLIED];
	}
	const merged = threeWay(live as Obj, incoming, last, '', {
		strategic,
		kind: manifest.kind
	}) as KubeObject;
	merged.metadata = { ...merged.metadata, annotations: { ...(merged.metadata.annotations ?? {}) } };
	(merged.metadata.annotations as Record<string, string>)[LAST_APPLIED] = lastAppliedText(manifest);
	for (const k of SERVER_METADATA) {
		if (live.metadata[k] !== undefined) merged.metadata[k] = live.metadata[k];
	}
	return merged;
}
