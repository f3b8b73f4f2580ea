/**
 * `-subj /type0=value0/type1=value1…` as OpenSSL 3.0 parses it (apps/lib/apps.c `parse_name`:
 * `\` escapes, unknown attribute types skipped with a warning) and prints a name with its
 * default `oneline` format (`CN = httpbin.example.com, O = httpbin organization`).
 */
import type { JsonName } from './x509-types.ts';

/** The short names OpenSSL knows (objects.txt) for the attributes a subject usually carries. */
const KNOWN: Readonly<Record<string, string>> = {
	C: '2.5.4.6',
	ST: '2.5.4.8',
	L: '2.5.4.7',
	O: '2.5.4.10',
	OU: '2.5.4.11',
	CN: '2.5.4.3',
	emailAddress: '1.2.840.113549.1.9.1',
	serialNumber: '2.5.4.5',
	street: '2.5.4.9',
	DC: '0.9.2342.19200300.100.1.25',
	UID: '0.9.2342.19200300.100.1.1'
};

export interface ParsedSubject {
	readonly name: JsonName;
	/** parse_name's warnings (skipped attributes), for stderr. */
	readonly warnings: readonly string[];
}

function unescapedParts(text: string): string[] | undefined {
	const parts: string[] = [];
	let current = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (c === '\\') {
			const next = text[++i];
			if (next === undefined) return undefined;
			current += next;
		} else if (c === '/') {
			parts.push(current);
			current = '';
		} else current += c;
	}
	parts.push(current);
	return parts;
}

export function parseSubject(
	prog: string,
	desc: string,
	text: string
): ParsedSubject | { readonly error: string } {
	if (!text.startsWith('/'))
		return {
			error: `${prog}: ${desc} name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${text}'\n`
		};
	const parts = unescapedParts(text.slice(1));
	if (parts === undefined)
		return { error: `${prog}: Escape character at end of ${desc} name string\n` };
	const name: JsonName = [];
	const warnings: string[] = [];
	for (const part of parts) {
		if (part === '' && parts.length === 1) break;
		const eq = part.indexOf('=');
		if (eq < 0)
			return {
				error: `${prog}: Missing '=' after RDN type string '${part}' in ${desc} name string\n`
			};
		const type = part.slice(0, eq);
		const oid = KNOWN[type];
		if (oid === undefined) {
			warnings.push(`${prog}: Skipping unknown ${desc} name attribute "${type}"\n`);
			continue;
		}
		const value = part.slice(eq + 1);
		if (value === '') {
			warnings.push(`${prog}: No value provided for ${desc} name attribute "${type}", skipped\n`);
			continue;
		}
		name.push({ [oid]: [value] });
	}
	return { name, warnings };
}

const SHORT_BY_OID: ReadonlyMap<string, string> = new Map(
	Object.entries(KNOWN).map(([short, oid]) => [oid, short])
);

/** XN_FLAG_ONELINE, as 3.0's `print_name` writes `subject=`. */
export function oneline(name: JsonName): string {
	return name
		.flatMap((rdn) =>
			Object.entries(rdn).flatMap(([oid, values]) =>
				values.map((v) => `${SHORT_BY_OID.get(oid) ?? oid} = ${v}`)
			)
		)
		.join(', ');
}
