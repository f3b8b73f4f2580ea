/**
 * The API server's list path: label and field selectors over one resource's stored objects,
 * starting from the smallest index list that can hold every match.
 */
import type { ListOptions, ResourceType } from './api-server.ts';
import { apiVersionOf } from './builtin-resources.ts';
import type { ApiError } from './errors.ts';
import { fieldsMatch, parseFieldSelector } from './field-selectors.ts';
import { LABEL_INDEX, NAMESPACE_INDEX } from './indexer.ts';
import type { KubeObject } from './objects.ts';
import { matchesAll, parseLabelSelector } from './selectors.ts';
import { badRequest } from './status-errors.ts';
import type { Storage } from './storage.ts';

/** The stored objects themselves, in list order: for readers that never mutate. */
export function peekObjects(
	storage: Storage,
	type: ResourceType,
	opts: ListOptions = {}
): readonly KubeObject[] | ApiError {
	let labelReqs: ReturnType<typeof parseLabelSelector> = [];
	if (opts.labelSelector !== undefined && opts.labelSelector.trim() !== '') {
		labelReqs = parseLabelSelector(opts.labelSelector);
		if (!Array.isArray(labelReqs)) return badRequest(labelReqs.error);
	}
	const fieldReqs = parseFieldSelector(opts.fieldSelector ?? '', type);
	if (!Array.isArray(fieldReqs)) {
		const gvr = `${apiVersionOf(type).includes('/') ? apiVersionOf(type) : `/${type.version}`}, Resource=${type.plural}`;
		return badRequest(
			`Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(opts.labelSelector ?? '')}, field selector ${JSON.stringify(opts.fieldSelector ?? '')}: ${fieldReqs.error}`
		);
	}
	const b = storage.bucket(type);
	const byNamespace = type.namespaced && opts.namespace !== undefined;
	if (!byNamespace && labelReqs.length === 0 && fieldReqs.length === 0) return b.list().slice();
	let candidates = byNamespace ? b.byIndex(NAMESPACE_INDEX, opts.namespace as string) : b.list();
	for (const r of labelReqs) {
		if (!(r.operator === '=' || r.operator === '==' || r.operator === 'in')) continue;
		if (r.values.length !== 1) continue;
		const labelled = b.byIndex(LABEL_INDEX, `${r.key}=${r.values[0]}`);
		if (labelled.length < candidates.length) candidates = labelled;
	}
	const out: KubeObject[] = [];
	for (const o of candidates) {
		if (byNamespace && o.metadata.namespace !== opts.namespace) continue;
		if (!matchesAll(labelReqs, o.metadata.labels)) continue;
		if (!fieldsMatch(fieldReqs, o)) continue;
		out.push(o);
	}
	return out;
}
