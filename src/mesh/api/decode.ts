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

const unmarshal = (v: unknown, goField: string, goType: string): string =>
	`json: cannot unmarshal ${jsonType(v).split(' ')[0]} into Go struct field ${goField} of type ${goType}`;

const isString = (v: unknown): boolean => typeof v === 'string' || v === null;
const isList = (v: unknown): boolean => Array.isArray(v) || v === null || v === undefined;
const isStruct = (v: unknown): boolean => isPlainObject(v) || v === null || v === undefined;

/** An int32 field: a non-number is a type error, a fraction or overflow a range error. */
function int32Field(v: unknown, goField: string): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'number') return unmarshal(v, goField, 'int32');
	return int32Error(v, goField);
}

/**
 * The typed parts of a PodSpec that controllers read (`containers[].ports[]`): a mapping where
 * a list belongs is refused here, as the server's decoder does, so no controller ever sees it.
 */
function podSpecError(spec: unknown, path: string): string | undefined {
	if (!isStruct(spec)) return unmarshal(spec, `${structOf(path)}.${path}`, 'v1.PodSpec');
	const containers = (spec as Record<string, unknown> | null | undefined)?.['containers'];
	if (!isList(containers))
		return unmarshal(containers, `PodSpec.${path}.containers`, '[]v1.Container');
	for (const c of (containers as unknown[] | null | undefined) ?? []) {
		if (!isStruct(c)) return unmarshal(c, `PodSpec.${path}.containers`, 'v1.Container');
		const container = (c ?? {}) as Record<string, unknown>;
		for (const field of ['name', 'image'] as const)
			if (container[field] !== undefined && !isString(container[field]))
				return unmarshal(container[field], `Container.${path}.containers.${field}`, 'string');
		const ports = container['ports'];
		if (!isList(ports))
			return unmarshal(ports, `Container.${path}.containers.ports`, '[]v1.ContainerPort');
		for (const port of (ports as unknown[] | null | undefined) ?? []) {
			const at = `ContainerPort.${path}.containers.ports`;
			if (!isStruct(port))
				return unmarshal(port, `Container.${path}.containers.ports`, 'v1.ContainerPort');
			const p = (port ?? {}) as Record<string, unknown>;
			const why = int32Field(p['containerPort'], `${at}.containerPort`);
			if (why) return why;
			for (const field of ['name', 'protocol'] as const)
				if (p[field] !== undefined && !isString(p[field]))
					return unmarshal(p[field], `${at}.${field}`, 'string');
		}
	}
	return undefined;
}

/** Go names the innermost struct in the message; for a template that is the PodTemplateSpec. */
function structOf(path: string): string {
	return path === 'spec' ? 'Pod' : 'PodTemplateSpec';
}

function templateError(spec: Record<string, unknown>): string | undefined {
	const template = spec['template'];
	if (!isStruct(template)) return unmarshal(template, 'spec.template', 'v1.PodTemplateSpec');
	return podSpecError(
		(template as Record<string, unknown> | undefined)?.['spec'],
		'spec.template.spec'
	);
}

/** ServiceSpec fields whose type the endpoints and IP allocators rely on. */
function serviceSpecError(spec: Record<string, unknown>): string | undefined {
	if (spec['clusterIP'] !== undefined && !isString(spec['clusterIP']))
		return unmarshal(spec['clusterIP'], 'ServiceSpec.spec.clusterIP', 'string');
	const ports = spec['ports'];
	if (!isList(ports)) return unmarshal(ports, 'ServiceSpec.spec.ports', '[]v1.ServicePort');
	for (const port of (ports as unknown[] | null | undefined) ?? []) {
		if (!isStruct(port)) return unmarshal(port, 'ServiceSpec.spec.ports', 'v1.ServicePort');
		const p = (port ?? {}) as Record<string, unknown>;
		const why =
			int32Field(p['port'], 'ServicePort.spec.ports.port') ??
			int32Field(p['nodePort'], 'ServicePort.spec.ports.nodePort');
		if (why) return why;
		for (const field of ['name', 'protocol'] as const)
			if (p[field] !== undefined && !isString(p[field]))
				return unmarshal(p[field], `ServicePort.spec.ports.${field}`, 'string');
		const target = p['targetPort'];
		// intstr.IntOrString: a string, or else an int32.
		if (target !== undefined && target !== null && typeof target !== 'string') {
			const bad = int32Field(target, 'ServicePort.spec.ports.targetPort');
			if (bad) return bad;
		}
	}
	const selector = stringMap(spec, 'selector', 'ServiceSpec.spec.selector');
	return selector;
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
		case '/Pod':
			why = podSpecError(record['spec'], 'spec');
			break;
		case '/Service':
			why = serviceSpecError(spec);
			break;
		case 'apps/Deployment':
			why = int32Error(spec['replicas'], 'DeploymentSpec.spec.replicas') ?? templateError(spec);
			break;
		case 'apps/ReplicaSet':
			why = int32Error(spec['replicas'], 'ReplicaSetSpec.spec.replicas') ?? templateError(spec);
			break;
		case 'apps/DaemonSet':
			why = templateError(spec);
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
