/**
 * Client-side `kubectl apply`: a three-way JSON merge of the new manifest, the live object and
 * the last manifest applied (kept, as kubectl keeps it, in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation). Lists are replaced whole, which
 * is what JSON merge patch does (strategic merge by key is a refinement we do not need yet).
 */
import { clone, isPlainObject, stableStringify } from './deep.ts';
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

function mergeInto(live: Obj, manifest: Obj, last: Obj | undefined): Obj {
	const out: Obj = { ...live };
	for (const [k, v] of Object.entries(manifest)) {
		if (v === undefined) continue;
		const cur = out[k];
		if (v === null) delete out[k];
		else if (isPlainObject(v) && isPlainObject(cur)) {
			const prev = last?.[k];
			out[k] = mergeInto(cur, v, isPlainObject(prev) ? prev : undefined);
		} else out[k] = clone(v);
	}
	// Fields the last apply set and this manifest dropped are deleted.
	if (last) for (const k of Object.keys(last)) if (!(k in manifest)) delete out[k];
	return out;
}

/** The object to store when `manifest` is applied over `live`. */
export function mergeApplied(live: KubeObject, manifest: KubeObject): KubeObject {
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
	const merged = mergeInto(live as Obj, incoming, last) as KubeObject;
	merged.metadata = { ...merged.metadata, annotations: { ...(merged.metadata.annotations ?? {}) } };
	(merged.metadata.annotations as Record<string, string>)[LAST_APPLIED] = lastAppliedText(manifest);
	for (const k of SERVER_METADATA) {
		if (live.metadata[k] !== undefined) merged.metadata[k] = live.metadata[k];
	}
	return merged;
}
