/**
 * JSON merge patch (RFC 7386), as the API server applies `application/merge-patch+json`: objects
 * merge key by key, `null` removes a key, anything else (lists included) replaces.
 */
import { clone, isPlainObject } from '../deep.ts';

export function mergePatch(target: unknown, patch: unknown): unknown {
	if (!isPlainObject(patch)) return clone(patch);
	const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete out[key];
		else out[key] = mergePatch(out[key], value);
	}
	return out;
}
