/**
 * `-o` values kubectl understands, parsed once before anything is fetched so a bad format fails
 * early with kubectl's wording.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import {
	formatJsonValue,
	isJsonPathError,
	parseJsonPath,
	relaxedJsonPath,
	type JsonPath
} from '../jsonpath.ts';
import { NONE } from './cells.ts';
import { formatRows } from './table.ts';

export interface CustomColumn {
	readonly header: string;
	readonly path: JsonPath;
}

export type OutputFormat =
	| { readonly kind: 'table'; readonly wide: boolean }
	| { readonly kind: 'yaml' }
	| { readonly kind: 'json' }
	| { readonly kind: 'name' }
	| { readonly kind: 'jsonpath'; readonly path: JsonPath }
	| { readonly kind: 'custom-columns'; readonly columns: readonly CustomColumn[] };

export interface OutputError {
	readonly type: 'output-error';
	/** Printed after `error: `. */
	readonly message: string;
}

const outputError = (message: string): OutputError => ({ type: 'output-error', message });

export function isOutputError(x: OutputFormat | OutputError): x is OutputError {
	return 'type' in x && x.type === 'output-error';
}

const ALLOWED =
	'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export function parseOutputFormat(value: string | undefined): OutputFormat | OutputError {
	if (value === undefined || value === '') return { kind: 'table', wide: false };
	const eq = value.indexOf('=');
	const name = eq >= 0 ? value.slice(0, eq) : value;
	const arg = eq >= 0 ? value.slice(eq + 1) : '';
	switch (name) {
		case 'wide':
			return { kind: 'table', wide: true };
		case 'yaml':
		case 'json':
		case 'name':
			return { kind: name };
		case 'jsonpath': {
			if (arg === '') return outputError('template format specified but no template given');
			const path = parseJsonPath(arg);
			return isJsonPathError(path) ? outputError(path.message) : { kind: 'jsonpath', path };
		}
		case 'custom-columns': {
			if (arg === '')
				return outputError('custom-columns format specified but no custom columns given');
			const columns: CustomColumn[] = [];
			for (const spec of arg.split(',')) {
				const colon = spec.indexOf(':');
				if (colon <= 0)
					return outputError(
						`unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`
					);
				const path = parseJsonPath(relaxedJsonPath(spec.slice(colon + 1)));
				if (isJsonPathError(path)) return outputError(path.message);
				columns.push({ header: spec.slice(0, colon), path });
			}
			return { kind: 'custom-columns', columns };
		}
		default:
			return outputError(
				`unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`
			);
	}
}

/** `-o custom-columns=NAME:.metadata.name,IP:.status.podIP`; missing values print `<none>`. */
export function printCustomColumns(
	objects: readonly KubeObject[],
	columns: readonly CustomColumn[],
	noHeaders: boolean
): string {
	const rows = objects.map((o) =>
		columns.map((c) => {
			const values = c.path.values(o);
			return values.length === 0 ? NONE : values.map(formatJsonValue).join(',');
		})
	);
	return formatRows(noHeaders ? rows : [columns.map((c) => c.header), ...rows]);
}
