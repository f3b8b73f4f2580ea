/**
 * The JSON decoder's type errors for built-in kinds, where a list or an object has the wrong JSON
 * shape (`ports: {}`): encoding/json's UnmarshalTypeError, `json: cannot unmarshal object into Go
 * struct field ServiceSpec.spec.ports of type []v1.ServicePort`. Scalars are left to decode.ts and
 * validation; the struct shapes come from the known-fields model.
 */
import type { BuiltinFields, KnownField } from '../schemas/types.ts';
import { isObject } from './paths.ts';

function jsonKind(v: unknown): string {
	if (Array.isArray(v)) return 'array';
	if (isObject(v)) return 'object';
	if (typeof v === 'boolean') return 'bool';
	return typeof v === 'number' ? 'number' : 'string';
}

/** The first shape error in `value` of Go type `typeName`, or undefined. `path` has no indices. */
export function goTypeError(
	model: BuiltinFields,
	typeName: string,
	value: unknown,
	path = ''
): string | undefined {
	const fields = model.types[typeName];
	if (!fields || !isObject(value)) return undefined;
	for (const [k, v] of Object.entries(value)) {
		const field: KnownField | undefined = fields[k];
		if (field === undefined || field === 0 || v === null || v === undefined) continue;
		const at = path ? `${path}.${k}` : k;
		const wrong = (goType: string, actual: unknown): string =>
			`json: cannot unmarshal ${jsonKind(actual)} into Go struct field ${typeName}.${at} of type ${goType}`;
		if (typeof field === 'string') {
			if (!isObject(v)) return wrong(`v1.${field}`, v);
			const inner = goTypeError(model, field, v, at);
			if (inner) return inner;
		} else if (Array.isArray(field)) {
			if (!Array.isArray(v)) return wrong(`[]v1.${field[0]}`, v);
			for (const item of v) {
				if (item === null) continue;
				if (!isObject(item)) return wrong(`v1.${field[0]}`, item);
				const inner = goTypeError(model, field[0], item, at);
				if (inner) return inner;
			}
		} else {
			if (!isObject(v)) return wrong(`map[string]v1.${field.map}`, v);
			for (const item of Object.values(v)) {
				if (item === null) continue;
				if (!isObject(item)) return wrong(`v1.${field.map}`, item);
				const inner = goTypeError(model, field.map, item, at);
				if (inner) return inner;
			}
		}
	}
	return undefined;
}
