/**
 * The API server: typed objects keyed by resource, namespace and name, with the real server's
 * defaulting, validation, errors and watch. Its parts: `storage.ts` (objects, indexes, watch),
 * `write.ts` (create/update/patch: admission and validation), `apply-object.ts`, `delete.ts`
 * and `read.ts` (list with selectors). This file wires them into the `ApiServer` contract.
 */
import type { Rng } from '../random.ts';
import type { SimMillis } from '../types.ts';
import type { ApiServer, ListOptions, ResourceType } from './api-server.ts';
import { applyObject } from './apply-object.ts';
import { PODS, qualifiedResource } from './builtin-resources.ts';
import { clone } from './deep.ts';
import { deleteObject } from './delete.ts';
import { isApiError, type ApiError } from './errors.ts';
import type { ResourceEventHandler } from './indexer.ts';
import type { KubeObject, Pod } from './objects.ts';
import { ephemeralContainersOf } from './ephemeral-containers.ts';
import { peekObjects } from './read.ts';
import { ServiceIps } from './service-ips.ts';
import { notFound } from './status-errors.ts';
import { Storage } from './storage.ts';
import {
	createObject,
	patchObject,
	replaceFields,
	updateObject,
	type AdmissionHook,
	type WriteContext
} from './write.ts';

export type { AdmissionHook } from './write.ts';

export interface ApiServerOptions {
	/** Seeds uids, generated names and ClusterIPs. */
	readonly rng: Rng;
	/** Sim time, for creationTimestamp. */
	readonly now: () => SimMillis;
}

/** The API server plus what the cluster wiring needs beyond the shared contract. */
export interface ClusterApiServer extends ApiServer {
	addAdmission(hook: AdmissionHook): () => void;
	/**
	 * `list` without the copies: the live stored objects, for controllers that only read. A
	 * controller listing every pod on every event would otherwise copy the whole store each time.
	 */
	peek(type: ResourceType, options?: ListOptions): readonly KubeObject[] | ApiError;
	/** The live stored object (never mutate it), or undefined: `get` without the copy. */
	peekObject(
		type: ResourceType,
		namespace: string | undefined,
		name: string
	): KubeObject | undefined;
	/**
	 * client-go `Indexer.ByIndex` over the live store (indexer.ts: `namespace`, `controllerUID`,
	 * `label`), in list order. Read only, and copy the array to keep it past the next write.
	 */
	byIndex(type: ResourceType, indexName: string, indexedValue: string): readonly KubeObject[];
	/**
	 * `patch` returning the stored object (never mutate it) instead of a copy: for controllers
	 * that write a large object (a 400-address Endpoints) on every pod event and read no answer.
	 */
	patchLive(
		type: ResourceType,
		namespace: string | undefined,
		name: string,
		mutate: (draft: KubeObject) => void
	): KubeObject | ApiError;
	/**
	 * Replaces top-level fields whole (`undefined` removes one), merging `metadata` one level
	 * deep, and returns the stored object (write.ts `replaceFields`): no copy of what is replaced.
	 */
	replaceFields(
		type: ResourceType,
		namespace: string | undefined,
		name: string,
		fields: { readonly metadata?: Partial<KubeObject['metadata']>; readonly [k: string]: unknown }
	): KubeObject | ApiError;
	/** Handlers told of every write of `type` as it is stored (indexer.ts). Returns a remover. */
	addEventHandler(type: ResourceType, handler: ResourceEventHandler): () => void;
	/** Errors thrown by watch listeners (a controller bug must not break a write). */
	listenerErrors(): readonly unknown[];
}

export function createApiServer(options: ApiServerOptions): ClusterApiServer {
	const storage = new Storage();
	const hooks = new Set<AdmissionHook>();
	const ips = new ServiceIps(options.rng.fork('cluster-ip'));
	const ctx: WriteContext = {
		storage,
		hooks,
		ips,
		names: options.rng.fork('generate-name'),
		uids: options.rng.fork('uid'),
		eventUids: options.rng.fork('uid/events'),
		now: options.now
	};
	const peek = (type: ResourceType, opts?: ListOptions): readonly KubeObject[] | ApiError =>
		peekObjects(storage, type, opts);
	const namespaceOf = (type: ResourceType, namespace: string | undefined): string | undefined =>
		type.namespaced ? (namespace ?? 'default') : undefined;
	/** The write path returns the stored object; callers of the contract get their own copy. */
	const copy = <T extends object>(r: T | ApiError): T | ApiError => (isApiError(r) ? r : clone(r));

	return {
		resolve: (typed) => storage.registry.resolve(typed),
		resourceFor: (apiVersion, kind) => storage.registry.resourceFor(apiVersion, kind),
		resources: () => storage.registry.all(),
		get(type, namespace, name) {
			const o = storage.live(type, namespaceOf(type, namespace), name);
			return o ? clone(o) : notFound(type, name);
		},
		list(type, opts) {
			const found = peek(type, opts);
			return Array.isArray(found) ? found.map((o) => clone(o)) : (found as ApiError);
		},
		peek,
		peekObject: (type, namespace, name) => storage.live(type, namespaceOf(type, namespace), name),
		byIndex: (type, indexName, indexedValue) =>
			storage.bucket(type).byIndex(indexName, indexedValue),
		addEventHandler: (type, handler: ResourceEventHandler) =>
			storage.addEventHandler(type, handler),
		create: (object, opts) => copy(createObject(ctx, object, opts)),
		update: (object) => copy(updateObject(ctx, object)),
		apply: (object, opts) => copy(applyObject(ctx, object, opts)),
		patch: (type, namespace, name, mutate) => copy(patchObject(ctx, type, namespace, name, mutate)),
		patchLive: (type, namespace, name, mutate) => patchObject(ctx, type, namespace, name, mutate),
		replaceFields: (type, namespace, name, fields) =>
			replaceFields(ctx, type, namespace, name, fields),
		delete: (type, namespace, name) => deleteObject(storage, ips, type, namespace, name),
		watch: (listener, idle) => storage.hub.subscribe(listener, idle),
		patchEphemeralContainers(namespace, name, mutate) {
			const patched = patchObject(
				ctx,
				PODS,
				namespace,
				name,
				(draft) => {
					const spec = draft.spec as Pod['spec'];
					const containers = ephemeralContainersOf({ spec }).slice();
					mutate(containers);
					spec.ephemeralContainers = containers;
				},
				'ephemeralcontainers'
			);
			return copy(patched);
		},
		addAdmission(hook) {
			hooks.add(hook);
			return () => hooks.delete(hook);
		},
		listenerErrors: () => storage.hub.errors
	};
}

/** For messages that name a resource the way kubectl does (`deployments.apps`). */
export { qualifiedResource };
