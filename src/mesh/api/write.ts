/**
 * The API server's write path, in the real server's order: decode, default, mutating admission,
 * validation, then store with one resourceVersion and one watch event. Every write either fully
 * succeeds or returns an error and leaves the store unchanged.
 */
import { prepareJob } from './job.ts';
import type { Rng } from '../random.ts';
import type { SimMillis } from '../types.ts';
import type { ResourceType } from './api-server.ts';
import { CRDS, NAMESPACES, resourceKey } from './builtin-resources.ts';
import { crdResource, crdStatus } from './crd.ts';
import {
	checkUnknownFields,
	crdSchema,
	customResourceErrors,
	defaultCustomResource,
	pruneUnknownFields,
	type WriteOptions
} from './custom-resources.ts';
import { decodeError } from './decode.ts';
import { clone, deepEqual, isPlainObject } from './deep.ts';
import { applyDefaults } from './defaults.ts';
import { clientError, isApiError, type ApiError } from './errors.ts';
import { invalidError } from './field-errors.ts';
import type { KubeObject, Pod } from './objects.ts';
import { podQosClass } from './pod-qos.ts';
import { admitQuota } from './quota-admission.ts';
import { randomSuffix } from './random-names.ts';
import type { ServiceIps } from './service-ips.ts';
import {
	alreadyExists,
	badRequest,
	conflict,
	namespaceNotFound,
	noMatchesForKind,
	notFound
} from './status-errors.ts';
import { keyOf, type Storage } from './storage.ts';
import { timestamp } from './time.ts';
import { validateObject } from './validate.ts';

/**
 * A mutating admission hook (the webhook role: sidecar injection, later). It may change `object`
 * in place, or refuse with an error. Runs after defaulting, before validation.
 */
export type AdmissionHook = (
	operation: 'CREATE' | 'UPDATE',
	type: ResourceType,
	object: KubeObject,
	old: KubeObject | undefined
) => ApiError | undefined;

/** What a write needs beyond the storage: admission, ClusterIPs, seeded names and uids, sim time. */
export interface WriteContext {
	readonly storage: Storage;
	readonly hooks: ReadonlySet<AdmissionHook>;
	readonly ips: ServiceIps;
	/** generateName suffixes. */
	readonly names: Rng;
	readonly uids: Rng;
	/** Events' uids: recording one never shifts the uids (and names) of what is created after it. */
	readonly eventUids: Rng;
	readonly now: () => SimMillis;
}

/** Kinds whose status the server owns: a manifest's status is ignored on create. */
const SERVER_STATUS = new Set([
	'/Pod',
	'/Service',
	'apps/Deployment',
	'apps/ReplicaSet',
	'batch/Job',
	'batch/CronJob',
	'/ResourceQuota'
]);

/** Fields only the server sets: dropped from a manifest on create. */
const SERVER_SET_METADATA = [
	'uid',
	'resourceVersion',
	'generation',
	'creationTimestamp',
	'deletionTimestamp'
];

/** Kinds whose spec changes bump metadata.generation (Services and ConfigMaps have none). */
const tracksGeneration = (type: ResourceType): boolean => type.group !== '' || type.kind === 'Pod';

const isService = (type: ResourceType): boolean => type.kind === 'Service' && type.group === '';
const isPod = (type: ResourceType): boolean => type.kind === 'Pod' && type.group === '';

function uid(rng: Rng): string {
	const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16));
	hex[12] = '4';
	hex[16] = (8 + rng.int(4)).toString(16);
	const s = hex.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Everything but metadata and status: what bumps `metadata.generation` when it changes. */
function specPart(o: KubeObject): Record<string, unknown> {
	const { metadata: _m, status: _s, ...rest } = o;
	return rest;
}

/** Resolves the manifest's kind and fixes its namespace; the copy is the caller's to change. */
export function prepare(
	ctx: WriteContext,
	object: KubeObject
): { type: ResourceType; obj: KubeObject } | ApiError {
	if (!isPlainObject(object)) return clientError('object is not a Kubernetes object');
	if (typeof object.kind !== 'string' || object.kind === '')
		return clientError(`Object 'Kind' is missing in '${JSON.stringify(object)}'`);
	const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
	const type = ctx.storage.registry.resourceFor(apiVersion, object.kind);
	if (!type) return noMatchesForKind(apiVersion, object.kind);
	const obj = clone(object);
	if (!isPlainObject(obj.metadata)) obj.metadata = {} as KubeObject['metadata'];
	if (type.namespaced) obj.metadata.namespace = obj.metadata.namespace || 'default';
	else delete obj.metadata.namespace;
	return { type, obj };
}

