/**
 * `-o yaml`, `-o json` and `-o name`. kubectl prints unstructured objects, so keys come out
 * sorted at every level (Go marshals maps in key order): apiVersion, kind, metadata, spec, status.
 * YAML follows sigs.k8s.io/yaml (go-yaml v2): sequences not indented under their key, YAML 1.1
 * quoting (`"yes"`, timestamps quoted), and single quotes where go-yaml uses them (`'*'`).
 */
import { Document, Scalar, visit } from 'yaml';
import { goSingleQuoted } from './go-yaml-style.ts';
import type { ResourceType } from '../../../mesh/api/api-server.ts';
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { qualifiedKind } from '../resource-args.ts';

export function sortKeys(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sortKeys);
	if (typeof v === 'object' && v !== null) {
		const o = v as Record<string, unknown>;
		return Object.fromEntries(
			Object.keys(o)
				.filter((k) => o[k] !== undefined)
				.sort()
				.map((k) => [k, sortKeys(o[k])])
		);
	}
	return v;
}

/** What `kubectl get` prints for several objects: a v1 List. */
export function asList(objects: readonly KubeObject[]): Record<string, unknown> {
	return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

export function toYaml(v: unknown): string {
	const doc = new Document(sortKeys(v), { version: '1.1' });
	visit(doc, {
		Scalar(_key, node) {
			if (typeof node.value === 'string' && goSingleQuoted(node.value))
				node.type = Scalar.QUOTE_SINGLE;
		}
	});
	return doc.toString({ indentSeq: false });
}

/** Go's json.MarshalIndent with 4 spaces, HTML characters escaped as Go does. */
export function toJson(v: unknown): string {
	return (
		JSON.stringify(sortKeys(v), null, 4)
			.replace(/</g, '\\u003c')
			.replace(/>/g, '\\u003e')
			.replace(/&/g, '\\u0026') + '\n'
	);
}

/** `pod/productpage-v1-…`, `deployment.apps/curl`. */
export function resourceName(type: ResourceType, obj: KubeObject): string {
	return `${qualifiedKind(type)}/${obj.metadata.name}`;
}
