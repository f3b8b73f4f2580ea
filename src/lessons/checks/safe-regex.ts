/** Lesson regexes, safe to run whatever a lesson from any URL holds. */
import { createMatcher } from '../../shell/builtins/grep-nfa.ts';
import { parseRegex } from '../../shell/builtins/grep-regex.ts';

/** What a lesson's pattern is tested with. */
export interface LessonPattern {
	test(text: string): boolean;
}

const NEVER: LessonPattern = { test: () => false };
/** Text beyond this is not searched: a check reads command output and objects, not files. */
const MAX_TEXT = 1_000_000;

/**
 * A lesson's regex, run on the shell's Thompson NFA (linear time) rather than a backtracking
 * RegExp: lessons come from any URL, and `(a+)+$` must not freeze the tab. The syntax is POSIX
 * ERE with `\d \w \s \b` (JavaScript's `\d` becomes `[0-9]`); `^` and `$` match at line ends,
 * as with JavaScript's `m` flag. An invalid pattern matches nothing (the schema check reports it).
 */
export function safeRegex(source: string): LessonPattern {
	const tree = parseRegex(source.replace(/\\d/g, '[0-9]').replace(/\\D/g, '[^0-9]'), true);
	if ('error' in tree) return NEVER;
	const matcher = createMatcher([tree], { ignoreCase: false, word: false, line: false });
	if ('error' in matcher) return NEVER;
	return {
		test(text) {
			const bounded = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
			return bounded.split('\n').some((line) => matcher.test(line)) || matcher.test(bounded);
		}
	};
}
