/**
 * Turns what follows a kubectl verb into resources: `pods`, `pods a b`, `pods,svc`, `pod/a svc/b`,
 * `deploy/curl`. Shared by every verb that takes resources (get, describe, delete, label, …).
 * Mirrors cli-runtime's resource.Builder ResourceTypeOrNameArgs; errors keep its wording.
 */
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import { deprecationWarning } from '../../mesh/api/builtin-resources.ts';
import { clientError, isApiError, type ApiError } from '../../mesh/api/errors.ts';
import type { CommandIO } from '../command.ts';

/** One resource type and the names asked for (empty: every object of the type). */
export interface ResourceArg {
	readonly type: ResourceType;
	readonly names: readonly string[];
	/** Where to look: undefined for cluster-scoped kinds and for `-A`. */
	readonly namespace: string | undefined;
}

export interface ResourceArgOptions {
	/** The effective namespace (`-n`, else the kubeconfig context's, else `default`). */
	readonly namespace: string;
	/** `-A` / `--all-namespaces`. */
	readonly allNamespaces?: boolean;
}

const SLASH_AND_TYPE =
	"there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/**
 * The error kubectl prints for a type the server doesn't serve. It names the resource without
 * its group (`securitygrouppolicies` for `securitygrouppolicies.vpcresources.k8s.aws`): cli-runtime
 * builder.go mappingFor reports ParseGroupResource's Resource, the text before the first dot.
 */
export function unknownTypeError(typed: string): ApiError {
	const resource = typed.split('.')[0] ?? '';
	return clientError(`the server doesn't have a resource type "${resource}"`);
}

/** The `all` category of kubectl (kinds the server lacks are skipped, as discovery would). */
const ALL_CATEGORY = [
	'pods',
	'services',
	'daemonsets',
	'deployments',
	'replicasets',
	'statefulsets',
	'jobs',
	'cronjobs'
];

function expandAll(api: ApiServer) {
	return (p: { typed: string; name: string | undefined }) =>
		p.typed.toLowerCase() === 'all' && !api.resolve('all')
			? ALL_CATEGORY.filter((t) => api.resolve(t)).map((typed) => ({ typed, name: p.name }))
			: [p];
}

/**
 * Parses positional arguments into resource types and names. An empty `positional` gives `[]`:
 * each verb words its own "resource not specified" error.
 */
export function parseResourceArgs(
	api: ApiServer,
	positional: readonly string[],
	options: ResourceArgOptions
): ResourceArg[] | ApiError {
	if (positional.length === 0) return [];
	const slashed = positional.filter((a) => a.includes('/'));
	const pairs: { typed: string; name: string | undefined }[] = [];
	if (slashed.length > 0) {
		if (slashed.length !== positional.length) return clientError(SLASH_AND_TYPE);
		for (const arg of positional) {
			const [typed = '', name = '', ...extra] = arg.split('/');
			if (typed === '' || name === '' || extra.length > 0)
				return clientError('arguments in resource/name form must have a single resource and name');
			pairs.push({ typed, name });
		}
	} else {
		const [first = '', ...names] = positional;
		const typeds = first.split(',');
		if (typeds.some((t) => t === '')) return unknownTypeError('');
		for (const typed of typeds) {
			if (names.length === 0) pairs.push({ typed, name: undefined });
			for (const name of names) pairs.push({ typed, name });
		}
	}

	const byType = new Map<string, { type: ResourceType; names: string[] }>();
	for (const { typed, name } of pairs.flatMap(expandAll(api))) {
		const type = api.resolve(typed.toLowerCase());
		if (!type) return unknownTypeError(typed);
		const key = `${type.plural}.${type.group}`;
		let entry = byType.get(key);
		if (!entry) {
			entry = { type, names: [] };
			byType.set(key, entry);
		}
		if (name !== undefined && !entry.names.includes(name)) entry.names.push(name);
	}

	const result: ResourceArg[] = [];
	for (const { type, names } of byType.values()) {
		if (options.allNamespaces && names.length > 0 && type.namespaced)
			return clientError('a resource cannot be retrieved by name across all namespaces');
		const namespace = !type.namespaced || options.allNamespaces ? undefined : options.namespace;
		result.push({ type, names, namespace });
	}
	return result;
}

/** `pod`, `deployment.apps`, `gateway.gateway.networking.k8s.io`: the prefix of `-o name`. */
export function qualifiedKind(type: ResourceType): string {
	const kind = type.kind.toLowerCase();
	return type.group === '' ? kind : `${kind}.${type.group}`;
}

/** The API server's `Warning:` for deprecated kinds, once per kind, before any output. */
export function printDeprecationWarnings(io: CommandIO, args: readonly ResourceArg[]): void {
	const seen = new Set<string>();
	for (const a of args) {
		const w = deprecationWarning(a.type);
		if (w && !seen.has(w)) {
			seen.add(w);
			io.stderr(`Warning: ${w}\n`);
		}
	}
}

/** One object by type, namespace and name, before it is fetched (the builder's Info). */
export interface ResourceRef {
	readonly type: ResourceType;
	readonly namespace: string | undefined;
	readonly name: string;
}

export interface SelectOptions {
	/** `--all`: every object of a type given without names. */
	readonly all: boolean;
	/** `-l` / `--selector`: the objects of a type given without names that match it. */
	readonly selector: string | undefined;
}

/**
 * The objects the args name, in order; a type given without names stands for each object that
 * `--all` or `--selector` lists (the builder's SelectAllParam / LabelSelectorParam), and without
 * either it is the builder's error.
 */
export function selectResources(
	api: ApiServer,
	args: readonly ResourceArg[],
	{ all, selector }: SelectOptions
): ResourceRef[] | ApiError {
	const refs: ResourceRef[] = [];
	for (const arg of args) {
		if (arg.names.length > 0) {
			for (const name of arg.names) refs.push({ type: arg.type, namespace: arg.namespace, name });
			continue;
		}
		if (!all && selector === undefined)
			return clientError('resource(s) were provided, but no name was specified');
		const listed = api.list(arg.type, {
			...(arg.namespace !== undefined ? { namespace: arg.namespace } : {}),
			...(selector !== undefined ? { labelSelector: selector } : {})
		});
		if (isApiError(listed)) return listed;
		for (const o of listed)
			refs.push({ type: arg.type, namespace: o.metadata.namespace, name: o.metadata.name });
	}
	return refs;
}
