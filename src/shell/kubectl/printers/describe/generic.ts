/** Namespace and the generic (CRD, unknown kind) describers (kubectl/pkg/describe/describe.go). */
import type { KubeObject } from '../../../../mesh/api/objects.ts';
import { field } from '../cells.ts';
import { writeAnnotations, writeEvents, writeLabels, writeUnstructured } from './common.ts';
import { LEVEL_0, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

export function describeNamespace(ns: KubeObject, _c: DescribeContext): string {
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
	writeLabels(w, 'Labels', ns.metadata.labels);
	writeAnnotations(w, 'Annotations', ns.metadata.annotations);
	w.write(LEVEL_0, `Status:\t${String(field(ns, 'status', 'phase') ?? 'Active')}\n`);
	w.write(LEVEL_0, '\nNo resource quota.\n\nNo LimitRange resource.\n');
	return w.toString();
}

const SKIP = [
	'.metadata.managedFields',
	'.metadata.name',
	'.metadata.namespace',
	'.metadata.labels',
	'.metadata.annotations'
];

export function describeGeneric(obj: KubeObject, c: DescribeContext): string {
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
	writeLabels(w, 'Labels', obj.metadata.labels);
	writeAnnotations(w, 'Annotations', obj.metadata.annotations);
	writeUnstructured(
		w,
		LEVEL_0,
		JSON.parse(JSON.stringify(obj)) as Record<string, unknown>,
		'',
		SKIP
	);
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
