/**
 * `kubectl explain`'s plaintext output: kubectl/pkg/explain/v2/templates/plaintext.tmpl (v0.34)
 * written as functions, template by template (`output`, `fieldList`, `fieldDetail`,
 * `description`, `typeGuess`, `extractEnum`), over an OpenAPI v3 document. Truthiness is Go
 * template truthiness: an empty map, list or string is false.
 */
import type { OpenApiDocument, OpenApiSchema } from '../../mesh/api/openapi.ts';
import { wrapString } from './word-wrap.ts';

type Schema = OpenApiSchema;

/** An explain error: its text is what kubectl prints (already `error: …`). */
export class ExplainError extends Error {}

function truthy(v: unknown): boolean {
	if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
	if (Array.isArray(v)) return v.length > 0;
	if (typeof v === 'object') return Object.keys(v).length > 0;
	return true;
}

const asSchema = (v: unknown): Schema | undefined =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Schema) : undefined;
const props = (s: Schema): Record<string, Schema> =>
	(asSchema(s['properties']) as Record<string, Schema> | undefined) ?? {};
/** `and .additionalProperties (not (eq "bool" (printf "%T" …)))`. */
const mapValues = (s: Schema): Schema | undefined =>
	typeof s['additionalProperties'] === 'boolean' || !truthy(s['additionalProperties'])
		? undefined
		: asSchema(s['additionalProperties']);
const items = (s: Schema): Schema | undefined =>
	truthy(s['items']) ? asSchema(s['items']) : undefined;
const allOf = (s: Schema): Schema[] => (Array.isArray(s['allOf']) ? (s['allOf'] as Schema[]) : []);
const refOf = (s: Schema): string => (typeof s['$ref'] === 'string' ? s['$ref'] : '');

/** `resolveRef`: a `#/components/schemas/…` fragment inside the document. */
function resolveRef(ref: string, doc: OpenApiDocument): Schema | undefined {
	if (!ref.startsWith('#')) return undefined;
	let cur: unknown = doc;
	for (const k of ref.slice(1).split('/')) {
		if (k === '') continue;
		cur = asSchema(cur)?.[k];
		if (asSchema(cur) === undefined) return undefined;
	}
	return cur as Schema;
}
/** `or (resolveRef $ref) $schema`, where an empty resolved map counts as false. */
const resolved = (s: Schema, doc: OpenApiDocument): Schema => {
	const r = resolveRef(refOf(s), doc);
	return r && truthy(r) ? r : s;
};

const wrap = wrapString;
/** The template's `indent`: a pad before the text and after every newline. */
const indent = (n: number, s: string): string => {
	const pad = ' '.repeat(n);
	return pad + s.replaceAll('\n', '\n' + pad);
};

export function typeGuess(s: Schema, doc: OpenApiDocument): string {
	const it = items(s);
	if (it) return '[]' + typeGuess(it, doc);
	const map = mapValues(s);
	if (map) return 'map[string]' + typeGuess(map, doc);
	const all = allOf(s);
	if (all.length === 1 && !truthy(s['properties'])) return typeGuess(all[0] as Schema, doc);
	const ref = refOf(s);
	if (ref) {
		const target = resolveRef(ref, doc);
		const type = target?.['type'];
		if (!target || !truthy(target) || !truthy(type) || type === 'object') {
			const name = ref.split('/').pop() ?? '';
			return name.split('.').pop() || 'Object';
		}
		return String(type);
	}
	if (s['type'] === 'object') return 'Object';
	return truthy(s['type']) ? String(s['type']) : 'Object';
}

/** Go's `%v` of a JSON value inside an enum. */
const goValue = (v: unknown): string => (v === '' ? '""' : typeof v === 'string' ? v : String(v));

function extractEnum(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
	const values = s['enum'];
	if (!Array.isArray(values) || values.length === 0) return '';
	let out = longView ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
	for (const [i, v] of values.entries()) {
		if (limit > -1 && i >= limit) {
			out += ', ....';
			break;
		}
		if (i > 0 && !longView) out += ', ';
		else if (longView) out += '\n    ';
		out += goValue(v);
	}
	return out;
}

function description(s: Schema, doc: OpenApiDocument): string {
	const r = resolved(s, doc);
	let out = truthy(r['description']) ? String(r['description']) + '\n' : '';
	for (const sub of allOf(r)) out += description(sub, doc);
	const it = items(r);
	if (it) out += description(it, doc);
	const map = mapValues(r);
	if (map) out += description(map, doc);
	return out;
}

