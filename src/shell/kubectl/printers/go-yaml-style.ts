/**
 * Which strings go-yaml v2 (sigs.k8s.io/yaml, kubectl's and istioctl's `-o yaml`) writes in
 * single quotes: a string that reads back as a string (encode.go `stringv`: otherwise it is
 * double-quoted, as the `yaml` package already does with YAML 1.1) but cannot be a plain scalar
 * (emitterc.go `yaml_emitter_analyze_scalar`: a leading indicator, `: `, ` #`, a leading or
 * trailing space, a document marker) and holds only printable characters. `*` → `'*'`,
 * `a: b` → `'a: b'`, while `123`, `yes` and `""` stay `"123"`, `"yes"`, `""`.
 */

const BOOLS = new Set(
	'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' ')
);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/;
const SPECIAL_FLOAT = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
	/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$/;

/** resolve.go `resolve("", s)` is `!!str` (conservatively: anything number-, bool- or null-like is not). */
function readsAsString(s: string): boolean {
	return !(
		NULLS.has(s) ||
		BOOLS.has(s) ||
		s === '<<' ||
		FLOAT.test(s) ||
		INT.test(s) ||
		SPECIAL_FLOAT.test(s) ||
		BASE60.test(s) ||
		TIMESTAMP.test(s)
	);
}

/** libyaml's is_printable, for one UTF-16 code unit (surrogates are printable pairs). */
function printable(c: number): boolean {
	return (
		c === 0x0a ||
		(c >= 0x20 && c <= 0x7e) ||
		c === 0x85 ||
		(c >= 0xa0 && c <= 0xd7ff) ||
		(c >= 0xd800 && c <= 0xdfff) ||
		(c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
	);
}

const blank = (ch: string | undefined) => ch === undefined || ch === ' ' || ch === '\t';

/** yaml_emitter_analyze_scalar's block_plain_allowed, for a one-line string. */
function plainAllowed(s: string): boolean {
	if (s.startsWith('---') || s.startsWith('...')) return false;
	if (s.startsWith(' ') || s.endsWith(' ')) return false;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i] as string;
		const followedByBlank = blank(s[i + 1]);
		if (i === 0) {
			if ('#,[]{}&*!|>\'"%@`'.includes(ch)) return false;
			if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) return false;
		} else {
			if (ch === ':' && followedByBlank) return false;
			if (ch === '#' && blank(s[i - 1])) return false;
		}
	}
	return true;
}

/** True when go-yaml v2 writes `s` as a single-quoted scalar. */
export function goSingleQuoted(s: string): boolean {
	if (s.includes('\n') || !readsAsString(s) || plainAllowed(s)) return false;
	for (let i = 0; i < s.length; i++) if (!printable(s.charCodeAt(i))) return false;
	return true;
}
