/**
 * A release's user-supplied values: `-f/--values` files (YAML, in order) then `--set` on top
 * (helm pkg/cli/values Options.MergeValues). `--set a.b=c,d=e` parses as pkg/strvals does for
 * plain keys: `true`/`false` become booleans, whole numbers integers, `null` removes the key.
 */
import { parse } from 'yaml';
import type { Vfs } from '../vfs.ts';

export type Values = Record<string, unknown>;

const isObj = (x: unknown): x is Values => typeof x === 'object' && x !== null && !Array.isArray(x);

/** chartutil.MergeTables' effect for user values: later maps win key by key. */
export function mergeValues(into: Values, from: Values): Values {
	for (const [k, v] of Object.entries(from)) {
		const cur = into[k];
		into[k] = isObj(cur) && isObj(v) ? mergeValues({ ...cur }, v) : v;
	}
	return into;
}

function typed(raw: string): unknown {
	if (raw === 'true' || raw === 'false') return raw === 'true';
	if (raw === 'null') return null;
	if (/^-?(0|[1-9]\d{0,17})$/.test(raw)) return Number(raw);
	return raw;
}

function setPath(values: Values, path: string, value: unknown): void {
	const keys = path.split('.');
	let cur = values;
	for (const key of keys.slice(0, -1)) {
		const next = cur[key];
		if (!isObj(next)) cur[key] = {};
		cur = cur[key] as Values;
	}
	const last = keys[keys.length - 1] as string;
	if (value === null) delete cur[last];
	else cur[last] = value;
}

/** One `--set` argument into values, or strvals' error. */
function parseSet(arg: string, into: Values): string | undefined {
	for (const pair of arg.split(',')) {
		const eq = pair.indexOf('=');
		if (eq < 0) return `key "${pair}" has no value`;
		const key = pair.slice(0, eq);
		if (key === '' || key.split('.').some((k) => k === '')) return `key "${key}" has no value`;
		setPath(into, key, typed(pair.slice(eq + 1)));
	}
	return undefined;
}

/** The merged values, or the error helm prints (after `INSTALLATION FAILED: ` etc.). */
export function userValues(
	vfs: Vfs,
	files: readonly string[],
	sets: readonly string[]
): Values | { error: string } {
	const values: Values = {};
	for (const file of files) {
		const text = vfs.read(file);
		if (text === undefined) return { error: `open ${file}: no such file or directory` };
		let doc: unknown;
		try {
			doc = parse(text, { maxAliasCount: 0 });
		} catch (e) {
			const why = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
			return { error: `failed to parse ${file}: error converting YAML to JSON: ${why}` };
		}
		if (doc !== null && doc !== undefined && !isObj(doc))
			return {
				error: `failed to parse ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}`
			};
		mergeValues(values, isObj(doc) ? doc : {});
	}
	for (const s of sets) {
		const error = parseSet(s, values);
		if (error) return { error: `failed parsing --set data: ${error}` };
	}
	return values;
}

/** Dotted paths of every leaf, to compare against what a chart honours. */
export function leafPaths(values: Values, prefix = ''): string[] {
	return Object.entries(values).flatMap(([k, v]) =>
		isObj(v) && Object.keys(v).length > 0 ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]
	);
}
