/**
 * `kubectl explain --output=plaintext-openapiv2`: the pre-v3 explainer, kubectl/pkg/explain
 * (v0.34: model_printer.go, fields_printer.go, recursive_fields_printer.go, field_lookup.go,
 * typename.go, formatter.go). It walks kube-openapi's proto model of the OpenAPI v2 document; we
 * build that model from the server's v3 document, which describes the same Go types: a `$ref` (or
 * v3's one-element `allOf` around one) is a Reference carrying the field's description, arrays and
 * maps wrap their item, objects with properties are Kinds, and typed leaves are Primitives.
 */
import type { OpenApiDocument, OpenApiSchema } from '../../mesh/api/openapi.ts';
import { ExplainError, schemaOfKind, type ExplainTarget } from './explain-render.ts';

type Model =
	| { readonly is: 'kind'; readonly description: string; readonly schema: OpenApiSchema }
	| { readonly is: 'array' | 'map'; readonly description: string; readonly sub: OpenApiSchema }
	| { readonly is: 'reference'; readonly description: string; readonly ref: string }
	| { readonly is: 'primitive'; readonly description: string; readonly type: string }
	| { readonly is: 'arbitrary'; readonly description: string };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): OpenApiSchema | undefined =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as OpenApiSchema) : undefined;

/** kube-openapi proto's ParseSchema, over a v3 node. */
function model(s: OpenApiSchema): Model {
	const description = text(s['description']);
	const allOf = Array.isArray(s['allOf']) ? (s['allOf'] as OpenApiSchema[]) : [];
	const ref =
		text(s['$ref']) || (allOf.length === 1 && !s['properties'] ? text(allOf[0]?.['$ref']) : '');
	if (ref) return { is: 'reference', description, ref };
	if (obj(s['properties']) && Object.keys(obj(s['properties']) ?? {}).length > 0)
		return { is: 'kind', description, schema: s };
	const extra = obj(s['additionalProperties']);
	if (extra) return { is: 'map', description, sub: extra };
	const type = text(s['type']);
	if (type === '') return { is: 'arbitrary', description };
	if (type === 'object') return { is: 'kind', description, schema: s };
	if (type === 'array') return { is: 'array', description, sub: obj(s['items']) ?? {} };
	return { is: 'primitive', description, type };
}

