/** Column types and the small cell formatters several kinds share (labels, selectors, images). */
import type { KubeObject, LabelSelector } from '../../../mesh/api/objects.ts';
import { age } from './duration.ts';

export interface CellContext {
	/** The cluster's now, Unix ms. */
	readonly nowMs: number;
}

export interface ColumnDef {
	/** Upper-case header, as printed. */
	readonly header: string;
	/** Only shown with `-o wide` (priority > 0 in server-side tables). */
	readonly wide?: boolean;
	cell(obj: KubeObject, c: CellContext): string;
}

export interface KindColumns {
	readonly columns: readonly ColumnDef[];
	/** Events have no NAME column. */
	readonly noName?: boolean;
}

export const NONE = '<none>';

export const ageColumn: ColumnDef = {
	header: 'AGE',
	cell: (o, c) => age(o.metadata.creationTimestamp, c.nowMs)
};

/** labels.FormatLabels: `app=x,version=v1`, sorted by key; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
	const keys = Object.keys(labels ?? {}).sort();
	if (keys.length === 0) return NONE;
	return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

/** metav1.FormatLabelSelector: `app=x,tier in (a,b)`. */
export function formatSelector(sel: LabelSelector | undefined): string {
	if (!sel) return NONE;
	const parts = Object.keys(sel.matchLabels ?? {})
		.sort()
		.map((k) => `${k}=${(sel.matchLabels as Record<string, string>)[k]}`);
	for (const e of sel.matchExpressions ?? []) {
		const values = (e.values ?? []).join(',');
		if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
		else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
		else if (e.operator === 'Exists') parts.push(e.key);
		else parts.push(`!${e.key}`);
	}
	return parts.length === 0 ? NONE : parts.join(',');
}

/** Reads a nested field without trusting the object's shape. */
export function field(obj: unknown, ...path: string[]): unknown {
	let cur: unknown = obj;
	for (const key of path) {
		if (typeof cur !== 'object' || cur === null) return undefined;
		cur = (cur as Record<string, unknown>)[key];
	}
	return cur;
}

export function num(v: unknown): number {
	return typeof v === 'number' ? v : 0;
}

export function str(v: unknown, fallback = NONE): string {
	return typeof v === 'string' && v !== '' ? v : fallback;
}

/** CONTAINERS and IMAGES of workload wide output, from spec.template.spec.containers. */
export function templateContainers(obj: KubeObject): { name?: string; image?: string }[] {
	const c = field(obj, 'spec', 'template', 'spec', 'containers');
	return Array.isArray(c) ? (c as { name?: string; image?: string }[]) : [];
}

export const workloadWideColumns: readonly ColumnDef[] = [
	{
		header: 'CONTAINERS',
		wide: true,
		cell: (o) =>
			templateContainers(o)
				.map((c) => c.name ?? '')
				.join(',')
	},
	{
		header: 'IMAGES',
		wide: true,
		cell: (o) =>
			templateContainers(o)
				.map((c) => c.image ?? '')
				.join(',')
	},
	{
		header: 'SELECTOR',
		wide: true,
		cell: (o) => formatSelector(field(o, 'spec', 'selector') as LabelSelector | undefined)
	}
];
