/**
 * sed's regular expressions: GNU BRE (ERE with `-E`) parsed by grep's parser (the same syntax and
 * error messages as GNU's regcomp), then written as a JavaScript RegExp so `s` gets its groups.
 * Simplified: JavaScript picks the leftmost-first alternative where POSIX takes the longest.
 */
import { parseRegex, type CharSet, type Node } from './grep-regex.ts';

const hex = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;

function setSource(set: CharSet): string {
	const body = set.ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`));
	if (set.negated) return `[^${body.join('')}]`;
	return body.length === 0 ? '[^\\s\\S]' : `[${body.join('')}]`;
}

function source(node: Node): string {
	switch (node.type) {
		case 'set':
			return setSource(node.set);
		case 'assert':
			return {
				start: '^',
				end: '$',
				'word-boundary': '\\b',
				'not-word-boundary': '\\B',
				'word-start': '\\b(?=\\w)',
				'word-end': '\\b(?<=\\w)'
			}[node.kind];
		case 'concat':
			return node.items.map(source).join('');
		case 'alt':
			return `(?:${node.options.map(source).join('|')})`;
		case 'repeat': {
			const max = node.max === Infinity ? '' : String(node.max);
			const count = node.min === node.max ? `{${node.min}}` : `{${node.min},${max}}`;
			return `(?:${source(node.node)})${count}`;
		}
		case 'group':
			return `(${source(node.node)})`;
		case 'backref':
			return `\\${node.index}`;
	}
}

function groupCount(node: Node): number {
	switch (node.type) {
		case 'concat':
			return node.items.reduce((n, i) => Math.max(n, groupCount(i)), 0);
		case 'alt':
			return node.options.reduce((n, i) => Math.max(n, groupCount(i)), 0);
		case 'repeat':
			return groupCount(node.node);
		case 'group':
			return Math.max(node.index, groupCount(node.node));
		default:
			return 0;
	}
}

/**
 * JavaScript's matcher backtracks, so a repetition of something that itself repeats or branches
 * (`\(a*\)*`, `\(a\|aa\)*`), or a back-reference under a repetition, can take exponential
 * time on a line that almost matches and would freeze the page. grep runs an automaton instead;
 * sed needs groups, so such patterns are refused with a note.
 */
function explosive(node: Node, underRepeat = false): boolean {
	switch (node.type) {
		case 'repeat': {
			if (underRepeat && node.max > 1) return true;
			return explosive(node.node, underRepeat || node.max > 1);
		}
		case 'alt':
			return underRepeat || node.options.some((o) => explosive(o, underRepeat));
		case 'concat':
			return node.items.some((i) => explosive(i, underRepeat));
		case 'group':
			return explosive(node.node, underRepeat);
		case 'backref':
			return underRepeat;
		default:
			return false;
	}
}

export const EXPLOSIVE_NOTE =
	'nested repetition is not supported in this playground (it can take exponential time)';

export interface SedRegex {
	readonly regex: RegExp;
	/** How many `\(…\)` groups it has: `\N` beyond them is an invalid reference. */
	readonly groups: number;
}

/** Compiles `pattern`; a string is regcomp's message (`Unmatched ( or \(`). */
export function compileSedRegex(
	pattern: string,
	extended: boolean,
	ignoreCase: boolean
): SedRegex | string {
	const tree = parseRegex(pattern, extended);
	if ('error' in tree) return tree.error;
	if (explosive(tree)) return EXPLOSIVE_NOTE;
	try {
		return { regex: new RegExp(source(tree), ignoreCase ? 'gi' : 'g'), groups: groupCount(tree) };
	} catch (e) {
		return String(e);
	}
}
