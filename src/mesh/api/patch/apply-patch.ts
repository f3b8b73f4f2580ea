/**
 * The API server's PATCH: one of the three patch types kubectl sends, applied to the live
 * object. Strategic merge patch needs a built-in kind's Go types: for a custom resource the
 * server answers 415 (UnsupportedMediaType), and kubectl wraps that with the kind.
 */
import type { ResourceType } from '../api-server.ts';
import { apiVersionOf, BUILTIN_RESOURCES, resourceKey } from '../builtin-resources.ts';
import { JsonPatchError, jsonPatch } from './json-patch.ts';
import { mergePatch } from './merge-patch.ts';
import { StrategicPatchError, strategicMergePatch } from './strategic-merge-patch.ts';

export type PatchType = 'json' | 'merge' | 'strategic';

export const PATCH_TYPES: readonly PatchType[] = ['json', 'merge', 'strategic'];

const MEDIA_TYPES: Record<PatchType, string> = {
	json: 'application/json-patch+json',
	merge: 'application/merge-patch+json',
	strategic: 'application/strategic-merge-patch+json'
};

/** The patched object, or why the server refuses the patch, worded as kubectl prints it. */
export type PatchResult = { readonly object: unknown } | { readonly error: string };

/** Built-in kinds take strategic merge; custom resources do not (no Go types). */
export const isBuiltin = (type: ResourceType): boolean =>
	BUILTIN_RESOURCES.some((t) => resourceKey(t) === resourceKey(type));

/** apimachinery's `GroupVersionKind.String()`: `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvk(type: ResourceType): string {
	const apiVersion = apiVersionOf(type);
	return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${type.kind}`;
}

/** The object `live` becomes under `patch` of `patchType`, or why the server refuses it. */
export function applyPatch(
	type: ResourceType,
	live: unknown,
	patchType: PatchType,
	patch: unknown
): PatchResult {
	try {
		if (patchType === 'merge') return { object: mergePatch(live, patch) };
		if (patchType === 'json') return { object: jsonPatch(live, patch) };
		if (!isBuiltin(type))
			return {
				error: `error: ${MEDIA_TYPES.strategic} is not supported by ${gvk(type)}: the body of the request was in an unknown format - accepted media types include: ${MEDIA_TYPES.json}, ${MEDIA_TYPES.merge}, application/apply-patch+yaml`
			};
		return { object: strategicMergePatch(live, patch, type.kind) };
	} catch (e) {
		if (e instanceof JsonPatchError) return { error: `The request is invalid: ${e.message}` };
		if (e instanceof StrategicPatchError) return { error: `Error from server: ${e.message}` };
		throw e;
	}
}
