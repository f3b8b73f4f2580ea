/**
 * Structural defaulting of custom resources (apiextensions-apiserver pkg/apiserver/schema/defaulting):
 * a null in a non-nullable field is dropped, then every absent property with a `default` gets it,
 * recursively (a default's own fields are defaulted too). Runs before validation, as the server's
 * decoding does, so `kubectl get -o yaml` shows the defaults and CEL rules can read them.
 */
import { clone } from '../deep.ts';
import type { JsonSchemaProps } from '../schemas/types.ts';
import { isObject } from './paths.ts';

export function applySchemaDefaults(schema: JsonSchemaProps, value: unknown): void {
	if (Array.isArray(value)) {
		if (schema.items) for (const item of value) applySchemaDefaults(schema.items, item);
		return;
	}
	if (!isObject(value)) return;
	const props = schema.properties ?? {};
	for (const [k, sub] of Object.entries(props)) {
		if (value[k] === null && !sub.nullable) delete value[k];
		if (value[k] === undefined && sub.default !== undefined) value[k] = clone(sub.default);
	}
	const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
	for (const [k, v] of Object.entries(value)) {
		const sub = props[k] ?? extra;
		if (sub) applySchemaDefaults(sub, v);
	}
}
