/**
 * The API server contract that kubectl, controllers and (later) istiod use. The implementation
 * lives in `store.ts`/`registry.ts`; this file is the seam.
 */
import type { WriteOptions } from './custom-resources.ts';
import type { ApiError } from './errors.ts';
import type { EphemeralContainer, KubeObject } from './objects.ts';

/** One kind the server serves, as `kubectl api-resources` lists it. */
export interface ResourceType {
	/** Plural resource name: `pods`, `deployments`, `authorizationpolicies`. */
	readonly plural: string;
	/** Lower-case singular: `pod`. */
	readonly singular: string;
	readonly kind: string;
	/** API group, `''` for core. */
	readonly group: string;
	/** The served version, e.g. `v1`. */
	readonly version: string;
	readonly shortNames: readonly string[];
	readonly namespaced: boolean;
}

export interface ListOptions {
	/** Omitted: all namespaces (for namespaced kinds). */
	readonly namespace?: string;
	/** kubectl `-l` syntax: `app=productpage,version!=v2,tier in (a,b),!canary`. */
	readonly labelSelector?: string;
	/** `metadata.name=x`, `status.phase=Running`, `spec.nodeName=…`. */
	readonly fieldSelector?: string;
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
	readonly type: WatchEventType;
	readonly object: KubeObject;
	readonly resource: ResourceType;
}

export interface ApiServer {
	/**
	 * Resolves what a user typed (`po`, `pods`, `pod`, `deploy`, `deployments.apps`, `svc`, `gtw` …)
	 * to a served resource; undefined when the server doesn't know it (kubectl: `error: the server
	 * doesn't have a resource type "x"`). CRD-defined kinds resolve only once their CRD exists.
	 */
	resolve(typed: string): ResourceType | undefined;
	/** The resource serving an apiVersion+kind, for manifests. Undefined: `no matches for kind`. */
	resourceFor(apiVersion: string, kind: string): ResourceType | undefined;
	resources(): readonly ResourceType[];

	get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | ApiError;
	list(type: ResourceType, options?: ListOptions): KubeObject[] | ApiError;
	/**
	 * Validates, defaults (uid, resourceVersion, creationTimestamp, clusterIP …) and stores.
	 * `options.fieldValidation` is the request's strict-decoding mode (kubectl's `--validate`).
	 */
	create(object: KubeObject, options?: WriteOptions): KubeObject | ApiError;
	/** Replaces the object (optimistic concurrency only when resourceVersion is given). */
	update(object: KubeObject): KubeObject | ApiError;
	/** Client-side `kubectl apply` semantics: create, or merge the manifest over the live object. */
	apply(
		object: KubeObject,
		options?: { serverSide?: boolean } & WriteOptions
	): { outcome: ApplyOutcome; object: KubeObject } | ApiError;
	/** Changes via a callback on a copy; the store validates and bumps resourceVersion. */
	patch(
		type: ResourceType,
		namespace: string | undefined,
		name: string,
		mutate: (draft: KubeObject) => void
	): KubeObject | ApiError;
	delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject | ApiError;
	/**
	 * The Pod's `ephemeralcontainers` subresource: `mutate` may add ephemeral containers (and
	 * nothing else sticks: the rest of the spec and status are the live pod's).
	 */
	patchEphemeralContainers(
		namespace: string,
		name: string,
		mutate: (containers: EphemeralContainer[]) => void
	): KubeObject | ApiError;
	/** Every change, synchronously after it is stored. Returns an unsubscribe function. */
	/**
	 * `idle`, if given, runs once the events of a write (and of the writes listeners made while
	 * they were delivered) have all been delivered: a controller manager reconciles there once
	 * per batch instead of once per event.
	 */
	watch(listener: (event: WatchEvent) => void, idle?: () => void): () => void;
}
