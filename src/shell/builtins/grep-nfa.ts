/**
 * Runs a parsed POSIX regex (grep-regex.ts) as a Thompson NFA, one step per character with a set
 * of states, so `(a+)+$` on a long line costs the same as `a+$`: no backtracking, no frozen tab.
 * Matches are POSIX leftmost-longest, as GNU grep's `-o` prints them. Back-references are not
 * regular; patterns with them run on a backtracking matcher with a step budget.
 */
import {
	type Assertion,
	type CharSet,
	type Node,
	WORD_SET,
	hasBackref,
	inSet
} from './grep-regex.ts';

type Inst =
	| { op: 'set'; set: CharSet; next: number }
	| { op: 'split'; a: number; b: number }
	| { op: 'jmp'; next: number }
	| { op: 'assert'; kind: Assertion; next: number }
	| { op: 'match' };

/**
 * Past this many instructions a pattern is refused, as glibc refuses huge `{m,n}` expansions.
 * Matching costs text length × live instructions, so the cap is what keeps one check or one
 * grep under a second: at 200,000, `[0-9]{0,30000}x` froze each lesson check for 13-17 s.
 */
const MAX_PROGRAM = 10_000;
/** Steps the back-reference matcher may take per line before giving up. */
const BACKTRACK_BUDGET = 1_000_000;

class TooBig extends Error {}

export interface MatchOptions {
	readonly ignoreCase: boolean;
	/** `-w`: the match must be a whole word. */
	readonly word: boolean;
	/** `-x`: the match must be the whole line. */
	readonly line: boolean;
}

export interface Matcher {
	test(line: string): boolean;
	/** Non-empty, non-overlapping leftmost-longest matches (`grep -o`). */
	matches(line: string): string[];
}

function compile(root: Node): Inst[] {
	const prog: Inst[] = [];
	const emit = (inst: Inst): number => {
		if (prog.length >= MAX_PROGRAM) throw new TooBig();
		prog.push(inst);
		return prog.length - 1;
	};
	/** Emits `node`; its exit jumps to the instruction index returned by `patch`. */
	const gen = (node: Node): void => {
		switch (node.type) {
			case 'set':
				emit({ op: 'set', set: node.set, next: prog.length + 1 });
				return;
			case 'assert':
				emit({ op: 'assert', kind: node.kind, next: prog.length + 1 });
				return;
			case 'group':
				gen(node.node);
				return;
			case 'backref':
				throw new Error('back-references run on the backtracking matcher');
			case 'concat':
				for (const item of node.items) gen(item);
				return;
			case 'alt': {
				const jumps: number[] = [];
				node.options.forEach((option, k) => {
					if (k < node.options.length - 1) {
						const split = emit({ op: 'split', a: prog.length + 1, b: -1 });
						gen(option);
						jumps.push(emit({ op: 'jmp', next: -1 }));
						(prog[split] as { b: number }).b = prog.length;
					} else gen(option);
				});
				for (const j of jumps) (prog[j] as { next: number }).next = prog.length;
				return;
			}
			case 'repeat': {
				for (let k = 0; k < node.min; k++) gen(node.node);
				if (node.max === Infinity) {
					const split = emit({ op: 'split', a: prog.length + 1, b: -1 });
					gen(node.node);
					emit({ op: 'jmp', next: split });
					(prog[split] as { b: number }).b = prog.length;
					return;
				}
				const splits: number[] = [];
				for (let k = node.min; k < node.max; k++) {
					splits.push(emit({ op: 'split', a: prog.length + 1, b: -1 }));
					gen(node.node);
				}
				for (const s of splits) (prog[s] as { b: number }).b = prog.length;
			}
		}
	};
	gen(root);
	emit({ op: 'match' });
	return prog;
}

const isWordAt = (line: string, p: number): boolean =>
	p >= 0 && p < line.length && inSet(WORD_SET, line.charCodeAt(p));

