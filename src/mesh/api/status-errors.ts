/**
 * The API server's status errors, worded as kubectl prints them. The resource in NotFound and
 * AlreadyExists is the plural, grouped for non-core kinds (`deployments.apps "x" not found`).
 */
import type { ResourceType } from './api-server.ts';
import { qualifiedResource } from './builtin-resources.ts';
import { apiError, clientError, type ApiError } from './errors.ts';

export function notFound(type: ResourceType, name: string): ApiError {
	return apiError('NotFound', `${qualifiedResource(type)} ${JSON.stringify(name)} not found`);
}

export function alreadyExists(type: ResourceType, name: string): ApiError {
	return apiError(
		'AlreadyExists',
		`${qualifiedResource(type)} ${JSON.stringify(name)} already exists`
	);
}

export function namespaceNotFound(namespace: string): ApiError {
	return apiError('NotFound', `namespaces ${JSON.stringify(namespace)} not found`);
}

export function conflict(type: ResourceType, name: string): ApiError {
	return apiError(
		'Conflict',
		`Operation cannot be fulfilled on ${qualifiedResource(type)} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`
	);
}

export function forbidden(type: ResourceType, name: string, why: string): ApiError {
	return apiError(
		'Forbidden',
		`${qualifiedResource(type)} ${JSON.stringify(name)} is forbidden: ${why}`
	);
}

/** kubectl's RESTMapper error for a kind nobody serves (a CRD not yet applied). */
export function noMatchesForKind(apiVersion: string, kind: string): ApiError {
	return clientError(
		`no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`
	);
}

/**
 * The whole line kubectl apply prints for an unmapped kind; `from` is the manifest source
 * (`STDIN`, `bookinfo.yaml`). The second line is kubectl's hint.
 */
export function resourceMappingNotFound(
	name: string,
	namespace: string,
	from: string,
	apiVersion: string,
	kind: string
): ApiError {
	return clientError(
		`resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(namespace)} from ${JSON.stringify(from)}: ${noMatchesForKind(apiVersion, kind).message}\nensure CRDs are installed first`
	);
}

/** `kubectl get foo`: the server does not know the type. */
export function unknownResourceType(typed: string): ApiError {
	return clientError(`the server doesn't have a resource type ${JSON.stringify(typed)}`);
}

export function badRequest(message: string): ApiError {
	return apiError('BadRequest', message);
}
