/**
 * The patch `kubectl edit` sends: the difference between the object it showed and the one the
 * user saved. Built-in kinds get apimachinery strategicpatch `CreateTwoWayMergePatch` (lists with
 * a `patchMergeKey` diffed element by element, each changed element carrying its key, deleted
 * ones as `$patch: delete`, and a `$setElementOrder/<list>` directive); custom resources, which
 * have no Go types, get jsonpatch `CreateMergePatch` (lists replaced whole). Removed fields are
 * `null` in both.
 */
import { clone, deepEqual, isPlainObject } from '../deep.ts';
import { mergeKeyFor } from './strategic-merge-patch.ts';

type Obj = Record<string, unknown>;

function diffMaps(original: Obj, modified: Obj, path: string, kind: string | undefined): Obj {
	const patch: Obj = {};
	for (const [k, v] of Object.entries(modified)) {
		const at = path ? `${path}.${k}` : k;
		const before = original[k];
		if (!(k in original)) patch[k] = clone(v);
		else if (isPlainObject(v) && isPlainObject(before)) {
			const sub = diffMaps(before, v, at, kind);
			if (Object.keys(sub).length > 0) patch[k] = sub;
		} else if (Array.isArray(v) && Array.isArray(before) && kind !== undefined) {
			const key = mergeKeyFor(at, kind);
			if (key && [...v, ...before].every(isPlainObject)) {
				const list = diffKeyedList(before as Obj[], v as Obj[], key, at, kind);
				if (list.length > 0) {
					patch[`$setElementOrder/${k}`] = (v as Obj[]).map((e) => ({ [key]: e[key] }));
					patch[k] = list;
				}
			} else if (!deepEqual(v, before)) patch[k] = clone(v);
		} else if (!deepEqual(v, before)) patch[k] = clone(v);
	}
	for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null;
	return patch;
}

function diffKeyedList(
	original: Obj[],
	modified: Obj[],
	key: string,
	path: string,
	kind: string
): Obj[] {
	const find = (list: Obj[], value: unknown): Obj | undefined =>
		list.find((e) => deepEqual(e[key], value));
	const out: Obj[] = [];
	for (const item of modified) {
		const before = find(original, item[key]);
		if (!before) out.push(clone(item));
		else {
			const sub = diffMaps(before, item, path, kind);
			if (Object.keys(sub).length > 0) out.push({ ...sub, [key]: item[key] });
		}
	}
	for (const item of original)
		if (!find(modified, item[key])) out.push({ $patch: 'delete', [key]: item[key] });
	return out;
}

/**
 * The patch from `original` to `modified`: strategic when `kind` names a built-in kind's Go type,
 * a JSON merge patch when it is undefined (custom resources).
 */
export function createTwoWayPatch(original: Obj, modified: Obj, kind: string | undefined): Obj {
	return diffMaps(original, modified, '', kind);
}
