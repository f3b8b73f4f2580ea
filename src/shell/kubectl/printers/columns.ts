/**
 * Which columns `kubectl get` shows per kind, mirroring the server-side table printers in
 * kubernetes/pkg/printers/internalversion/printers.go. The registry is keyed by kind so later
 * work (Gateway, AuthorizationPolicy …) can add columns; a CRD's additionalPrinterColumns are used
 * when no built-in entry exists, and `NAME AGE` otherwise.
 */
import type { ApiServer, ResourceType } from '../../../mesh/api/api-server.ts';
import { isApiError } from '../../../mesh/api/errors.ts';
import { formatJsonValue, parseJsonPath, isJsonPathError, relaxedJsonPath } from '../jsonpath.ts';
import { BUILTIN_COLUMNS } from './builtin-columns.ts';
import { ageColumn, type ColumnDef, type KindColumns } from './cells.ts';
import { age } from './duration.ts';

export type { CellContext, ColumnDef, KindColumns } from './cells.ts';

const registry = new Map<string, KindColumns>(Object.entries(BUILTIN_COLUMNS));

/** Adds or replaces the columns of a kind (`Gateway`, `AuthorizationPolicy` …). */
export function registerPrinterColumns(kind: string, columns: KindColumns): void {
	registry.set(kind, columns);
}

interface PrinterColumn {
	name?: unknown;
	type?: unknown;
	jsonPath?: unknown;
	priority?: unknown;
}

/** Columns from the CRD defining `type`, if it declares additionalPrinterColumns. */
function crdColumns(api: ApiServer, type: ResourceType): KindColumns | undefined {
	if (type.group === '') return undefined;
	const crdType = api.resolve('customresourcedefinitions');
	if (!crdType) return undefined;
	const crd = api.get(crdType, undefined, `${type.plural}.${type.group}`);
	if (isApiError(crd)) return undefined;
	const versions = (
		crd.spec as { versions?: { name?: string; additionalPrinterColumns?: PrinterColumn[] }[] }
	)?.versions;
	const version = versions?.find((v) => v.name === type.version) ?? versions?.[0];
	const cols = version?.additionalPrinterColumns;
	if (!cols || cols.length === 0) return undefined;
	return {
		columns: cols.map((col): ColumnDef => {
			const path = parseJsonPath(relaxedJsonPath(String(col.jsonPath ?? '')));
			const isDate = col.type === 'date';
			return {
				header: String(col.name ?? '').toUpperCase(),
				wide: typeof col.priority === 'number' && col.priority > 0,
				cell: (o, c) => {
					if (isJsonPathError(path)) return '';
					const values = path.values(o);
					if (values.length === 0) return isDate ? '<unknown>' : '';
					return isDate ? age(values[0], c.nowMs) : values.map(formatJsonValue).join(',');
				}
			};
		})
	};
}

export function columnsFor(api: ApiServer, type: ResourceType): KindColumns {
	return registry.get(type.kind) ?? crdColumns(api, type) ?? { columns: [ageColumn] };
}
