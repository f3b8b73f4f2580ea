/**
 * What the store does with a custom resource's CRD schema and with the request's field
 * validation (kubectl's `--validate`, the `fieldValidation` query parameter): defaulting, schema
 * and CEL validation, strict decoding. The work is done by the lazily loaded engine; until it has
 * loaded these are no-ops. kubectl and istioctl load it before they run, so what a learner types
 * is always validated; the store never loads it on its own, so a write's outcome never depends
 * on when a chunk arrived.
 */
import type { ResourceType } from './api-server.ts';
import { isPlainObject } from './deep.ts';
import { apiError, type ApiError } from './errors.ts';
import type { FieldError } from './field-errors.ts';
import type { KubeObject } from './objects.ts';
import type { JsonSchemaProps } from './schemas/types.ts';
import { validationEngine } from './validation-engine.ts';

/** `Strict` fails on an unknown field, `Warn` drops it with a warning, `Ignore` drops it. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
	readonly fieldValidation?: FieldValidation;
	/** Receives the server's warnings (kubectl prints them as `Warning: …`). */
	readonly warnings?: string[];
}

const versionOf = (apiVersion: string): string => apiVersion.split('/').pop() ?? apiVersion;

/** The schema of `apiVersion` in a stored CRD, if it has one. */
export function crdSchema(
	crd: KubeObject | undefined,
	apiVersion: string
): JsonSchemaProps | undefined {
	const versions = isPlainObject(crd?.spec) ? crd.spec['versions'] : undefined;
	if (!Array.isArray(versions)) return undefined;
	const v = versions.find((x) => isPlainObject(x) && x['name'] === versionOf(apiVersion));
	const schema =
		isPlainObject(v) && isPlainObject(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
	return isPlainObject(schema) ? (schema as JsonSchemaProps) : undefined;
}

function fieldsTarget(
	engine: NonNullable<ReturnType<typeof validationEngine>>,
	type: ResourceType,
	schema: JsonSchemaProps | undefined
): { schema: JsonSchemaProps } | { groupKind: string } | undefined {
	if (schema) return { schema };
	const groupKind = `${type.group}/${type.kind}`;
	return engine.hasFieldModel(groupKind) ? { groupKind } : undefined;
}

/**
 * Decoding of the manifest as sent, for a request from kubectl: a built-in kind's list or object
 * of the wrong shape is a BadRequest; then strict field validation: on Strict an unknown field is a BadRequest
 * (`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown
 * field "spec.selectr"`); on Warn it is a warning. The store drops the fields either way
 * (`pruneUnknownFields`), after kubectl's last-applied annotation has recorded them.
 */
export function checkUnknownFields(
	type: ResourceType,
	obj: KubeObject,
	schema: JsonSchemaProps | undefined,
	options: WriteOptions | undefined
): ApiError | undefined {
	const engine = validationEngine();
	const mode = options?.fieldValidation;
	if (!engine || !mode) return undefined;
	const version = JSON.stringify(versionOf(obj.apiVersion));
	const handled = `${type.kind} in version ${version} cannot be handled as a ${type.kind}`;
	// A list or object of the wrong JSON shape fails decoding whatever the field validation.
	const shape = schema
		? undefined
		: engine.shapeError(`${type.group}/${type.kind}`, obj as unknown as Record<string, unknown>);
	if (shape) return apiError('BadRequest', `${handled}: ${shape}`);
	if (mode === 'Ignore') return undefined;
	const target = fieldsTarget(engine, type, schema);
	if (!target) return undefined;
	const found = engine.unknownFields(target, obj as unknown as Record<string, unknown>, false);
	if (found.length === 0) return undefined;
	const listed = found.map((f) => `unknown field ${JSON.stringify(f)}`);
	if (mode === 'Warn') {
		options?.warnings?.push(...listed);
		return undefined;
	}
	return apiError('BadRequest', `${handled}: strict decoding error: ${listed.join(', ')}`);
}

/** What the server stores has no unknown fields: decoding (built-ins) or pruning (CRs) drops them. */
export function pruneUnknownFields(
	type: ResourceType,
	obj: KubeObject,
	schema: JsonSchemaProps | undefined
): void {
	const engine = validationEngine();
	const target = engine && fieldsTarget(engine, type, schema);
	if (engine && target)
		engine.unknownFields(target, obj as unknown as Record<string, unknown>, true);
}

/** The object without its status: status is a subresource, not validated with the spec. */
function withoutStatus(obj: KubeObject): Record<string, unknown> {
	const { status: _status, ...rest } = obj as unknown as Record<string, unknown>;
	return rest;
}

/** Schema defaults for everything but status. */
export function defaultCustomResource(schema: JsonSchemaProps | undefined, obj: KubeObject): void {
	const engine = validationEngine();
	if (!engine || !schema) return;
	const status = obj.status;
	delete obj.status;
	engine.applySchemaDefaults(schema, obj);
	if (status !== undefined) obj.status = status;
}

/** OpenAPI and CEL errors. An update that leaves everything but status alone is not re-validated. */
export function customResourceErrors(
	schema: JsonSchemaProps | undefined,
	obj: KubeObject,
	old: KubeObject | undefined,
	unchanged: boolean
): FieldError[] {
	const engine = validationEngine();
	if (!engine || !schema || unchanged) return [];
	return engine.validateCustomResource(schema, withoutStatus(obj), old && withoutStatus(old));
}