function assertionHolds(kind: Assertion, line: string, p: number): boolean {
	const before = isWordAt(line, p - 1);
	const after = isWordAt(line, p);
	switch (kind) {
		case 'start':
			return p === 0;
		case 'end':
			return p === line.length;
		case 'word-boundary':
			return before !== after;
		case 'not-word-boundary':
			return before === after;
		case 'word-start':
			return !before && after;
		case 'word-end':
			return before && !after;
	}
}

function charMatches(set: CharSet, code: number, ignoreCase: boolean): boolean {
	if (inSet(set, code)) return true;
	if (!ignoreCase) return false;
	const c = String.fromCharCode(code);
	const lower = c.toLowerCase().charCodeAt(0);
	const upper = c.toUpperCase().charCodeAt(0);
	return inSet(set, lower) || inSet(set, upper);
}

/** A Pike VM over `prog`. */
class Nfa {
	readonly #prog: Inst[];
	readonly #ignoreCase: boolean;
	readonly #mark: Int32Array;
	#gen = 0;

	constructor(prog: Inst[], ignoreCase: boolean) {
		this.#prog = prog;
		this.#ignoreCase = ignoreCase;
		this.#mark = new Int32Array(prog.length).fill(-1);
	}

	/** Adds `pc` and its epsilon closure at position `p`; true when `match` is reachable. */
	#add(list: number[], pc: number, line: string, p: number): boolean {
		const stack = [pc];
		let matched = false;
		while (stack.length > 0) {
			const at = stack.pop() as number;
			if (this.#mark[at] === this.#gen) continue;
			this.#mark[at] = this.#gen;
			const inst = this.#prog[at] as Inst;
			switch (inst.op) {
				case 'jmp':
					stack.push(inst.next);
					break;
				case 'split':
					stack.push(inst.b, inst.a);
					break;
				case 'assert':
					if (assertionHolds(inst.kind, line, p)) stack.push(inst.next);
					break;
				case 'match':
					matched = true;
					break;
				case 'set':
					list.push(at);
			}
		}
		return matched;
	}

