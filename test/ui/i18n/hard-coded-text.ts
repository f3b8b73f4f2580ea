/**
 * Finds user-visible text written into Svelte templates instead of going through the message
 * catalog (src/ui/i18n): text nodes with letters, and aria-label / title / placeholder / alt
 * values with letters, including string literals an expression picks between
 * (`{open ? 'Close' : 'Open'}`) and the text of template literals. Read by hard-coded-text.test.ts.
 */
import { parse } from 'svelte/compiler';

export interface Finding {
	readonly line: number;
	readonly text: string;
}

/** Attributes whose values a user reads or a screen reader speaks. */
const SPOKEN = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'label']);

/** Elements whose text is code, typed as written in every language. */
const CODE = new Set(['code', 'kbd', 'samp', 'pre']);

/** Words that are the same in every language: product and tool names, units, kinds. */
export const ALLOWED: ReadonlySet<string> = new Set([
	'kubectl',
	'istioctl',
	'ztunnel',
	'L7',
	// Kubernetes and Istio values, written as kubectl and istioctl print them.
	'default',
	'Ready',
	'NotReady',
	'ALLOW',
	'DENY',
	'IP',
	'CPU',
	'Istio',
	'Mesh Playground',
	'px',
	'ms',
	'HBONE',
	'mTLS',
	'YAML',
	'HTTP',
	'TLS'
]);

const LETTERS = /\p{L}/u;

/** Code, not prose: one token with a sign prose lacks (`deploy/web`, `-n`, `<none>`, `SAN:`). */
const CODE_LIKE = /^(?=.*[-/:<>=._\d])[\w./:<>=@-]+$/;

function visible(text: string): boolean {
	const trimmed = text.trim();
	// One letter is a badge or a key (A, S, W), not a word to translate.
	if (trimmed.length <= 1 || CODE_LIKE.test(trimmed)) return false;
	let rest = text;
	for (const word of [...ALLOWED].sort((a, b) => b.length - a.length))
		rest = rest.split(word).join(' ');
	return LETTERS.test(rest);
}

interface AnyNode {
	type: string;
	start: number;
	[key: string]: unknown;
}

function isNode(x: unknown): x is AnyNode {
	return typeof x === 'object' && x !== null && typeof (x as AnyNode).type === 'string';
}

/** String literals an expression can evaluate to (not those it only compares with). */
function spokenLiterals(expr: unknown, out: AnyNode[]): void {
	if (!isNode(expr)) return;
	switch (expr.type) {
		case 'Literal':
			if (typeof expr.value === 'string') out.push(expr);
			return;
		case 'TemplateLiteral':
			for (const q of expr.quasis as AnyNode[]) out.push(q);
			return;
		case 'ConditionalExpression':
			spokenLiterals(expr.consequent, out);
			spokenLiterals(expr.alternate, out);
			return;
		case 'LogicalExpression':
			spokenLiterals(expr.left, out);
			spokenLiterals(expr.right, out);
			return;
		case 'BinaryExpression':
			if (expr.operator === '+') {
				spokenLiterals(expr.left, out);
				spokenLiterals(expr.right, out);
			}
			return;
		default:
			return;
	}
}

function literalText(node: AnyNode): string {
	if (node.type === 'TemplateElement') return (node.value as { cooked: string }).cooked ?? '';
	return String(node.value);
}

/** Object properties whose strings become visible text (`{ id: 'nodes', label: 'Nodes' }`). */
const TEXT_PROPERTIES = new Set(['label', 'title', 'text', 'placeholder', 'message']);

/** Every hard-coded visible string in one component's markup. */
export function hardCodedText(source: string, filename: string): Finding[] {
	const ast = parse(source, { modern: true, filename });
	const found: Finding[] = [];
	const lineAt = (offset: number): number => source.slice(0, offset).split('\n').length;
	const report = (offset: number, text: string): void => {
		if (visible(text)) found.push({ line: lineAt(offset), text: text.trim() });
	};
	const expression = (expr: unknown): void => {
		const lits: AnyNode[] = [];
		spokenLiterals(expr, lits);
		for (const l of lits) report(l.start, literalText(l));
	};
	const walk = (node: unknown, inStyleOrScript = false): void => {
		if (Array.isArray(node)) {
			for (const n of node) walk(n, inStyleOrScript);
			return;
		}
		if (!isNode(node)) return;
		if (node.type === 'Text' && !inStyleOrScript) report(node.start, String(node.data));
		if (node.type === 'ExpressionTag') expression(node.expression);
		if (node.type === 'Attribute' && SPOKEN.has(String(node.name))) {
			const value = node.value;
			if (Array.isArray(value))
				for (const part of value as AnyNode[]) {
					if (part.type === 'Text') report(part.start, String(part.data));
					else if (part.type === 'ExpressionTag') expression(part.expression);
				}
			else if (isNode(value) && value.type === 'ExpressionTag') expression(value.expression);
			return;
		}
		if (node.type === 'Attribute' || node.type === 'StyleDirective') return;
		if (node.type === 'RegularElement' && CODE.has(String(node.name))) return;
		for (const [key, child] of Object.entries(node)) {
			if (key === 'expression' || key === 'metadata') continue;
			walk(child, inStyleOrScript);
		}
	};
	walk(ast.fragment);
	// Tab and option lists in the component's scripts: `label: 'Nodes'`.
	const properties = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(properties);
		if (!isNode(node)) return;
		if (node.type === 'Property' && isNode(node.key) && isNode(node.value)) {
			const key = node.key as AnyNode;
			const name = String(key.name ?? key.value);
			const value = node.value as AnyNode;
			if (TEXT_PROPERTIES.has(name) && value.type === 'Literal' && typeof value.value === 'string')
				report(value.start, value.value);
		}
		for (const [k, child] of Object.entries(node)) if (k !== 'metadata') properties(child);
	};
	properties([ast.instance, ast.module, ast.fragment]);
	return found;
}
