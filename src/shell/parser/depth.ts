/**
 * Nesting limits. Bash has none for `$(…)` or `( … )` and overflows its C stack instead; here a
 * deep input would overflow the JavaScript stack and leave the terminal throwing, so the lexer,
 * the parser and the finished tree each refuse more than MAX_NESTING levels with an error worded
 * like bash's `maximum function nesting level exceeded (N)`.
 */
import type { Redirect, Script, Word } from './ast.ts';

/** Deep enough for any script a person writes; shallow enough for every engine's stack. */
export const MAX_NESTING = 100;

export const NESTING_MESSAGE = `maximum nesting level exceeded (${MAX_NESTING})`;

/**
 * True when `script` nests scripts (`$(…)`, subshells, groups, loop and `if` bodies) more than
 * MAX_NESTING deep. The lexer and parser bound each level on their own; a `$(…)` inside a
 * `( … )` inside a `$(…)` adds up across them, which only the whole tree shows.
 */
export function nestsTooDeep(script: Script): boolean {
	return scriptDepth(script, 1) > MAX_NESTING;
}

// Each walk stops as soon as the limit is passed, so it recurses at most MAX_NESTING levels.
function scriptDepth(script: Script, depth: number): number {
	if (depth > MAX_NESTING) return depth;
	let max = depth;
	for (const item of script.items) {
		for (const pipeline of [item.command.first, ...item.command.rest.map((r) => r.pipeline)]) {
			for (const c of pipeline.commands) {
				max = Math.max(max, redirectsDepth(c.redirects, depth));
				if (c.type === 'simple') {
					for (const w of c.words) max = Math.max(max, wordDepth(w, depth));
					for (const a of c.assignments) max = Math.max(max, wordDepth(a.value, depth));
				} else if (c.type === 'if') {
					for (const b of c.branches)
						max = Math.max(
							max,
							scriptDepth(b.condition, depth + 1),
							scriptDepth(b.body, depth + 1)
						);
					if (c.elseBody) max = Math.max(max, scriptDepth(c.elseBody, depth + 1));
				} else if (c.type === 'while') {
					max = Math.max(max, scriptDepth(c.condition, depth + 1), scriptDepth(c.body, depth + 1));
				} else {
					if (c.type === 'for')
						for (const w of c.words ?? []) max = Math.max(max, wordDepth(w, depth));
					max = Math.max(max, scriptDepth(c.body, depth + 1));
				}
				if (max > MAX_NESTING) return max;
			}
		}
	}
	return max;
}

function redirectsDepth(redirects: readonly Redirect[], depth: number): number {
	let max = depth;
	for (const r of redirects) {
		max = Math.max(max, wordDepth(r.target, depth));
		if (r.heredoc) max = Math.max(max, wordDepth(r.heredoc, depth));
	}
	return max;
}

function wordDepth(word: Word, depth: number): number {
	let max = depth;
	for (const p of word.parts) {
		if (p.type === 'command' || p.type === 'procsubst')
			max = Math.max(max, scriptDepth(p.script, depth + 1));
		else if (p.type === 'arith') max = Math.max(max, wordDepth(p.expr, depth + 1));
		else if (p.type === 'param' && p.arg) max = Math.max(max, wordDepth(p.arg, depth + 1));
		if (max > MAX_NESTING) return max;
	}
	return max;
}
