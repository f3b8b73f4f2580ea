/**
 * `apply` on the server: create when absent, else merge the manifest into the live object the
 * way client-side apply (three-way, `apply.ts`) or server-side apply does, then replace it.
 */
import type { ApplyOutcome } from './api-server.ts';
import { LAST_APPLIED, lastAppliedText, mergeApplied } from './apply.ts';
import { pruneUnknownFields, checkUnknownFields, type WriteOptions } from './custom-resources.ts';
import { clone } from './deep.ts';
import { isApiError, type ApiError } from './errors.ts';
import type { KubeObject } from './objects.ts';
import { isBuiltin } from './patch/apply-patch.ts';
import { createObject, prepare, replaceObject, schemaFor, type WriteContext } from './write.ts';

export function applyObject(
	ctx: WriteContext,
	object: KubeObject,
	opts?: { serverSide?: boolean } & WriteOptions
): { outcome: ApplyOutcome; object: KubeObject } | ApiError {
	const prepared = prepare(ctx, object);
	if (isApiError(prepared)) return prepared;
	const { type, obj } = prepared;
	const schema = schemaFor(ctx, type, obj.apiVersion);
	const strict = checkUnknownFields(type, obj, schema, opts);
	if (strict) return strict;
	// The last-applied annotation records the manifest as sent; the stored object drops what
	// the server does not know.
	const decoding: WriteOptions = opts?.fieldValidation ? { fieldValidation: 'Ignore' } : {};
	const live = ctx.storage.live(type, obj.metadata.namespace, obj.metadata.name ?? '');
	if (!live) {
		if (!opts?.serverSide) {
			obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}) };
			obj.metadata.annotations[LAST_APPLIED] = lastAppliedText(obj);
		}
		const created = createObject(ctx, obj, decoding);
		return isApiError(created) ? created : { outcome: 'created', object: created };
	}
	const strategic = isBuiltin(type);
	const merged = opts?.serverSide
		? serverSideMerge(live, obj, strategic)
		: mergeApplied(live, obj, strategic);
	if (decoding.fieldValidation) pruneUnknownFields(type, merged, schema);
	const written = replaceObject(ctx, type, merged, live);
	if (isApiError(written)) return written;
	const changed = written.metadata.resourceVersion !== live.metadata.resourceVersion;
	return { outcome: changed ? 'configured' : 'unchanged', object: written };
}

/** Server-side apply leaves client-side apply's annotation as it was: it neither writes nor drops it. */
function serverSideMerge(live: KubeObject, obj: KubeObject, strategic: boolean): KubeObject {
	const withoutLast = clone(live);
	delete withoutLast.metadata.annotations?.[LAST_APPLIED];
	const merged = mergeApplied(withoutLast, obj, strategic);
	if (live.metadata.annotations?.[LAST_APPLIED] !== undefined)
		(merged.metadata.annotations ??= {})[LAST_APPLIED] = live.metadata.annotations[LAST_APPLIED];
	else delete merged.metadata.annotations?.[LAST_APPLIED];
	return merged;
}
