/**
 * JSON patch (RFC 6902), as the API server applies `application/json-patch+json` with
 * evanphx/json-patch: add, remove, replace, move, copy, test on JSON pointers. Errors carry that
 * library's words, which kubectl shows the user.
 */
import { clone, deepEqual, isPlainObject } from '../deep.ts';

type Json = unknown;

export class JsonPatchError extends Error {}

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function parsePointer(path: string): string[] {
	if (path === '') return [];
	if (!path.startsWith('/')) throw new JsonPatchError(`Unable to parse path "${path}"`);
	return path
		.slice(1)
		.split('/')
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: Json, parts: readonly string[], op: string, path: string): Json {
	let cur = doc;
	for (const part of parts) {
		const next = Array.isArray(cur)
			? cur[Number(part)]
			: isPlainObject(cur)
				? cur[part]
				: undefined;
		if (next === undefined)
			throw new JsonPatchError(
				`${op} operation does not apply: doc is missing path: "${path}": missing value`
			);
		cur = next;
	}
	return cur;
}

function get(doc: Json, path: string, op: string): Json {
	const parts = parsePointer(path);
	const parent = container(doc, parts.slice(0, -1), op, path);
	const key = parts[parts.length - 1];
	if (key === undefined) return doc;
	const value = Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, Json>)[key];
	if (value === undefined)
		throw new JsonPatchError(
			`${op} operation does not apply: doc is missing key: ${path}: missing value`
		);
	return value;
}

function index(arr: Json[], key: string, allowEnd: boolean): number {
	if (key === '-' && allowEnd) return arr.length;
	const i = Number(key);
	if (!/^\d+$/.test(key) || i > arr.length - (allowEnd ? 0 : 1))
		throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced`);
	return i;
}

function add(doc: Json, path: string, value: Json): Json {
	const parts = parsePointer(path);
	const key = parts[parts.length - 1];
	if (key === undefined) return value;
	const parent = container(doc, parts.slice(0, -1), 'add', path);
	if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
	else if (isPlainObject(parent)) parent[key] = value;
	else
		throw new JsonPatchError(
			`add operation does not apply: doc is missing path: "${path}": missing value`
		);
	return doc;
}

function remove(doc: Json, path: string, op = 'remove'): Json {
	const parts = parsePointer(path);
	const key = parts[parts.length - 1];
	if (key === undefined) throw new JsonPatchError('Unable to remove the document root');
	const parent = container(doc, parts.slice(0, -1), op, path);
	if (Array.isArray(parent)) parent.splice(index(parent, key, false), 1);
	else if (isPlainObject(parent) && key in parent) delete parent[key];
	else throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
	return doc;
}

/** Applies `ops` to a copy of `doc`; throws JsonPatchError with the library's wording. */
export function jsonPatch(doc: Json, ops: unknown): Json {
	if (!Array.isArray(ops))
		throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
	let out = clone(doc);
	for (const raw of ops) {
		if (!isPlainObject(raw)) throw new JsonPatchError('Unexpected kind: <nil>');
		const op = String(raw['op'] ?? '');
		const path = typeof raw['path'] === 'string' ? raw['path'] : '';
		if (typeof raw['path'] !== 'string')
			throw new JsonPatchError(`${op || 'operation'} operation missing path`);
		switch (op) {
			case 'add':
				out = add(out, path, clone(raw['value']));
				break;
			case 'remove':
				out = remove(out, path);
				break;
			case 'replace':
				get(out, path, 'replace');
				out = add(remove(out, path, 'replace'), path, clone(raw['value']));
				break;
			case 'move':
			case 'copy': {
				const from = typeof raw['from'] === 'string' ? raw['from'] : '';
				const value = clone(get(out, from, op));
				if (op === 'move') out = remove(out, from, op);
				out = add(out, path, value);
				break;
			}
			case 'test':
				if (!deepEqual(get(out, path, 'test'), raw['value']))
					throw new JsonPatchError(`testing value ${path} failed: test failed`);
				break;
			default:
				throw new JsonPatchError(`Unexpected kind: ${op || '<nil>'}`);
		}
	}
	return out;
}
