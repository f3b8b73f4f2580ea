/**
 * Strict field validation: the fields of a manifest the server does not know. For built-in kinds
 * this is the JSON decoder's strict mode (sigs.k8s.io/json: `unknown field "spec.selectr"`), from
 * the known-fields model of the API types; for custom resources it is pruning against the CRD's
 * structural schema (apiextensions-apiserver pkg/apiserver/schema/pruning), where
 * x-kubernetes-preserve-unknown-fields keeps what it covers. `prune` drops what was found, which is
 * what the server does when validation is Warn or Ignore.
 */
import type { BuiltinFields, JsonSchemaProps, KnownField } from '../schemas/types.ts';
import { child, index, isObject } from './paths.ts';

/** Every object keeps these at its root, whatever its schema says (TypeMeta and ObjectMeta). */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

export class UnknownFields {
	readonly found: string[] = [];
	constructor(
		private readonly model: BuiltinFields,
		private readonly prune: boolean
	) {}

	private unknown(obj: Record<string, unknown>, k: string, path: string): void {
		this.found.push(child(path, k));
		if (this.prune) delete obj[k];
	}

	byModel(field: KnownField, value: unknown, path: string): void {
		if (field === 0 || value === null || value === undefined) return;
		if (Array.isArray(field)) {
			if (Array.isArray(value)) value.forEach((v, i) => this.byModel(field[0], v, index(path, i)));
			return;
		}
		if (!isObject(value)) return;
		if (typeof field === 'object') {
			for (const [k, v] of Object.entries(value)) this.byModel(field.map, v, child(path, k));
			return;
		}
		const fields = this.model.types[field];
		if (!fields) return;
		for (const [k, v] of Object.entries(value)) {
			const known = fields[k];
			if (known === undefined) this.unknown(value, k, path);
			else this.byModel(known, v, child(path, k));
		}
	}

	bySchema(schema: JsonSchemaProps, value: unknown, path: string, root = false): void {
		if (Array.isArray(value)) {
			if (schema.items)
				value.forEach((v, i) => this.bySchema(schema.items as JsonSchemaProps, v, index(path, i)));
			return;
		}
		if (!isObject(value)) return;
		const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
		const extra = schema.additionalProperties;
		const embedded = root || schema['x-kubernetes-embedded-resource'] === true;
		for (const [k, v] of Object.entries(value)) {
			if (embedded && k === 'metadata') {
				this.byModel('ObjectMeta', v, child(path, k));
				continue;
			}
			const sub = schema.properties?.[k];
			if (sub) this.bySchema(sub, v, child(path, k));
			else if (isObject(extra)) this.bySchema(extra, v, child(path, k));
			else if (!(preserve || extra === true || (embedded && ROOT_FIELDS.has(k))))
				this.unknown(value, k, path);
		}
	}
}
