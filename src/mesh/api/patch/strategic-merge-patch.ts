/**
 * Strategic merge patch, as the API server applies `application/strategic-merge-patch+json` to
 * built-in kinds (apimachinery `strategicpatch`): like a JSON merge patch, except lists the Go
 * types tag with a `patchMergeKey` merge element by element (containers by name, ports by
 * containerPort, env by name …), `finalizers` merge as a set, and `$patch: replace|delete`
 * directives replace a map or list, or delete an element. Custom resources have no Go types, so
 * the server refuses it for them (`isStrategicPatchable`).
 */
import { clone, isPlainObject } from '../deep.ts';

export class StrategicPatchError extends Error {}

type Obj = Record<string, unknown>;

/**
 * `patchMergeKey` of the list fields of the built-in kinds the playground serves, by the field's
 * path from the object root (`*` is any depth of pod-template nesting).
 */
const MERGE_KEYS: readonly [RegExp, string][] = [
	[/(^|\.)(containers|initContainers|ephemeralContainers)$/, 'name'],
	[/(^|\.)(containers|initContainers|ephemeralContainers)\.ports$/, 'containerPort'],
	[/(^|\.)(containers|initContainers|ephemeralContainers)\.env$/, 'name'],
	[/(^|\.)(containers|initContainers|ephemeralContainers)\.volumeMounts$/, 'mountPath'],
	[/(^|\.)(containers|initContainers|ephemeralContainers)\.volumeDevices$/, 'devicePath'],
	[/(^|\.)volumes$/, 'name'],
	[/(^|\.)imagePullSecrets$/, 'name'],
	[/(^|\.)hostAliases$/, 'ip'],
	[/(^|\.)topologySpreadConstraints$/, 'topologyKey'],
	[/^metadata\.ownerReferences$/, 'uid'],
	[/^status\.conditions$/, 'type'],
	[/^spec\.ports$/, 'port']
];

/** Lists of scalars merged as sets (`patchStrategy:"merge"` on a []string). */
export const SET_LISTS = /^metadata\.finalizers$/;

export function mergeKeyFor(path: string, kind: string): string | undefined {
	// A Service's spec.ports merge by port; a pod's containers' ports by containerPort.
	if (path === 'spec.ports' && kind !== 'Service') return undefined;
	return MERGE_KEYS.find(([re]) => re.test(path))?.[1];
}

/** Go's `%v` of a map: `map[image:nginx name:x]`, keys sorted. */
function goMap(o: Obj): string {
	const inner = Object.keys(o)
		.sort()
		.map((k) => `${k}:${isPlainObject(o[k]) ? goMap(o[k] as Obj) : String(o[k])}`);
	return `map[${inner.join(' ')}]`;
}

function stripDirectives(v: unknown): unknown {
	if (Array.isArray(v))
		return v.filter((e) => !(isPlainObject(e) && '$patch' in e)).map(stripDirectives);
	if (!isPlainObject(v)) return v;
	const out: Obj = {};
	for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
	return out;
}

function mergeList(
	live: unknown[],
	patch: unknown[],
	key: string,
	path: string,
	kind: string
): unknown[] {
	if (patch.some((e) => isPlainObject(e) && e['$patch'] === 'replace'))
		return stripDirectives(patch) as unknown[];
	const out = live.map((e) => clone(e));
	for (const item of patch) {
		if (!isPlainObject(item))
			throw new StrategicPatchError(`unable to find api field in struct for the list at ${path}`);
		if (!(key in item))
			throw new StrategicPatchError(
				`map: ${goMap(item)} does not contain declared merge key: ${key}`
			);
		const at = out.findIndex((e) => isPlainObject(e) && e[key] === item[key]);
		if (item['$patch'] === 'delete') {
			if (at >= 0) out.splice(at, 1);
		} else if (at >= 0) out[at] = merge(out[at], item, path, kind);
		else out.push(stripDirectives(item));
	}
	return out;
}

function merge(live: unknown, patch: unknown, path: string, kind: string): unknown {
	if (!isPlainObject(patch)) return clone(patch);
	if (patch['$patch'] === 'replace') return stripDirectives(patch);
	const out: Obj = isPlainObject(live) ? { ...live } : {};
	for (const [k, v] of Object.entries(patch)) {
		if (k.startsWith('$')) continue;
		const at = path ? `${path}.${k}` : k;
		if (v === null) delete out[k];
		else if (Array.isArray(v)) {
			const key = mergeKeyFor(at, kind);
			const current = out[k];
			if (key && Array.isArray(current)) out[k] = mergeList(current, v, key, at, kind);
			else if (SET_LISTS.test(at) && Array.isArray(current))
				out[k] = [...current, ...v.filter((x) => !current.includes(x))];
			else out[k] = stripDirectives(v);
		} else if (isPlainObject(v)) out[k] = merge(out[k], v, at, kind);
		else out[k] = v;
	}
	return out;
}

/** Applies a strategic merge patch to a copy of a built-in object of `kind`. */
export function strategicMergePatch(live: unknown, patch: unknown, kind: string): unknown {
	if (!isPlainObject(patch))
		throw new StrategicPatchError(
			'json: cannot unmarshal array into Go value of type map[string]interface {}'
		);
	return merge(live, patch, '', kind);
}