/** The schema a custom resource is validated with: its CRD's, for the version it is sent in. */
export function schemaFor(
	ctx: WriteContext,
	type: ResourceType,
	apiVersion: string
): ReturnType<typeof crdSchema> {
	if (type.group === '' || resourceKey(type) === resourceKey(CRDS)) return undefined;
	return crdSchema(ctx.storage.live(CRDS, undefined, `${type.plural}.${type.group}`), apiVersion);
}

function runAdmission(
	ctx: WriteContext,
	op: 'CREATE' | 'UPDATE',
	type: ResourceType,
	obj: KubeObject,
	old: KubeObject | undefined
): ApiError | undefined {
	for (const hook of ctx.hooks) {
		const err = hook(op, type, obj, old);
		if (err) return err;
	}
	return undefined;
}

/**
 * Stores a checked write: a new resourceVersion, the CRD's kind served, one watch event. Returns
 * the stored object itself: the API server's methods hand callers a copy (`store.ts`).
 */
function commit(
	ctx: WriteContext,
	type: ResourceType,
	obj: KubeObject,
	event: 'ADDED' | 'MODIFIED'
): KubeObject {
	const meta = obj.metadata;
	meta.resourceVersion = ctx.storage.nextVersion();
	if (type.kind === 'CustomResourceDefinition') {
		if (event === 'ADDED') obj.status = crdStatus(obj, meta.creationTimestamp as string);
		const { type: served, versions } = crdResource(obj);
		ctx.storage.registry.register(meta.name, served, versions);
	}
	ctx.storage.store(type, keyOf(meta.namespace, meta.name), obj);
	ctx.storage.emit(event, type, obj);
	return obj;
}

export function createObject(
	ctx: WriteContext,
	object: KubeObject,
	opts?: WriteOptions
): KubeObject | ApiError {
	const prepared = prepare(ctx, object);
	if (isApiError(prepared)) return prepared;
	const { type, obj } = prepared;
	const schema = schemaFor(ctx, type, obj.apiVersion);
	const strict = checkUnknownFields(type, obj, schema, opts);
	if (strict) return strict;
	if (opts?.fieldValidation) pruneUnknownFields(type, obj, schema);
	const meta = obj.metadata;
	if (!meta.name && typeof meta.generateName === 'string' && meta.generateName !== '')
		meta.name = meta.generateName + randomSuffix(ctx.names);
	if (
		type.namespaced &&
		meta.namespace !== undefined &&
		!ctx.storage.live(NAMESPACES, undefined, meta.namespace)
	)
		return namespaceNotFound(meta.namespace);
	if (SERVER_STATUS.has(`${type.group}/${type.kind}`)) delete obj.status;
	for (const k of SERVER_SET_METADATA) delete meta[k];
	const undecodable = decodeError(type, obj);
	if (undecodable) return badRequest(undecodable);
	// A Job's uid comes first: its generated selector and pod labels name it (prepareJob).
	const isJob = type.group === 'batch' && type.kind === 'Job';
	if (isJob) {
		meta.uid = uid(ctx.uids);
		prepareJob(obj);
	}
	applyDefaults(type, obj);
	defaultCustomResource(schema, obj);
	const refused = runAdmission(ctx, 'CREATE', type, obj, undefined);
	if (refused) return refused;
	// The pod strategy's PrepareForCreate: after admission, so injected containers count.
	if (isPod(type)) {
		const pod = obj as Pod;
		(pod.status ??= { phase: 'Pending' }).qosClass = podQosClass(pod.spec);
	}
	const errs = validateObject(type, obj);
	errs.push(...customResourceErrors(schema, obj, undefined, false));
	if (errs.length > 0) return invalidError(type, meta.name ?? '', errs);
	// Validating admission: the ResourceQuota plugin charges the create (quota-admission.ts).
	const overQuota = admitQuota(ctx.storage, type, obj);
	if (overQuota) return overQuota;
	if (ctx.storage.live(type, meta.namespace, meta.name)) return alreadyExists(type, meta.name);
	if (isService(type)) {
		const ipErr = ctx.ips.claim(obj, undefined);
		if (ipErr) return invalidError(type, meta.name, [ipErr]);
	}
	if (!isJob) meta.uid = uid(type.kind === 'Event' && type.group === '' ? ctx.eventUids : ctx.uids);
	meta.creationTimestamp = timestamp(ctx.now());
	if (tracksGeneration(type)) meta.generation = 1;
	return commit(ctx, type, obj, 'ADDED');
}

