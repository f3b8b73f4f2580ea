/**
 * OpenAPI validation of a custom resource against its CRD's structural schema, with
 * kube-apiserver's wording: kube-openapi pkg/validation (the `in body` messages) as
 * apiextensions-apiserver's kubeOpenAPIResultToFieldErrors turns them into field errors
 * (Required, Unsupported value, Too many, Too long, Invalid value).
 */
import { RE2JS } from '@bufbuild/re2';
import { formatValue, invalid, notSupported, required, type FieldError } from '../field-errors.ts';
import type { JsonSchemaProps } from '../schemas/types.ts';
import { checkFormat } from './formats.ts';
import { child, index, isObject, key, type Json } from './paths.ts';

export interface StructuralResult {
	readonly errors: FieldError[];
	/**
	 * A wrong type, a missing required field, a value outside its enum, too long or too many:
	 * CEL rules are not run (apiextensions-apiserver customresource strategy hasBlockingErr).
	 */
	readonly blocking: boolean;
}

/** go-openapi's name for a JSON value's type. */
function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v === 'object' ? 'object' : typeof v;
}

function typeMatches(schema: JsonSchemaProps, v: unknown): boolean {
	const actual = typeOf(v);
	if (schema['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
	if (!schema.type) return true;
	if (schema.type === 'number') return actual === 'number' || actual === 'integer';
	return schema.type === actual;
}

/**
 * `pattern` is RE2 syntax, matched by a linear-time engine as Go's regexp does: a learner's CRD
 * (or a lesson from any URL) cannot freeze the page with a backtracking pattern.
 */
const patterns = new Map<string, RE2JS | null>();
function compiled(pattern: string): RE2JS | null {
	let re = patterns.get(pattern);
	if (re === undefined) {
		try {
			re = RE2JS.compile(pattern);
		} catch {
			re = null; // the server refuses such a CRD; here its pattern is not checked
		}
		patterns.set(pattern, re);
	}
	return re;
}

/** Go's `%#v` of a list-map key, the value `Duplicate value:` shows. */
function goMapKey(keys: readonly string[], item: Json): string {
	const parts = [...keys].sort().map((k) => `${JSON.stringify(k)}:${formatValue(item[k])}`);
	return `map[string]interface {}{${parts.join(', ')}}`;
}

class Walker {
	readonly errors: FieldError[] = [];
	blocking = false;

	private block(error: FieldError): void {
		this.errors.push(error);
		this.blocking = true;
	}

	validate(schema: JsonSchemaProps, value: unknown, path: string): void {
		// A nullable null is valid; any other null was pruned to absent before validation.
		if (value === null) return;
		if (!typeMatches(schema, value)) {
			const want = schema.type ?? 'integer,string';
			const name = path || '.';
			this.block(
				invalid(path, typeOf(value), `${name} in body must be of type ${want}: "${typeOf(value)}"`)
			);
			return;
		}
		this.values(schema, value, path);
		if (Array.isArray(value)) this.array(schema, value, path);
		else if (isObject(value)) this.object(schema, value, path);
		this.combinators(schema, value, path);
	}

	private values(schema: JsonSchemaProps, value: unknown, path: string): void {
		const name = path || '.';
		if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
			this.block(
				notSupported(
					path,
					value,
					schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
				)
			);
		if (typeof value === 'string') {
			const length = [...value].length;
			if (schema.maxLength !== undefined && length > schema.maxLength)
				this.block(`${path}: Too long: may not be longer than ${schema.maxLength}`);
			if (schema.minLength !== undefined && length < schema.minLength)
				this.errors.push(
					invalid(path, value, `${name} in body should be at least ${schema.minLength} chars long`)
				);
			if (schema.pattern !== undefined && compiled(schema.pattern)?.test(value) === false)
				this.errors.push(invalid(path, value, `${name} in body should match '${schema.pattern}'`));
			if (schema.format !== undefined && !checkFormat(schema.format, value))
				this.errors.push(
					invalid(
						path,
						value,
						`${name} in body must be of type ${schema.format}: ${JSON.stringify(value)}`
					)
				);
		}
		if (typeof value === 'number') {
			if (schema.maximum !== undefined) {
				const over = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
				if (over)
					this.errors.push(
						invalid(
							path,
							value,
							`${name} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`
						)
					);
			}
			if (schema.minimum !== undefined) {
				const under = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
				if (under)
					this.errors.push(
						invalid(
							path,
							value,
							`${name} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`
						)
					);
			}
		}
	}

	private array(schema: JsonSchemaProps, value: unknown[], path: string): void {
		const name = path || '.';
		if (schema.maxItems !== undefined && value.length > schema.maxItems)
			this.block(`${path}: Too many: ${value.length}: must have at most ${schema.maxItems} items`);
		if (schema.minItems !== undefined && value.length < schema.minItems)
			this.errors.push(
				invalid(path, value.length, `${name} in body should have at least ${schema.minItems} items`)
			);
		const listType = schema['x-kubernetes-list-type'];
		const seen = new Set<string>();
		value.forEach((item, i) => {
			if (listType === 'set') {
				const k = JSON.stringify(item);
				if (seen.has(k))
					this.errors.push(`${index(path, i)}: Duplicate value: ${formatValue(item)}`);
				seen.add(k);
			} else if (listType === 'map' && isObject(item)) {
				const keys = schema['x-kubernetes-list-map-keys'] ?? [];
				const k = JSON.stringify(keys.map((name) => item[name]));
				if (seen.has(k))
					this.errors.push(`${index(path, i)}: Duplicate value: ${goMapKey(keys, item)}`);
				seen.add(k);
			}
			if (schema.items) this.validate(schema.items, item, index(path, i));
		});
	}

	private object(schema: JsonSchemaProps, value: Json, path: string): void {
		const name = path || '.';
		const count = Object.keys(value).length;
		if (schema.maxProperties !== undefined && count > schema.maxProperties)
			this.block(`${path}: Too many: ${count}: must have at most ${schema.maxProperties} items`);
		if (schema.minProperties !== undefined && count < schema.minProperties)
			this.errors.push(
				invalid(
					path,
					count,
					`${name} in body should have at least ${schema.minProperties} properties`
				)
			);
		for (const field of schema.required ?? [])
			if (value[field] === undefined || value[field] === null)
				this.block(required(child(path, field)));
		const props = schema.properties;
		const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
		for (const [k, v] of Object.entries(value)) {
			const sub = props?.[k];
			if (sub) this.validate(sub, v, child(path, k));
			else if (extra) this.validate(extra, v, props ? child(path, k) : key(path, k));
		}
	}

	/** oneOf/anyOf/allOf/not: value validation, reported as go-openapi's composite errors. */
	private combinators(schema: JsonSchemaProps, value: unknown, path: string): void {
		const quoted = JSON.stringify(path || '.');
		const passes = (s: JsonSchemaProps): boolean => {
			const w = new Walker();
			w.validate(s, value, path);
			return w.errors.length === 0;
		};
		// Not a field error: apiextensions reports it at the nil path, rendered `<nil>`.
		const composite = (detail: string): void => {
			this.errors.push(invalid('<nil>', '', `${quoted} ${detail}`));
		};
		if (schema.oneOf) {
			const valid = schema.oneOf.filter(passes).length;
			if (valid === 0) composite('must validate one and only one schema (oneOf). Found none valid');
			else if (valid > 1)
				composite(
					`must validate one and only one schema (oneOf). Found ${valid} valid alternatives`
				);
		}
		if (schema.anyOf && !schema.anyOf.some(passes))
			composite('must validate at least one schema (anyOf)');
		if (schema.allOf && !schema.allOf.every(passes))
			composite('must validate all the schemas (allOf)');
		if (schema.not && passes(schema.not)) composite('must not validate the schema (not)');
	}
}

/** Validates `value` (the object without its status) against `schema`. */
export function validateStructural(schema: JsonSchemaProps, value: unknown): StructuralResult {
	const w = new Walker();
	w.validate(schema, value, '');
	return { errors: w.errors, blocking: w.blocking };
}