	/**
	 * Runs from `from`. Anchored: the match must start at `from`, and every end where it matches
	 * is reported (longest last). Unanchored: true as soon as any match exists.
	 */
	run(line: string, from: number, anchored: boolean, onEnd?: (end: number) => void): boolean {
		let current: number[] = [];
		this.#gen++;
		let matched = this.#add(current, 0, line, from);
		if (matched) {
			if (!anchored) return true;
			onEnd?.(from);
		}
		for (let p = from; p < line.length; p++) {
			if (current.length === 0 && anchored) break;
			const code = line.charCodeAt(p);
			const next: number[] = [];
			this.#gen++;
			matched = false;
			for (const pc of current) {
				const inst = this.#prog[pc] as Extract<Inst, { op: 'set' }>;
				if (
					charMatches(inst.set, code, this.#ignoreCase) &&
					this.#add(next, inst.next, line, p + 1)
				)
					matched = true;
			}
			if (!anchored && this.#add(next, 0, line, p + 1)) matched = true;
			if (matched) {
				if (!anchored) return true;
				onEnd?.(p + 1);
			}
			current = next;
		}
		return false;
	}
}

/** Ends of every match of `root` that starts at `from`, by backtracking (back-references). */
function backtrackEnds(
	root: Node,
	line: string,
	from: number,
	ignoreCase: boolean,
	budget: { steps: number }
): number[] {
	const ends = new Set<number>();
	const same = (a: string, b: string): boolean =>
		ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
	type Groups = ReadonlyMap<number, string>;
	const walk = (node: Node, p: number, groups: Groups, k: (p: number, g: Groups) => void): void => {
		if (--budget.steps < 0) throw new TooBig();
		switch (node.type) {
			case 'set':
				if (p < line.length && charMatches(node.set, line.charCodeAt(p), ignoreCase))
					k(p + 1, groups);
				return;
			case 'assert':
				if (assertionHolds(node.kind, line, p)) k(p, groups);
				return;
			case 'backref': {
				const text = groups.get(node.index) ?? '';
				if (same(line.slice(p, p + text.length), text)) k(p + text.length, groups);
				return;
			}
			case 'group':
				walk(node.node, p, groups, (end, g) =>
					k(end, new Map(g).set(node.index, line.slice(p, end)))
				);
				return;
			case 'concat': {
				const step = (i: number, at: number, g: Groups): void => {
					if (i === node.items.length) k(at, g);
					else walk(node.items[i] as Node, at, g, (e, g2) => step(i + 1, e, g2));
				};
				step(0, p, groups);
				return;
			}
			case 'alt':
				for (const option of node.options) walk(option, p, groups, k);
				return;
			case 'repeat': {
				const again = (count: number, at: number, g: Groups): void => {
					if (count >= node.min) k(at, g);
					if (count >= node.max) return;
					walk(node.node, at, g, (e, g2) => {
						// An empty iteration cannot make progress: stop, as POSIX matchers do.
						if (e !== at) again(count + 1, e, g2);
					});
				};
				again(0, p, groups);
			}
		}
	};
	walk(root, from, new Map(), (end) => ends.add(end));
	return [...ends].sort((a, b) => a - b);
}

/** Builds a matcher for the patterns (already parsed), or glibc's error text. */
export function createMatcher(
	trees: readonly Node[],
	options: MatchOptions
): Matcher | { error: string } {
	let root: Node = trees.length === 1 ? (trees[0] as Node) : { type: 'alt', options: trees };
	if (options.line)
		root = {
			type: 'concat',
			items: [{ type: 'assert', kind: 'start' }, root, { type: 'assert', kind: 'end' }]
		};
	let endsAt: (line: string, from: number) => number[];
	let anywhere: ((line: string) => boolean) | undefined;
	if (hasBackref(root)) {
		endsAt = (line, from) =>
			backtrackEnds(root, line, from, options.ignoreCase, { steps: BACKTRACK_BUDGET });
	} else {
		let nfa: Nfa;
		try {
			nfa = new Nfa(compile(root), options.ignoreCase);
		} catch (e) {
			if (e instanceof TooBig) return { error: 'Regular expression too big' };
			throw e;
		}
		endsAt = (line, from) => {
			const ends: number[] = [];
			nfa.run(line, from, true, (end) => ends.push(end));
			return ends;
		};
		anywhere = (line) => nfa.run(line, 0, false);
	}
	/** The longest acceptable end of a match starting at `from`, or undefined. */
	const longest = (line: string, from: number, nonEmpty: boolean): number | undefined => {
		if (options.word && isWordAt(line, from - 1)) return undefined;
		const ends = endsAt(line, from);
		for (let k = ends.length - 1; k >= 0; k--) {
			const end = ends[k] as number;
			if (nonEmpty && end === from) continue;
			if (options.word && (end === from || isWordAt(line, end))) continue;
			return end;
		}
		return undefined;
	};
	const guard = <T>(fallback: T, f: () => T): T => {
		try {
			return f();
		} catch (e) {
			if (e instanceof TooBig) return fallback;
			throw e;
		}
	};
	return {
		test: (line) =>
			guard(false, () => {
				if (anywhere && !options.word) return anywhere(line);
				for (let s = 0; s <= line.length; s++)
					if (longest(line, s, false) !== undefined) return true;
				return false;
			}),
		matches: (line) =>
			guard([], () => {
				const out: string[] = [];
				if (anywhere && !anywhere(line)) return out;
				for (let s = 0; s < line.length;) {
					const end = longest(line, s, true);
					if (end === undefined) s++;
					else {
						out.push(line.slice(s, end));
						s = end;
					}
				}
				return out;
			})
	};
}
