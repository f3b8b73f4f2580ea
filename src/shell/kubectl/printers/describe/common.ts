/**
 * Pieces every describer shares, mirroring kubectl/pkg/describe/describe.go: multi-line labels
 * and annotations, tolerations, events, and the generic unstructured dump.
 */
import type { KubeObject } from '../../../../mesh/api/objects.ts';
import { age } from '../duration.ts';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent: `Labels:\tk=v`, further keys on their own lines. */
export function writeLabels(
	w: PrefixWriter,
	title: string,
	labels: Record<string, string> | undefined,
	indent = ''
): void {
	w.write(LEVEL_0, `${indent}${title}:\t`);
	const keys = Object.keys(labels ?? {}).sort();
	if (keys.length === 0) {
		w.write(LEVEL_0, '<none>\n');
		return;
	}
	keys.forEach((k, i) => {
		if (i > 0) w.write(LEVEL_0, `${indent}\t`);
		w.write(LEVEL_0, `${k}=${(labels as Record<string, string>)[k]}\n`);
	});
}

const shorten = (s: string, max: number): string => (s.length > max ? s.slice(0, max) + '...' : s);

/** printAnnotationsMultilineWithIndent: `key: value`; last-applied-configuration is skipped. */
export function writeAnnotations(
	w: PrefixWriter,
	title: string,
	annotations: Record<string, string> | undefined,
	indent = ''
): void {
	w.write(LEVEL_0, `${indent}${title}:\t`);
	const keys = Object.keys(annotations ?? {})
		.filter((k) => k !== LAST_APPLIED)
		.sort();
	if (keys.length === 0) {
		w.write(LEVEL_0, '<none>\n');
		return;
	}
	keys.forEach((k, i) => {
		if (i > 0) w.write(LEVEL_0, `${indent}\t`);
		const value = ((annotations as Record<string, string>)[k] ?? '').replace(/\n$/, '');
		if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
			w.write(LEVEL_0, `${k}:\n`);
			for (const line of value.split('\n'))
				w.write(LEVEL_0, `${indent}  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
		} else w.write(LEVEL_0, `${k}: ${value}\n`);
	});
}

interface Toleration {
	key?: string;
	operator?: string;
	value?: string;
	effect?: string;
	tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent: `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`. */
export function writeTolerations(
	w: PrefixWriter,
	title: string,
	tolerations: unknown,
	indent = ''
): void {
	w.write(LEVEL_0, `${indent}${title}:\t`);
	const list = (Array.isArray(tolerations) ? tolerations : []) as Toleration[];
	if (list.length === 0) {
		w.write(LEVEL_0, '<none>\n');
		return;
	}
	list.forEach((t, i) => {
		if (i > 0) w.write(LEVEL_0, `${indent}\t`);
		let s = t.key ?? '';
		if (t.value) s += `=${t.value}`;
		if (t.effect) s += `:${t.effect}`;
		if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
		if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
		w.write(LEVEL_0, s + '\n');
	});
}

interface EventLike {
	type?: string;
	reason?: string;
	message?: string;
	count?: number;
	firstTimestamp?: string;
	lastTimestamp?: string;
	eventTime?: string;
	series?: { count?: number; lastObservedTime?: string };
	source?: { component?: string };
	reportingComponent?: string;
	reportingController?: string;
	metadata: { creationTimestamp?: string };
}

/** DescribeEvents: `Events:\t<none>` or the Type/Reason/Age/From/Message table. */
export function writeEvents(
	w: PrefixWriter,
	events: readonly KubeObject[] | undefined,
	nowMs: number
): void {
	if (!events) return;
	if (events.length === 0) {
		w.write(LEVEL_0, 'Events:\t<none>\n');
		return;
	}
	const list = [...events] as unknown as EventLike[];
	// kubectl's SortableEvents: series' last observation, else lastTimestamp, else eventTime.
	const last = (e: EventLike): string =>
		e.series?.lastObservedTime ??
		e.lastTimestamp ??
		e.eventTime ??
		e.metadata.creationTimestamp ??
		'';
	list.sort((a, b) => Date.parse(last(a)) - Date.parse(last(b)));
	w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
	w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
	for (const e of list) {
		const first = age(e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp, nowMs);
		const interval = e.series
			? `${age(last(e), nowMs)} (x${e.series.count ?? 1} over ${first})`
			: (e.count ?? 1) > 1
				? `${age(last(e), nowMs)} (x${e.count} over ${first})`
				: first;
		const source = e.source?.component || e.reportingController || e.reportingComponent || '';
		w.write(
			LEVEL_1,
			`${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`
		);
	}
}

/** fatih/camelcase Split, as smartLabelFor uses it. */
function camelSplit(s: string): string[] {
	const cls = (c: string): number =>
		/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\d/.test(c) ? 3 : 4;
	const runs: string[][] = [];
	let prev = -1;
	for (const c of s) {
		const k = cls(c);
		if (k === prev) (runs[runs.length - 1] as string[]).push(c);
		else runs.push([c]);
		prev = k;
	}
	for (let i = 0; i < runs.length - 1; i++) {
		const cur = runs[i] as string[];
		const next = runs[i + 1] as string[];
		if (cls(cur[0] ?? '') === 2 && cls(next[0] ?? '') === 1) next.unshift(cur.pop() as string);
	}
	return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** `apiVersion` → `API Version`, `matchLabels` → `Match Labels`; keys with `.` or `/` kept as-is. */
export function smartLabelFor(field: string): string {
	if (/[^\p{L}-]/u.test(field)) return field;
	const acronyms = ['API', 'URL', 'UID', 'OSB', 'GUID'];
	return camelSplit(field)
		.filter((p) => p !== '_')
		.map((p) =>
			acronyms.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)
		)
		.join(' ');
}

/** printUnstructuredContent: nested maps as indented `Title:` blocks, scalars as `Title:\tvalue`. */
export function writeUnstructured(
	w: PrefixWriter,
	level: number,
	content: Record<string, unknown>,
	skipPrefix: string,
	skip: readonly string[]
): void {
	for (const key of Object.keys(content).sort()) {
		const value = content[key];
		const path = `${skipPrefix}.${key}`;
		if (skip.includes(path) || value === undefined) continue;
		if (Array.isArray(value)) {
			w.write(level, `${smartLabelFor(key)}:\n`);
			for (const child of value) {
				if (typeof child === 'object' && child !== null && !Array.isArray(child))
					writeUnstructured(w, level + 1, child as Record<string, unknown>, path, skip);
				else w.write(level + 1, `${goValue(child)}\n`);
			}
		} else if (typeof value === 'object' && value !== null) {
			w.write(level, `${smartLabelFor(key)}:\n`);
			writeUnstructured(w, level + 1, value as Record<string, unknown>, path, skip);
		} else w.write(level, `${smartLabelFor(key)}:\t${goValue(value)}\n`);
	}
}

/** fmt's %v for JSON scalars. */
export function goValue(v: unknown): string {
	if (v === null || v === undefined) return '<nil>';
	if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
	if (typeof v === 'object')
		return `map[${Object.keys(v)
			.sort()
			.map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`)
			.join(' ')}]`;
	return String(v);
}
