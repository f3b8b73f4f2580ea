/**
 * `{ contains: [...] }`: a list field holds an element like each pattern, in any order. A lesson
 * whose goal does not depend on order (principals, backendRefs, targetRefs, a route's rules)
 * must not reject a learner who wrote them in another order or added one more.
 */
import type { ListPattern } from '../types.ts';
import { safeRegex } from './safe-regex.ts';

/**
 * Whether `value` is like `pattern` (a mapping: its keys match; a list: contains). A scalar
 * value is also like `{matches: REGEX}` when the regex finds it (a principal that starts with
 * `spiffe://`); an object value keeps the mapping meaning (an HTTPRoute rule's `matches`).
 */
export function likePattern(value: unknown, pattern: ListPattern): boolean {
	if (Array.isArray(pattern)) return containsAll(value, pattern);
	if (isRegexPattern(pattern) && isScalar(value))
		return safeRegex(pattern.matches).test(String(value));
	if (pattern !== null && typeof pattern === 'object') {
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
		const object = value as Record<string, unknown>;
		return Object.entries(pattern).every(([k, p]) => likePattern(object[k], p));
	}
	return value !== undefined && value !== null && String(value) === String(pattern);
}

function isRegexPattern(p: ListPattern): p is { matches: string } {
	return (
		p !== null &&
		typeof p === 'object' &&
		!Array.isArray(p) &&
		Object.keys(p).length === 1 &&
		typeof (p as { matches?: unknown }).matches === 'string'
	);
}

const isScalar = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v);

/** `value` is a list with, for each pattern, an element like it. */
export function containsAll(value: unknown, patterns: readonly ListPattern[]): boolean {
	if (!Array.isArray(value)) return false;
	return patterns.every((p) => value.some((element) => likePattern(element, p)));
}

/** The patterns `value` lacks, for evidence. */
export function missing(value: unknown, patterns: readonly ListPattern[]): ListPattern[] {
	if (!Array.isArray(value)) return [...patterns];
	return patterns.filter((p) => !value.some((element) => likePattern(element, p)));
}

/**
 * A pattern in words a learner can match against their YAML:
 * `{name: reviews-v1, weight: 90}` → `name reviews-v1 and weight 90`;
 * `{from: [{source: {principals: [x]}}]}` → `from[].source.principals[] x`.
 */
export function describePattern(pattern: ListPattern): string {
	return leaves(pattern, '')
		.map(([path, v]) => (path ? `${path} ${v}` : v))
		.join(' and ');
}

function leaves(pattern: ListPattern, path: string): [string, string][] {
	if (isRegexPattern(pattern)) return [[path, `matching ${pattern.matches}`]];
	if (Array.isArray(pattern)) return pattern.flatMap((p: ListPattern) => leaves(p, `${path}[]`));
	if (pattern !== null && typeof pattern === 'object')
		return Object.entries(pattern).flatMap(([k, p]) => leaves(p, path ? `${path}.${k}` : k));
	return [[path, String(pattern)]];
}
