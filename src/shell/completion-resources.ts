/**
 * Completion against the API server, as kubectl's `__complete` does it: resource types by their
 * plural names (`kubectl api-resources -o name`, without the group for the first of a name),
 * names of live objects, `TYPE/NAME` forms, namespaces.
 */
import type { ApiServer, ResourceType } from '../mesh/api/api-server.ts';
import { isApiError } from '../mesh/api/errors.ts';

/** Plural resource names the server serves, sorted, each once. */
export function resourceTypeNames(api: ApiServer): string[] {
	return [...new Set(api.resources().map((r) => r.plural))].sort();
}

/** Where names are looked up: one namespace, or every one (`-A`). */
export interface NameScope {
	readonly namespace: string;
	readonly allNamespaces: boolean;
}

/** Names of objects of `type` in scope, sorted and deduplicated (across namespaces with `-A`). */
export function objectNames(api: ApiServer, type: ResourceType, scope: NameScope): string[] {
	const listed = api.list(
		type,
		type.namespaced && !scope.allNamespaces ? { namespace: scope.namespace } : {}
	);
	if (isApiError(listed)) return [];
	return [...new Set(listed.map((o) => o.metadata.name))].sort();
}

export function namespaceNames(api: ApiServer): string[] {
	const ns = api.resolve('namespaces');
	return ns ? objectNames(api, ns, { namespace: '', allNamespaces: true }) : [];
}

/**
 * `word` completed as resource types; after a comma (`pods,svc`), the part after it. A word with
 * a slash (`deploy/prod`) completes the names of that type, keeping what was typed before it.
 */
export function completeTypeOrTypeName(api: ApiServer, word: string, scope: NameScope): string[] {
	const slash = word.indexOf('/');
	if (slash >= 0) {
		const typed = word.slice(0, slash);
		const type = api.resolve(typed.toLowerCase());
		if (!type) return [];
		return objectNames(api, type, scope)
			.map((n) => `${typed}/${n}`)
			.filter((c) => c.startsWith(word));
	}
	const comma = word.lastIndexOf(',');
	const head = word.slice(0, comma + 1);
	const tail = word.slice(comma + 1);
	return resourceTypeNames(api)
		.filter((t) => t.startsWith(tail))
		.map((t) => head + t);
}

/** Names of objects of the type typed as `typed` (`pods`, `svc`, `pods,svc` uses every type). */
export function completeNames(
	api: ApiServer,
	typed: string,
	word: string,
	scope: NameScope
): string[] {
	const names = new Set<string>();
	for (const t of typed.split(',')) {
		const type = api.resolve(t.toLowerCase());
		if (type) for (const n of objectNames(api, type, scope)) names.add(n);
	}
	return [...names].filter((n) => n.startsWith(word)).sort();
}
