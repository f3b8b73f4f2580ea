/**
 * Name and label validation, worded as apimachinery `util/validation` words it, so a learner sees
 * the same regex hint a real API server gives.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const DNS1123_LABEL_MSG =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_MSG =
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const full = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const DNS1123_LABEL = full(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = full(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = full(DNS1035_LABEL_FMT);
const QUALIFIED_NAME = full(QUALIFIED_NAME_FMT);
const LABEL_VALUE = full(LABEL_VALUE_FMT);

/** apimachinery `RegexError`; its double space before "or" is real. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
	if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
	const eg = examples.map((e) => `'${e}', `).join(' or ');
	return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

const maxLen = (n: number): string => `must be no more than ${n} characters`;

export function isDns1123Label(value: string): string[] {
	const errs: string[] = [];
	if (value.length > 63) errs.push(maxLen(63));
	if (!DNS1123_LABEL.test(value))
		errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
	return errs;
}

export function isDns1123Subdomain(value: string): string[] {
	const errs: string[] = [];
	if (value.length > 253) errs.push(maxLen(253));
	if (!DNS1123_SUBDOMAIN.test(value))
		errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
	return errs;
}

export function isDns1035Label(value: string): string[] {
	const errs: string[] = [];
	if (value.length > 63) errs.push(maxLen(63));
	if (!DNS1035_LABEL.test(value))
		errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
	return errs;
}

/** A label or annotation key: `[prefix/]name` (apimachinery `IsQualifiedName`). */
export function isQualifiedName(value: string): string[] {
	const parts = value.split('/');
	let name: string;
	const errs: string[] = [];
	if (parts.length === 1) {
		name = parts[0] ?? '';
	} else if (parts.length === 2) {
		const prefix = parts[0] ?? '';
		name = parts[1] ?? '';
		if (prefix.length === 0) errs.push('prefix part must be non-empty');
		else for (const e of isDns1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
	} else {
		return [
			'a qualified name ' +
				regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
				" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
		];
	}
	if (name.length === 0) errs.push('name part must be non-empty');
	else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
	if (name.length > 0 && !QUALIFIED_NAME.test(name))
		errs.push(
			`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`
		);
	return errs;
}

export function isValidLabelValue(value: string): string[] {
	const errs: string[] = [];
	if (value.length > 63) errs.push(maxLen(63));
	if (!LABEL_VALUE.test(value))
		errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
	return errs;
}
