/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with `{…}` actions such as
 * `{.items[*].metadata.name}`, `{range .items[*]}{.metadata.name}{"\n"}{end}`,
 * `{.items[?(@.metadata.name=="x")].status.podIP}`, `{..image}`, `{.metadata.labels.app\.kubernetes\.io/name}`.
 * Missing keys print nothing (kubectl's --allow-missing-template-keys defaults to true).
 */

import {
	fail,
	isJsonPathError,
	parseTemplate,
	type Expr,
	type Filter,
	type Json,
	type JsonPathError,
	type Operand,
	type Segment,
	type TemplateNode
} from './jsonpath-parse.ts';

export { isJsonPathError, type JsonPathError } from './jsonpath-parse.ts';

/** A parsed template, ready to run against many objects. */
export interface JsonPath {
	/** Every value each action yields, printed as kubectl does, joined by spaces. */
	execute(data: Json): string;
	/** The raw values of the first action (custom-columns and --sort-by use this). */
	values(data: Json): Json[];
}

function isObject(v: Json): v is Record<string, Json> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalize(i: number | undefined, len: number, fallback: number): number {
	if (i === undefined) return fallback;
	const n = i < 0 ? len + i : i;
	return Math.min(Math.max(n, 0), len);
}

function recurse(v: Json, name: string | undefined, out: Json[]): void {
	if (isObject(v)) {
		for (const key of Object.keys(v).sort()) {
			if (name === undefined || key === name) out.push(v[key]);
		}
		for (const key of Object.keys(v).sort()) recurse(v[key], name, out);
	} else if (Array.isArray(v)) {
		for (const item of v) {
			if (name === undefined) out.push(item);
			recurse(item, name, out);
		}
	}
}

function compare(a: Json, cmp: string, b: Json): boolean {
	if (typeof a === 'number' && typeof b === 'number') {
		return cmp === '=='
			? a === b
			: cmp === '!='
				? a !== b
				: cmp === '<'
					? a < b
					: cmp === '<='
						? a <= b
						: cmp === '>'
							? a > b
							: a >= b;
	}
	const x = typeof a === 'string' ? a : JSON.stringify(a);
	const y = typeof b === 'string' ? b : JSON.stringify(b);
	if (cmp === '==') return x === y;
	if (cmp === '!=') return x !== y;
	return false;
}

function operandValue(op: Operand, current: Json): Json[] {
	if (op.path) return evalPath(op.path, [current]);
	return [op.literal];
}

function matches(filter: Filter, item: Json): boolean {
	const left = operandValue(filter.left, item);
	if (!filter.cmp || !filter.right) return left.length > 0 && left[0] !== false && left[0] !== null;
	const right = operandValue(filter.right, item);
	if (left.length === 0 || right.length === 0) return false;
	return compare(left[0], filter.cmp, right[0]);
}

function step(seg: Segment, values: Json[]): Json[] {
	const out: Json[] = [];
	for (const v of values) {
		switch (seg.op) {
			case 'field':
				if (isObject(v)) for (const n of seg.names) if (n in v) out.push(v[n]);
				break;
			case 'wildcard':
				if (Array.isArray(v)) out.push(...v);
				else if (isObject(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
				break;
			case 'recursive':
				recurse(v, seg.name, out);
				break;
			case 'index': {
				if (!Array.isArray(v)) break;
				if (seg.single) {
					const i =
						(seg.start as number) < 0 ? v.length + (seg.start as number) : (seg.start as number);
					if (i >= 0 && i < v.length) out.push(v[i]);
					break;
				}
				const start = normalize(seg.start, v.length, 0);
				const end = normalize(seg.end, v.length, v.length);
				const stride = seg.step ?? 1;
				for (let i = start; i < end && stride > 0; i += stride) out.push(v[i]);
				break;
			}
			case 'filter':
				if (Array.isArray(v)) for (const item of v) if (matches(seg.filter, item)) out.push(item);
				break;
		}
	}
	return out;
}

function evalPath(path: readonly Segment[], values: Json[]): Json[] {
	let current = values;
	for (const seg of path) current = step(seg, current);
	return current;
}

function evalExprs(exprs: readonly Expr[], data: Json): Json[] {
	const out: Json[] = [];
	for (const e of exprs) {
		if ('literal' in e) out.push(e.literal);
		else out.push(...evalPath(e.path, [data]));
	}
	return out;
}

/** Go's json.Marshal for unstructured values: sorted keys, compact, HTML-escaped. */
export function goJson(v: Json): string {
	const sorted = (x: Json): Json => {
		if (Array.isArray(x)) return x.map(sorted);
		if (isObject(x))
			return Object.fromEntries(
				Object.keys(x)
					.sort()
					.map((k) => [k, sorted(x[k])])
			);
		return x;
	};
	return (JSON.stringify(sorted(v)) ?? 'null')
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026');
}

/** How kubectl's jsonpath prints one value: strings raw, maps and slices as JSON. */
export function formatJsonValue(v: Json): string {
	if (typeof v === 'string') return v;
	if (v === null || v === undefined) return '<nil>';
	if (typeof v === 'object') return goJson(v);
	return String(v);
}

function run(nodes: readonly TemplateNode[], data: Json): string {
	let out = '';
	for (const node of nodes) {
		if (node.kind === 'text') out += node.text;
		else if (node.kind === 'action')
			out += evalExprs(node.exprs, data).map(formatJsonValue).join(' ');
		else for (const item of evalExprs(node.exprs, data)) out += run(node.body, item);
	}
	return out;
}

/** Parses a kubectl JSONPath template; errors carry kubectl's "error parsing jsonpath" prefix. */
export function parseJsonPath(template: string): JsonPath | JsonPathError {
	const nodes = parseTemplate(template);
	if (isJsonPathError(nodes)) return fail(`error parsing jsonpath ${template}, ${nodes.message}`);
	const firstAction = nodes.find((n) => n.kind === 'action');
	return {
		execute: (data) => run(nodes, data),
		values: (data) =>
			firstAction && firstAction.kind === 'action' ? evalExprs(firstAction.exprs, data) : []
	};
}

/** custom-columns and --sort-by accept `.a.b` without braces (kubectl's RelaxedJSONPathExpression). */
export function relaxedJsonPath(expr: string): string {
	const t = expr.trim();
	if (t.startsWith('{') && t.endsWith('}')) return t;
	return `{${t.startsWith('.') || t.startsWith('[') ? '' : '.'}${t}}`;
}
