/**
 * The human-readable table of `kubectl get`: NAMESPACE (with -A), NAME (kind-prefixed when
 * several types are printed), the kind's columns, `-o wide` extras, `-L` label columns and
 * `--show-labels`, laid out by the same tabwriter settings kubectl uses.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { formatLabels, type CellContext, type KindColumns } from './cells.ts';
import { tabwrite, TABLE_TABWRITER } from './tabwriter.ts';

export interface TableOptions {
	readonly wide?: boolean;
	readonly showLabels?: boolean;
	/** `-L key`: one column per key, headed by the key's last path segment upper-cased. */
	readonly labelColumns?: readonly string[];
	readonly noHeaders?: boolean;
	/** Adds NAMESPACE first (`-A` on a namespaced kind). */
	readonly withNamespace?: boolean;
	/** `pod`, `deployment.apps`: prints NAME as `pod/x` (several types requested, or --show-kind). */
	readonly kindPrefix?: string;
}

/** `-L istio.io/dataplane-mode` → `DATAPLANE-MODE`. */
export function labelHeader(key: string): string {
	return (key.split('/').pop() ?? key).toUpperCase();
}

/** Cell rows, header first unless --no-headers; cells must not contain tabs or newlines. */
export function tableRows(
	objects: readonly KubeObject[],
	kind: KindColumns,
	options: TableOptions,
	c: CellContext
): string[][] {
	const columns = kind.columns.filter((col) => options.wide || !col.wide);
	const labels = options.labelColumns ?? [];
	const header = [
		...(options.withNamespace ? ['NAMESPACE'] : []),
		...(kind.noName ? [] : ['NAME']),
		...columns.map((col) => col.header),
		...labels.map(labelHeader),
		...(options.showLabels ? ['LABELS'] : [])
	];
	const rows = objects.map((o) => [
		...(options.withNamespace ? [o.metadata.namespace ?? ''] : []),
		...(kind.noName
			? []
			: [options.kindPrefix ? `${options.kindPrefix}/${o.metadata.name}` : o.metadata.name]),
		...columns.map((col) => col.cell(o, c)),
		...labels.map((k) => o.metadata.labels?.[k] ?? ''),
		...(options.showLabels ? [formatLabels(o.metadata.labels)] : [])
	]);
	return options.noHeaders ? rows : [header, ...rows];
}

const clean = (s: string): string => s.replace(/[\t\n]/g, ' ');

/** Aligns rows as kubectl does: 3 spaces between columns, no trailing padding. */
export function formatRows(rows: readonly (readonly string[])[]): string {
	if (rows.length === 0) return '';
	return tabwrite(rows.map((r) => r.map(clean).join('\t')).join('\n') + '\n', TABLE_TABWRITER);
}

export function printTable(
	objects: readonly KubeObject[],
	kind: KindColumns,
	options: TableOptions,
	c: CellContext
): string {
	return formatRows(tableRows(objects, kind, options, c));
}