/** Replaces `live` with `obj`; `obj` carries the caller's intent, already prepared. */
export function replaceObject(
	ctx: WriteContext,
	type: ResourceType,
	obj: KubeObject,
	live: KubeObject,
	subresource?: 'ephemeralcontainers'
): KubeObject | ApiError {
	const meta = obj.metadata;
	meta.uid = live.metadata.uid;
	meta.creationTimestamp = live.metadata.creationTimestamp;
	if (live.metadata.generation !== undefined) meta.generation = live.metadata.generation;
	else delete meta.generation;
	if (obj.status === undefined && live.status !== undefined) obj.status = clone(live.status);
	if (isService(type)) ctx.ips.carryOver(obj, live);
	const undecodable = decodeError(type, obj);
	if (undecodable) return badRequest(undecodable);
	applyDefaults(type, obj);
	const schema = schemaFor(ctx, type, obj.apiVersion);
	defaultCustomResource(schema, obj);
	const refused = runAdmission(ctx, 'UPDATE', type, obj, live);
	if (refused) return refused;
	const errs = validateObject(type, obj, live, subresource);
	const unchanged = deepEqual(specPart(obj), specPart(live));
	errs.push(...customResourceErrors(schema, obj, live, unchanged));
	if (errs.length > 0) return invalidError(type, meta.name, errs);
	meta.resourceVersion = live.metadata.resourceVersion;
	if (deepEqual(obj, live)) return live;
	if (!unchanged && meta.generation !== undefined) meta.generation = meta.generation + 1;
	if (isService(type)) {
		const ipErr = ctx.ips.claim(obj, live);
		if (ipErr) return invalidError(type, meta.name, [ipErr]);
	}
	return commit(ctx, type, obj, 'MODIFIED');
}

export function updateObject(ctx: WriteContext, object: KubeObject): KubeObject | ApiError {
	const prepared = prepare(ctx, object);
	if (isApiError(prepared)) return prepared;
	const { type, obj } = prepared;
	const live = ctx.storage.live(type, obj.metadata.namespace, obj.metadata.name);
	if (!live) return notFound(type, obj.metadata.name);
	const rv = obj.metadata.resourceVersion;
	if (rv && rv !== live.metadata.resourceVersion) return conflict(type, obj.metadata.name);
	return replaceObject(ctx, type, obj, live);
}

/**
 * Replaces top-level fields of the live object whole (`undefined` removes one) and merges
 * `metadata` one level deep (the values given become the stored object's: never change them after): `patchObject` without copying what is replaced, for a controller
 * that rewrites a large field (an Endpoints' subsets) on every pod event. Returns the stored object.
 */
export function replaceFields(
	ctx: WriteContext,
	type: ResourceType,
	namespace: string | undefined,
	name: string,
	fields: { readonly metadata?: Partial<KubeObject['metadata']>; readonly [k: string]: unknown }
): KubeObject | ApiError {
	const ns = type.namespaced ? (namespace ?? 'default') : undefined;
	const live = ctx.storage.live(type, ns, name);
	if (!live) return notFound(type, name);
	// What is not replaced is copied, as `patchObject` would: the write path may default it.
	const draft: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(live)) if (!(k in fields)) draft[k] = clone(v);
	for (const [k, v] of Object.entries(fields))
		if (k !== 'metadata' && v !== undefined) draft[k] = v;
	const metadata = { ...clone(live.metadata), ...fields.metadata, name };
	if (ns !== undefined) metadata.namespace = ns;
	const obj = { ...draft, metadata, apiVersion: live.apiVersion, kind: live.kind } as KubeObject;
	return replaceObject(ctx, type, obj, live);
}

/** Changes the live object through `mutate` on a copy; its identity (kind, name) stays. */
export function patchObject(
	ctx: WriteContext,
	type: ResourceType,
	namespace: string | undefined,
	name: string,
	mutate: (draft: KubeObject) => void,
	subresource?: 'ephemeralcontainers'
): KubeObject | ApiError {
	const ns = type.namespaced ? (namespace ?? 'default') : undefined;
	const live = ctx.storage.live(type, ns, name);
	if (!live) return notFound(type, name);
	const draft = clone(live);
	try {
		mutate(draft);
	} catch (e) {
		return badRequest(e instanceof Error ? e.message : String(e));
	}
	draft.metadata.name = name;
	if (ns !== undefined) draft.metadata.namespace = ns;
	draft.apiVersion = live.apiVersion;
	draft.kind = live.kind;
	return replaceObject(ctx, type, draft, live, subresource);
}
