/**
 * kubectl describe for a Secret and a ConfigMap (kubectl pkg/describe/describe.go
 * `describeSecret`, `ConfigMapDescriber`): a Secret shows each key's size, never its value (a
 * service-account token excepted); a ConfigMap shows each value under `key:` and `----`. Go
 * iterates the maps in random order; here keys come sorted.
 */
import type { KubeObject } from '../../../../mesh/api/objects.ts';
import { writeAnnotations, writeEvents, writeLabels } from './common.ts';
import { LEVEL_0, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

const entries = (obj: KubeObject, field: string): [string, string][] => {
	const value = (obj as Record<string, unknown>)[field];
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value as Record<string, unknown>)
		.map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : String(v)])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

/** Bytes of a base64 value (the API stores Secret data base64-encoded). */
function decodedLength(b64: string): number {
	const clean = b64.replace(/\s/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function header(w: PrefixWriter, obj: KubeObject): void {
	w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
	writeLabels(w, 'Labels', obj.metadata.labels);
	writeAnnotations(w, 'Annotations', obj.metadata.annotations);
}

export function describeSecret(secret: KubeObject, _c: DescribeContext): string {
	const w = new PrefixWriter();
	header(w, secret);
	const type = String((secret as Record<string, unknown>)['type'] ?? 'Opaque');
	w.write(LEVEL_0, `\nType:\t${type}\n`);
	w.write(LEVEL_0, '\nData\n====\n');
	for (const [k, v] of entries(secret, 'data')) {
		if (k === 'token' && type === 'kubernetes.io/service-account-token')
			w.write(LEVEL_0, `${k}:\t${atob(v.replace(/\s/g, ''))}\n`);
		else w.write(LEVEL_0, `${k}:\t${decodedLength(v)} bytes\n`);
	}
	return w.toString();
}

export function describeConfigMap(cm: KubeObject, c: DescribeContext): string {
	const w = new PrefixWriter();
	header(w, cm);
	w.write(LEVEL_0, '\nData\n====\n');
	for (const [k, v] of entries(cm, 'data')) w.write(LEVEL_0, `${k}:\n----\n${v}\n`);
	w.write(LEVEL_0, '\nBinaryData\n====\n');
	for (const [k, v] of entries(cm, 'binaryData'))
		w.write(LEVEL_0, `${k}: ${decodedLength(v)} bytes\n`);
	w.write(LEVEL_0, '\n');
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