function resolve(ref: string, doc: OpenApiDocument): OpenApiSchema {
	const name = ref.replace(/^#\/components\/schemas\//, '');
	return doc.components.schemas[name] ?? {};
}

/** typename.go GetTypeName (an Arbitrary has no name: `<>`). */
function typeName(m: Model, doc: OpenApiDocument): string {
	switch (m.is) {
		case 'array':
			return `[]${typeName(model(m.sub), doc)}`;
		case 'map':
			return `map[string]${typeName(model(m.sub), doc)}`;
		case 'kind':
			return 'Object';
		case 'primitive':
			return m.type;
		case 'reference':
			return typeName(model(resolve(m.ref, doc)), doc);
		case 'arbitrary':
			return '';
	}
}

const fieldsOf = (s: OpenApiSchema): Record<string, OpenApiSchema> =>
	(obj(s['properties']) as Record<string, OpenApiSchema> | undefined) ?? {};

// formatter.go wrapString: words fill lines up to `wrap`; a line ending in ':', an indented
// line, a blank line or a bullet starts a new one.
const BULLET = /^(\d+\.?|-|\*)\s/;
export function wrapLines(input: string, wrap: number): string[] {
	const wrapped: string[] = [];
	let words: string[] = [];
	let lastWord = '';
	const flush = (): void => {
		if (words.length > 0) {
			lastWord = '';
			wrapped.push(words.join(' '));
			words = [];
		}
	};
	for (const line of input.split('\n')) {
		if (line.startsWith('    ')) {
			flush();
			wrapped.push(line);
			continue;
		}
		if (wrapped.length > 0 && line.trim() === '') {
			flush();
			wrapped.push('');
			continue;
		}
		const trimmed = line.trim();
		if (lastWord.endsWith(':') || trimmed === '' || BULLET.test(trimmed)) flush();
		for (const word of line.split(/\s+/).filter(Boolean)) {
			lastWord = word;
			if (words.length > 0 && [...words, word].join(' ').length > wrap) flush();
			words.push(word);
		}
	}
	flush();
	return wrapped;
}

/** formatter.go Formatter: an indent and a wrap column (80 for explain). */
class Formatter {
	constructor(
		readonly out: string[],
		readonly indent = 0
	) {}
	at(more: number): Formatter {
		return new Formatter(this.out, this.indent + more);
	}
	write(line: string): void {
		this.out.push(line === '' ? '\n' : `${' '.repeat(this.indent)}${line}\n`);
	}
	wrapped(line: string): void {
		for (const l of wrapLines(line, 80 - this.indent)) this.write(l);
	}
}

/** fields_printer.go / recursive_fields_printer.go. */
function printFields(
	m: Model,
	w: Formatter,
	recursive: boolean,
	doc: OpenApiDocument,
	visited: Set<string>
): void {
	switch (m.is) {
		case 'array':
		case 'map':
			return printFields(model(m.sub), w, recursive, doc, visited);
		case 'reference':
			if (recursive && visited.has(m.ref)) return;
			visited.add(m.ref);
			printFields(model(resolve(m.ref, doc)), w, recursive, doc, visited);
			if (recursive) visited.delete(m.ref);
			return;
		case 'kind': {
			const fields = fieldsOf(m.schema);
			const required = Array.isArray(m.schema['required']) ? m.schema['required'] : [];
			for (const key of Object.keys(fields).sort()) {
				const field = model(fields[key] as OpenApiSchema);
				if (recursive) {
					w.write(`${key}\t<${typeName(field, doc)}>`);
					printFields(field, w.at(3), recursive, doc, visited);
					continue;
				}
				w.write(`${key}\t<${typeName(field, doc)}>${required.includes(key) ? ' -required-' : ''}`);
				w.at(2).wrapped(field.description);
				w.write('');
			}
			return;
		}
		default:
			return;
	}
}

/** field_lookup.go: follows the path; the leaf is kept as found (a Reference stays one). */
function lookup(m: Model, path: readonly string[], doc: OpenApiDocument): Model {
	if (m.is === 'primitive' || m.is === 'arbitrary') return m;
	if (path.length === 0) return m;
	if (m.is === 'reference') return lookup(model(resolve(m.ref, doc)), path, doc);
	if (m.is !== 'kind') return lookup(model(m.sub), path, doc);
	const name = path[0] as string;
	const sub = fieldsOf(m.schema)[name];
	if (!sub) throw new ExplainError(`error: field "${name}" does not exist`);
	return lookup(model(sub), path.slice(1), doc);
}

/** model_printer.go: collects descriptions through references, arrays and maps, then prints. */
function printModel(
	name: string,
	start: Model,
	target: ExplainTarget,
	recursive: boolean,
	doc: OpenApiDocument
): string {
	const out: string[] = [];
	const w = new Formatter(out);
	const descriptions: string[] = [];
	let type = '';
	const header = (): void => {
		w.write(`KIND:     ${target.kind}`);
		w.write(`VERSION:  ${target.group ? `${target.group}/` : ''}${target.version}\n`);
	};
	const describe = (own: string): void => {
		w.write('DESCRIPTION:');
		let empty = true;
		for (const [i, d] of [...descriptions, own].entries()) {
			if (d === '') continue;
			empty = false;
			if (i !== 0) w.write('');
			w.at(5).wrapped(d);
		}
		if (empty) w.at(5).wrapped('<empty>');
	};
	let m = start;
	for (;;) {
		if (m.is === 'array' || m.is === 'map') {
			descriptions.push(m.description);
			type ||= typeName(m, doc);
			m = model(m.sub);
		} else if (m.is === 'reference') {
			descriptions.push(m.description);
			m = model(resolve(m.ref, doc));
		} else break;
	}
	header();
	if (m.is === 'kind') {
		type ||= 'Object';
		if (name !== '') w.write(`RESOURCE: ${name} <${type}>\n`);
		describe(m.description);
		w.write('\nFIELDS:');
		printFields(m, w.at(3), recursive, doc, new Set());
	} else if (m.is === 'primitive') {
		type ||= m.type;
		w.write(`FIELD:    ${name} <${type}>\n`);
		describe(m.description);
	} else describe(m.description);
	return out.join('');
}

/** explain.PrintModelDescription for a kind of the document and a field path. */
export function renderExplainV2(
	doc: OpenApiDocument,
	target: ExplainTarget,
	path: readonly string[],
	recursive: boolean
): string {
	const entry = schemaOfKind(doc, target);
	if (!entry) {
		const gv = target.group ? `${target.group}/${target.version}` : `/${target.version}`;
		throw new ExplainError(`error: couldn't find resource for "${gv}, Kind=${target.kind}"`);
	}
	const leaf = lookup(model(entry), path, doc);
	return printModel(path[path.length - 1] ?? '', leaf, target, recursive, doc);
}