function fieldDetail(
	name: string,
	parent: Schema,
	short: boolean,
	level: number,
	doc: OpenApiDocument
): string {
	const amount = level * 2;
	const field = props(parent)[name] as Schema;
	const required = Array.isArray(parent['required']) && parent['required'].includes(name);
	let out = indent(amount, name) + `\t<${typeGuess(field, doc)}>`;
	if (required) out += ' -required-';
	out += extractEnum(field, false, 4, amount) + '\n';
	if (!short) {
		const text = truthy(field['description']) ? String(field['description']) : '<no description>';
		out += indent(amount + 2, wrap(text, 78 - amount)) + '\n\n';
	}
	return out;
}

function fieldList(
	s: Schema,
	level: number,
	recursive: boolean,
	history: ReadonlySet<string>,
	doc: OpenApiDocument
): string {
	const ref = refOf(s);
	if (ref && history.has(ref)) return '';
	const next = new Set(history).add(ref);
	const r = resolved(s, doc);
	let out = '';
	const fields = props(r);
	for (const name of Object.keys(fields).sort()) {
		out += fieldDetail(name, r, recursive, level, doc);
		if (recursive) out += fieldList(fields[name] as Schema, level + 1, recursive, next, doc);
	}
	// The template passes on its own context here, so `level` stays where it was.
	for (const sub of allOf(r)) out += fieldList(sub, level, recursive, next, doc);
	const it = items(r);
	if (it) out += fieldList(it, level, recursive, next, doc);
	const map = mapValues(r);
	if (map) out += fieldList(map, level, recursive, next, doc);
	return out;
}

function output(
	s: Schema,
	path: readonly string[],
	recursive: boolean,
	history: ReadonlySet<string>,
	doc: OpenApiDocument
): string {
	const ref = refOf(s);
	const next = new Set(history).add(ref);
	const r = resolved(s, doc);
	if (path.length === 0) {
		let out = 'DESCRIPTION:\n';
		out += indent(4, wrap(description(r, doc) || '<empty>', 76)) + '\n';
		const fields = fieldList(r, 1, recursive, new Set(), doc);
		if (fields) out += 'FIELDS:\n' + fields;
		return out;
	}
	if (ref && history.has(ref)) return '';
	const first = path[0] as string;
	const sub = props(r)[first];
	if (sub && truthy(sub)) {
		let out = '';
		if (path.length === 1)
			out += `FIELD: ${first} <${typeGuess(sub, doc)}>\n` + extractEnum(sub, true, -1) + '\n\n';
		return out + output(sub, path.slice(1), recursive, new Set(), doc);
	}
	const it = items(r);
	if (it) return output(it, path, recursive, next, doc);
	const map = mapValues(r);
	if (map) return output(map, path, recursive, next, doc);
	for (const alt of allOf(r)) {
		const text = output(alt, path, recursive, next, doc);
		if (text) return text;
	}
	return '';
}

export interface ExplainTarget {
	readonly group: string;
	readonly version: string;
	readonly kind: string;
	/** The group/version/resource as kubectl prints it in errors: `apps/v1, Resource=deployments`. */
	readonly gvr: string;
}

/** The document's schema whose `x-kubernetes-group-version-kind` names the target's kind. */
export function schemaOfKind(doc: OpenApiDocument, target: ExplainTarget): Schema | undefined {
	return Object.values(doc.components.schemas).find((s) =>
		(Array.isArray(s['x-kubernetes-group-version-kind'])
			? (s['x-kubernetes-group-version-kind'] as Record<string, string>[])
			: []
		).some(
			(g) =>
				(g['group'] ?? '') === target.group &&
				g['version'] === target.version &&
				g['kind'] === target.kind
		)
	);
}

/** The whole plaintext output for a kind and a field path; throws ExplainError as kubectl fails. */
export function renderExplain(
	doc: OpenApiDocument,
	target: ExplainTarget,
	path: readonly string[],
	recursive: boolean
): string {
	const entry = schemaOfKind(doc, target);
	if (!entry) throw new ExplainError(`error: GVR (${target.gvr}) not found in OpenAPI schema`);
	let out = target.group ? `GROUP:      ${target.group}\n` : '';
	out += `KIND:       ${target.kind}\nVERSION:    ${target.version}\n\n`;
	const body = output(entry, path, recursive, new Set(), doc);
	if (!body) throw new ExplainError(`error: field "${path[path.length - 1]}" does not exist`);
	return out + body + '\n';
}
