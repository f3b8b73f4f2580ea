/**
 * `?runtime=inprocess` picks the runtime the page boots: the worker runtime by default, the
 * in-process one for step mode. Pure, so Node tests cover it.
 */
import type { RuntimeKind } from '../../mesh/runtime/runtime.ts';

export const RUNTIME_PARAM = 'runtime';

/** The runtime a query string asks for; anything unknown boots the default, workers. */
export function runtimeFromSearch(search: string): RuntimeKind {
	const value = new URLSearchParams(search).get(RUNTIME_PARAM)?.toLowerCase();
	return value === 'inprocess' || value === 'in-process' ? 'inprocess' : 'workers';
}

/** `search` asking for `kind`; the default drops the parameter so plain URLs stay plain. */
export function searchWithRuntime(search: string, kind: RuntimeKind): string {
	const params = new URLSearchParams(search);
	if (kind === 'workers') params.delete(RUNTIME_PARAM);
	else params.set(RUNTIME_PARAM, kind);
	const s = params.toString();
	return s ? `?${s}` : '';
}
