/**
 * `x-kubernetes-validations`: each CEL rule runs at its schema node with `self` (and `oldSelf` on
 * update, where the old value correlates), as apiextensions-apiserver pkg/apiserver/schema/cel
 * validation.go does. A false rule gives the rule's message (or `failed rule: <rule>`) as an
 * Invalid value of the node's type; evaluation errors read `<error> evaluating rule: <rule>`.
 */
import { celEnv, isCelError, parse, plan, type CelEnv } from '@bufbuild/cel';
import { invalid, type FieldError } from '../field-errors.ts';
import type { JsonSchemaProps, ValidationRule } from '../schemas/types.ts';
import { KUBERNETES_FUNCS } from './cel-library.ts';
import { child, index, isObject, key } from './paths.ts';

type Program = (bindings: Record<string, unknown>) => unknown;

let env: CelEnv | undefined;
const programs = new Map<string, Program | { error: string }>();

/** Compiles once per rule text; a syntax error is kept and reported, never thrown. */
function compile(expr: string): Program | { error: string } {
	let p = programs.get(expr);
	if (!p) {
		env ??= celEnv({ funcs: [...KUBERNETES_FUNCS] });
		try {
			const run = plan(env, parse(expr));
			p = (bindings) => run(bindings as never);
		} catch (e) {
			p = { error: e instanceof Error ? e.message : String(e) };
		}
		programs.set(expr, p);
	}
	return p;
}

/** The JSON value as CEL sees it: integers are CEL ints, objects maps (apiserver UnstructuredToVal). */
export function toCel(schema: JsonSchemaProps | undefined, value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') {
		const wantsDouble = schema?.type === 'number';
		return Number.isInteger(value) && !wantsDouble ? BigInt(value) : value;
	}
	if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
	if (isObject(value)) {
		const extra = isObject(schema?.additionalProperties) ? schema.additionalProperties : undefined;
		const out = new Map<string, unknown>();
		for (const [k, v] of Object.entries(value)) {
			if (v === null && !schema?.properties?.[k]?.nullable) continue;
			out.set(k, toCel(schema?.properties?.[k] ?? extra, v));
		}
		return out;
	}
	return value;
}

const ruleText = (r: ValidationRule): string => r.message?.trim() || r.rule.trim();
const messageOrDefault = (r: ValidationRule): string =>
	r.message?.trim() || `failed rule: ${r.rule.trim()}`;

/** cel-go's wording where cel-es words a runtime error differently. */
function celGoError(message: string): string {
	const field = /^field not found: (.*)$/.exec(message);
	return field ? `no such key: ${field[1]}` : message;
}

function fieldPathOf(path: string, fieldPath: string | undefined): string {
	if (!fieldPath) return path;
	const normalized = fieldPath.replace(/^\./, '').replace(/\['([^']*)'\]/g, '.$1');
	return child(path, normalized);
}

function failure(rule: ValidationRule, path: string, type: string, detail: string): FieldError {
	switch (rule.reason) {
		case 'FieldValueForbidden':
			return `${path}: Forbidden: ${detail}`;
		case 'FieldValueRequired':
			return `${path}: Required value: ${detail}`;
		case 'FieldValueDuplicate':
			return `${path}: Duplicate value: ${JSON.stringify(type)}`;
		default:
			return invalid(path, type, detail);
	}
}

function runRules(
	schema: JsonSchemaProps,
	value: unknown,
	old: unknown,
	path: string,
	errs: FieldError[]
): void {
	const rules = schema['x-kubernetes-validations'];
	if (!rules) return;
	const type = schema['x-kubernetes-int-or-string'] ? '' : (schema.type ?? '');
	const self = toCel(schema, value);
	for (const rule of rules) {
		const usesOld = /\boldSelf\b/.test(rule.rule);
		if (usesOld && old === undefined) continue; // transition rules run on update only
		const program = compile(rule.rule);
		if ('error' in program) {
			errs.push(`${path}: Internal error: rule compile error: ${program.error}: ${ruleText(rule)}`);
			continue;
		}
		const bindings: Record<string, unknown> = { self };
		if (usesOld) bindings['oldSelf'] = toCel(schema, old);
		const result = program(bindings);
		if (isCelError(result)) {
			const unbound = /^unbound function: (.*)$/.exec(result.message);
			errs.push(
				invalid(
					path,
					type,
					unbound
						? `rule calls ${unbound[1]}(), a Kubernetes CEL function this playground does not implement: ${ruleText(rule)}`
						: `${celGoError(result.message)} evaluating rule: ${ruleText(rule)}`
				)
			);
			continue;
		}
		if (result === true) continue;
		let detail = messageOrDefault(rule);
		if (rule.messageExpression) {
			const m = compile(rule.messageExpression);
			const text = 'error' in m ? undefined : m(bindings);
			if (typeof text === 'string' && text.trim() !== '') detail = text.trim();
		}
		errs.push(failure(rule, fieldPathOf(path, rule.fieldPath), type, detail));
	}
}

/** The old list item a new one correlates with: only map-type lists, by their keys. */
function correlatedItem(schema: JsonSchemaProps, item: unknown, old: unknown): unknown {
	if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !isObject(item))
		return undefined;
	const keys = schema['x-kubernetes-list-map-keys'] ?? [];
	return old.find((o) => isObject(o) && keys.every((k) => o[k] === item[k]));
}

function walk(
	schema: JsonSchemaProps,
	value: unknown,
	old: unknown,
	path: string,
	errs: FieldError[]
): void {
	if (value === null || value === undefined) return;
	runRules(schema, value, old, path, errs); // the node's own rules first, then its children's
	if (Array.isArray(value)) {
		if (schema.items)
			value.forEach((item, i) =>
				walk(
					schema.items as JsonSchemaProps,
					item,
					correlatedItem(schema, item, old),
					index(path, i),
					errs
				)
			);
	} else if (isObject(value)) {
		const oldObj = isObject(old) ? old : undefined;
		const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
		for (const [k, v] of Object.entries(value)) {
			const sub = schema.properties?.[k];
			if (sub) walk(sub, v, oldObj?.[k], child(path, k), errs);
			else if (extra) {
				const granular = schema['x-kubernetes-map-type'] !== 'atomic';
				walk(extra, v, granular ? oldObj?.[k] : undefined, key(path, k), errs);
			}
		}
	}
}

/** Every CEL rule in `schema` over `value`; `old` is the stored object on update. */
export function celErrors(schema: JsonSchemaProps, value: unknown, old: unknown): FieldError[] {
	const errs: FieldError[] = [];
	walk(schema, value, old, '', errs);
	return errs;
}
