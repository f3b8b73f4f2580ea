/**
 * The API server decodes JSON into Go structs before anything else: a value of the wrong JSON
 * type never reaches validation, it fails with encoding/json's message inside a BadRequest
 * (`ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number
 * into Go struct field ConfigMap.data of type string`). Only the typed fields a learner can
 * trip over are checked here.
 */
import type { ResourceType } from './api-server.ts';
import { isPlainObject } from './deep.ts';
import type { KubeObject } from './objects.ts';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** encoding/json's name for a JSON value's type, with the value for numbers. */
function jsonType(v: unknown): string {
	if (typeof v === 'number') return `number ${v}`;
	if (typeof v === 'boolean') return 'bool';
	if (Array.isArray(v)) return 'array';
	if (v === null) return 'null';
	if (typeof v === 'object') return 'object';
	return 'string';
}

function stringMap(
	obj: Record<string, unknown>,
	field: string,
	goField: string
): string | undefined {
	const m = obj[field];
	if (m === undefined || m === null) return undefined;
	if (!isPlainObject(m))
		return `json: cannot unmarshal ${jsonType(m).split(' ')[0]} into Go struct field ${goField} of type map[string]string`;
	for (const v of Object.values(m)) {
		if (typeof v !== 'string' && v !== null)
			return `json: cannot unmarshal ${jsonType(v).split(' ')[0]} into Go struct field ${goField} of type string`;
	}
	return undefined;
}

/** `spec.replicas` is an int32: a bigger number is a decode error, not a validation error. */
export function int32Error(value: unknown, goField: string): string | undefined {
	if (typeof value !== 'number') return undefined;
	if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return undefined;
	return `json: cannot unmarshal ${jsonType(value)} into Go struct field ${goField} of type int32`;
}

/** The decode failure for `obj`, or undefined when it decodes. */
export function decodeError(type: ResourceType, obj: KubeObject): string | undefined {
	const record = obj as unknown as Record<string, unknown>;
	const spec = isPlainObject(record['spec']) ? record['spec'] : {};
	let why: string | undefined;
	switch (`${type.group}/${type.kind}`) {
		case '/ConfigMap':
			why =
				stringMap(record, 'data', 'ConfigMap.data') ??
				stringMap(record, 'binaryData', 'ConfigMap.binaryData');
			break;
		case '/Secret':
			why =
				stringMap(record, 'data', 'Secret.data') ??
				stringMap(record, 'stringData', 'Secret.stringData');
			break;
		case 'apps/Deployment':
			why = int32Error(spec['replicas'], 'DeploymentSpec.spec.replicas');
			break;
		case 'apps/ReplicaSet':
			why = int32Error(spec['replicas'], 'ReplicaSetSpec.spec.replicas');
			break;
	}
	why ??=
		stringMap(
			record['metadata'] as Record<string, unknown>,
			'labels',
			'ObjectMeta.metadata.labels'
		) ??
		stringMap(
			record['metadata'] as Record<string, unknown>,
			'annotations',
			'ObjectMeta.metadata.annotations'
		);
	if (why === undefined) return undefined;
	const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
	return `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: ${why}`;
}
