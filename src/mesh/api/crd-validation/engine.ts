/**
 * What the API server does with a custom resource's schema, and strict field validation for every
 * kind: loaded lazily (validation-engine.ts) because CEL and the field models are large and the
 * page does not need them before the first manifest is applied.
 */
import type { FieldError } from '../field-errors.ts';
import builtinFields from '../schemas/builtin-fields.json';
import type { BuiltinFields, JsonSchemaProps } from '../schemas/types.ts';
import { celErrors } from './cel.ts';
import { applySchemaDefaults } from './defaulting.ts';
import { goTypeError } from './go-types.ts';
import { validateStructural } from './structural.ts';
import { UnknownFields } from './unknown-fields.ts';

const MODEL = builtinFields as unknown as BuiltinFields;

/** What the server adds when a blocking schema error kept the CEL rules from running. */
const NOT_CHECKED =
	'<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const withRules = new WeakMap<JsonSchemaProps, boolean>();
/** Whether any node has x-kubernetes-validations (the server builds a CEL validator only then). */
function hasRules(schema: JsonSchemaProps): boolean {
	let has = withRules.get(schema);
	if (has === undefined) {
		const nested = [
			...Object.values(schema.properties ?? {}),
			...(schema.items ? [schema.items] : []),
			...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [])
		];
		has = (schema['x-kubernetes-validations']?.length ?? 0) > 0 || nested.some(hasRules);
		withRules.set(schema, has);
	}
	return has;
}

export { applySchemaDefaults };

/**
 * The schema errors, then the CEL rule errors (skipped when a value has the wrong type, as the
 * server skips them). `obj` and `old` come without their status: it is a subresource.
 */
export function validateCustomResource(
	schema: JsonSchemaProps,
	obj: Record<string, unknown>,
	old: Record<string, unknown> | undefined
): FieldError[] {
	const structural = validateStructural(schema, obj);
	if (!hasRules(schema)) return structural.errors;
	if (structural.blocking) return [...structural.errors, NOT_CHECKED];
	return [...structural.errors, ...celErrors(schema, obj, old)];
}

/** Whether a built-in kind (`apps/Deployment`) has a known-fields model. */
export function hasFieldModel(groupKind: string): boolean {
	return MODEL.kinds[groupKind] !== undefined;
}

/**
 * The unknown fields of a manifest, as strict decoding names them; `prune` removes them. `schema`
 * is the CRD's for a custom resource; built-in kinds use the model of `groupKind`.
 */
export function unknownFields(
	target: { schema: JsonSchemaProps } | { groupKind: string },
	obj: Record<string, unknown>,
	prune: boolean
): string[] {
	const walker = new UnknownFields(MODEL, prune);
	if ('schema' in target) walker.bySchema(target.schema, obj, '', true);
	else {
		const root = MODEL.kinds[target.groupKind];
		if (root) walker.byModel(root, obj, '');
	}
	return walker.found;
}

/** encoding/json's error for a list or object of the wrong shape in a built-in kind, if any. */
export function shapeError(groupKind: string, obj: Record<string, unknown>): string | undefined {
	const root = MODEL.kinds[groupKind];
	return root ? goTypeError(MODEL, root, obj) : undefined;
}
