/**
 * The API server: typed objects keyed by resource, namespace and name, with the real server's
 * defaulting, validation, errors and watch. Every write either fully succeeds (stored, one
 * resourceVersion, one watch event) or returns an error and leaves the store unchanged.
 */
import type { Rng } from '../random.ts';
import type { SimMillis } from '../types.ts';
import type {
	ApiServer,
	ApplyOutcome,
	ListOptions,
	ResourceType,
	WatchEvent,
	WatchEventType
} from './api-server.ts';
import { LAST_APPLIED, lastAppliedText, mergeApplied } from './apply.ts';
import {
	apiVersionOf,
	CRDS,
	NAMESPACES,
	qualifiedResource,
	resourceKey
} from './builtin-resources.ts';
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
import { fieldsMatch, parseFieldSelector } from './field-selectors.ts';
import type { KubeObject } from './objects.ts';
import { Indexer, LABEL_INDEX, NAMESPACE_INDEX, type ResourceEventHandler } from './indexer.ts';
import { ResourceRegistry } from './registry.ts';
import { matchesAll, parseLabelSelector } from './selectors.ts';
import { randomSuffix } from './random-names.ts';
import { ServiceIps } from './service-ips.ts';
import {
	alreadyExists,
	badRequest,
	conflict,
	forbidden,
	namespaceNotFound,
	noMatchesForKind,
	notFound
} from './status-errors.ts';
import { timestamp } from './time.ts';
import { validateObject } from './validate.ts';
import { WatchHub } from './watch.ts';

export interface ApiServerOptions {
	/** Seeds uids, generated names and ClusterIPs. */
	readonly rng: Rng;
	/** Sim time, for creationTimestamp. */
	readonly now: () => SimMillis;
}

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
	/** Handlers told of every write of `type` as it is stored (indexer.ts). Returns a remover. */
	addEventHandler(type: ResourceType, handler: ResourceEventHandler): () => void;
	/** Errors thrown by watch listeners (a controller bug must not break a write). */
	listenerErrors(): readonly unknown[];
}

/** `kubectl delete ns default` is refused (NamespaceLifecycle admission's immortal namespaces). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** Kinds whose status the server owns: a manifest's status is ignored on create. */
const SERVER_STATUS = new Set(['/Pod', '/Service', 'apps/Deployment', 'apps/ReplicaSet']);

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

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

/** Kinds whose spec changes bump metadata.generation (Services and ConfigMaps have none). */
const tracksGeneration = (type: ResourceType): boolean => type.group !== '' || type.kind === 'Pod';

export function createApiServer(options: ApiServerOptions): ClusterApiServer {
	const registry = new ResourceRegistry();
	const objects = new Map<string, Indexer>();
	const handlers = new Map<string, Set<ResourceEventHandler>>();
	const hub = new WatchHub();
	const hooks = new Set<AdmissionHook>();
	const names = options.rng.fork('generate-name');
	const uids = options.rng.fork('uid');
	// Events get uids of their own stream: recording one never shifts the uids (and so the
	// pod names and transcripts) of everything created after it.
	const eventUids = options.rng.fork('uid/events');
	const ips = new ServiceIps(options.rng.fork('cluster-ip'));
	let resourceVersion = 0;

	const bucket = (type: ResourceType): Indexer => {
		const key = resourceKey(type);
		let b = objects.get(key);
		if (!b) objects.set(key, (b = new Indexer()));
		return b;
	};

	/**
	 * Stores `obj` at `key` (undefined: removes it) and tells the type's event handlers at once,
	 * with the object it replaced: they see the store as a sync reading it would.
	 */
	function store(type: ResourceType, key: string, obj: KubeObject | undefined): void {
		const b = bucket(type);
		const old = b.get(key);
		if (obj) b.set(key, obj);
		else b.delete(key);
		const hs = handlers.get(resourceKey(type));
		if (!hs) return;
		for (const h of [...hs])
			try {
				if (obj && old) h.onUpdate?.(old, obj);
				else if (obj) h.onAdd?.(obj);
				else if (old) h.onDelete?.(old);
			} catch (e) {
				if (hub.errors.length < 100) hub.errors.push(e);
			}
	}
	const nextVersion = (): string => String(++resourceVersion);
	const emit = (type: WatchEventType, resource: ResourceType, object: KubeObject): void =>
		hub.emit({ type, resource, object: clone(object) } satisfies WatchEvent);

	/** Resolves the manifest's kind and fixes its namespace; the copy is the caller's to change. */
	function prepare(object: KubeObject): { type: ResourceType; obj: KubeObject } | ApiError {
		if (!isPlainObject(object)) return clientError('object is not a Kubernetes object');
		if (typeof object.kind !== 'string' || object.kind === '')
			return clientError(`Object 'Kind' is missing in '${JSON.stringify(object)}'`);
		const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
		const type = registry.resourceFor(apiVersion, object.kind);
		if (!type) return noMatchesForKind(apiVersion, object.kind);
		const obj = clone(object);
		if (!isPlainObject(obj.metadata)) obj.metadata = {} as KubeObject['metadata'];
		if (type.namespaced) obj.metadata.namespace = obj.metadata.namespace || 'default';
		else delete obj.metadata.namespace;
		return { type, obj };
	}

	/** The schema a custom resource is validated with: its CRD's, for the version it is sent in. */
	function schemaFor(type: ResourceType, apiVersion: string): ReturnType<typeof crdSchema> {
		if (type.group === '' || resourceKey(type) === resourceKey(CRDS)) return undefined;
		return crdSchema(
			bucket(CRDS).get(keyOf(undefined, `${type.plural}.${type.group}`)),
			apiVersion
		);
	}

	function namespaceExists(ns: string | undefined): boolean {
		return ns === undefined || bucket(NAMESPACES).has(keyOf(undefined, ns));
	}

	function runAdmission(
		op: 'CREATE' | 'UPDATE',
		type: ResourceType,
		obj: KubeObject,
		old: KubeObject | undefined
	): ApiError | undefined {
		for (const hook of hooks) {
			const err = hook(op, type, obj, old);
			if (err) return err;
		}
		return undefined;
	}

	function create(object: KubeObject, opts?: WriteOptions): KubeObject | ApiError {
		const prepared = prepare(object);
		if (isApiError(prepared)) return prepared;
		const { type, obj } = prepared;
		const schema = schemaFor(type, obj.apiVersion);
		const strict = checkUnknownFields(type, obj, schema, opts);
		if (strict) return strict;
		if (opts?.fieldValidation) pruneUnknownFields(type, obj, schema);
		const meta = obj.metadata;
		if (!meta.name && typeof meta.generateName === 'string' && meta.generateName !== '')
			meta.name = meta.generateName + randomSuffix(names);
		if (type.namespaced && !namespaceExists(meta.namespace))
			return namespaceNotFound(meta.namespace ?? '');
		if (SERVER_STATUS.has(`${type.group}/${type.kind}`)) delete obj.status;
		for (const k of [
			'uid',
			'resourceVersion',
			'generation',
			'creationTimestamp',
			'deletionTimestamp'
		])
			delete meta[k];
		const undecodable = decodeError(type, obj);
		if (undecodable) return badRequest(undecodable);
		applyDefaults(type, obj);
		defaultCustomResource(schema, obj);
		const refused = runAdmission('CREATE', type, obj, undefined);
		if (refused) return refused;
		const errs = validateObject(type, obj);
		errs.push(...customResourceErrors(schema, obj, undefined, false));
		if (errs.length > 0) return invalidError(type, meta.name ?? '', errs);
		if (bucket(type).has(keyOf(meta.namespace, meta.name))) return alreadyExists(type, meta.name);
		if (type.kind === 'Service' && type.group === '') {
			const ipErr = ips.claim(obj, undefined);
			if (ipErr) return invalidError(type, meta.name, [ipErr]);
		}
		meta.uid = uid(type.kind === 'Event' && type.group === '' ? eventUids : uids);
		meta.creationTimestamp = timestamp(options.now());
		if (tracksGeneration(type)) meta.generation = 1;
		meta.resourceVersion = nextVersion();
		if (type.kind === 'CustomResourceDefinition') {
			obj.status = crdStatus(obj, meta.creationTimestamp);
			const { type: served, versions } = crdResource(obj);
			registry.register(meta.name, served, versions);
		}
		store(type, keyOf(meta.namespace, meta.name), obj);
		emit('ADDED', type, obj);
		return clone(obj);
	}

	/** Replaces `live` with `obj`; `obj` carries the caller's intent, already prepared. */
	function write(type: ResourceType, obj: KubeObject, live: KubeObject): KubeObject | ApiError {
		const meta = obj.metadata;
		meta.uid = live.metadata.uid;
		meta.creationTimestamp = live.metadata.creationTimestamp;
		if (live.metadata.generation !== undefined) meta.generation = live.metadata.generation;
		else delete meta.generation;
		if (obj.status === undefined && live.status !== undefined) obj.status = clone(live.status);
		if (type.kind === 'Service' && type.group === '') ips.carryOver(obj, live);
		const undecodable = decodeError(type, obj);
		if (undecodable) return badRequest(undecodable);
		applyDefaults(type, obj);
		const schema = schemaFor(type, obj.apiVersion);
		defaultCustomResource(schema, obj);
		const refused = runAdmission('UPDATE', type, obj, live);
		if (refused) return refused;
		const errs = validateObject(type, obj, live);
		const unchanged = deepEqual(specPart(obj), specPart(live));
		errs.push(...customResourceErrors(schema, obj, live, unchanged));
		if (errs.length > 0) return invalidError(type, meta.name, errs);
		meta.resourceVersion = live.metadata.resourceVersion;
		if (deepEqual(obj, live)) return clone(live);
		if (!deepEqual(specPart(obj), specPart(live)) && meta.generation !== undefined)
			meta.generation = meta.generation + 1;
		if (type.kind === 'Service' && type.group === '') {
			const ipErr = ips.claim(obj, live);
			if (ipErr) return invalidError(type, meta.name, [ipErr]);
		}
		meta.resourceVersion = nextVersion();
		if (type.kind === 'CustomResourceDefinition') {
			const { type: served, versions } = crdResource(obj);
			registry.register(meta.name, served, versions);
		}
		store(type, keyOf(meta.namespace, meta.name), obj);
		emit('MODIFIED', type, obj);
		return clone(obj);
	}

	function update(object: KubeObject): KubeObject | ApiError {
		const prepared = prepare(object);
		if (isApiError(prepared)) return prepared;
		const { type, obj } = prepared;
		const live = bucket(type).get(keyOf(obj.metadata.namespace, obj.metadata.name));
		if (!live) return notFound(type, obj.metadata.name);
		const rv = obj.metadata.resourceVersion;
		if (rv && rv !== live.metadata.resourceVersion) return conflict(type, obj.metadata.name);
		return write(type, obj, live);
	}

	function apply(
		object: KubeObject,
		opts?: { serverSide?: boolean } & WriteOptions
	): { outcome: ApplyOutcome; object: KubeObject } | ApiError {
		const prepared = prepare(object);
		if (isApiError(prepared)) return prepared;
		const { type, obj } = prepared;
		const schema = schemaFor(type, obj.apiVersion);
		const strict = checkUnknownFields(type, obj, schema, opts);
		if (strict) return strict;
		// The last-applied annotation records the manifest as sent; the stored object drops what
		// the server does not know.
		const decoding: WriteOptions = opts?.fieldValidation ? { fieldValidation: 'Ignore' } : {};
		const live = bucket(type).get(keyOf(obj.metadata.namespace, obj.metadata.name ?? ''));
		if (!live) {
			if (!opts?.serverSide) {
				obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}) };
				obj.metadata.annotations[LAST_APPLIED] = lastAppliedText(obj);
			}
			const created = create(obj, decoding);
			return isApiError(created) ? created : { outcome: 'created', object: created };
		}
		let merged: KubeObject;
		if (opts?.serverSide) {
			const withoutLast = clone(live);
			delete withoutLast.metadata.annotations?.[LAST_APPLIED];
			merged = mergeApplied(withoutLast, obj);
			if (live.metadata.annotations?.[LAST_APPLIED] !== undefined)
				(merged.metadata.annotations ??= {})[LAST_APPLIED] =
					live.metadata.annotations[LAST_APPLIED];
			else delete merged.metadata.annotations?.[LAST_APPLIED];
		} else merged = mergeApplied(live, obj);
		if (decoding.fieldValidation) pruneUnknownFields(type, merged, schema);
		const written = write(type, merged, live);
		if (isApiError(written)) return written;
		const changed = written.metadata.resourceVersion !== live.metadata.resourceVersion;
		return { outcome: changed ? 'configured' : 'unchanged', object: written };
	}

	function patch(
		type: ResourceType,
		namespace: string | undefined,
		name: string,
		mutate: (draft: KubeObject) => void
	): KubeObject | ApiError {
		const ns = type.namespaced ? (namespace ?? 'default') : undefined;
		const live = bucket(type).get(keyOf(ns, name));
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
		return write(type, draft, live);
	}

	function remove(type: ResourceType, obj: KubeObject): void {
		store(type, keyOf(obj.metadata.namespace, obj.metadata.name), undefined);
		if (type.kind === 'Service' && type.group === '') ips.release(obj);
		obj.metadata.resourceVersion = nextVersion();
		emit('DELETED', type, obj);
	}

	function del(
		type: ResourceType,
		namespace: string | undefined,
		name: string
	): KubeObject | ApiError {
		const ns = type.namespaced ? (namespace ?? 'default') : undefined;
		const live = bucket(type).get(keyOf(ns, name));
		if (!live) return notFound(type, name);
		if (resourceKey(type) === resourceKey(NAMESPACES) && IMMORTAL_NAMESPACES.has(name))
			return forbidden(type, name, 'this namespace may not be deleted');
		hub.atomically(() => cascade(type, name, live));
		return clone(live);
	}

	function cascade(type: ResourceType, name: string, live: KubeObject): void {
		if (resourceKey(type) === resourceKey(NAMESPACES)) {
			// The namespace controller's job, done at once: everything inside goes first.
			for (const t of registry.all())
				if (t.namespaced)
					// Insertion order, as before the indexes: it decides the order of DELETED events.
					for (const o of [...bucket(t).values()]) if (o.metadata.namespace === name) remove(t, o);
		}
		if (type.kind === 'CustomResourceDefinition') {
			const served = registry.unregister(name);
			if (served) {
				for (const o of [...bucket(served).values()]) remove(served, o);
				objects.delete(resourceKey(served));
			}
		}
		remove(type, live);
	}

	function list(type: ResourceType, opts: ListOptions = {}): KubeObject[] | ApiError {
		const found = peek(type, opts);
		return Array.isArray(found) ? found.map((o) => clone(o)) : (found as ApiError);
	}

	/** The stored objects themselves, sorted as `list` sorts them: for readers that never mutate. */
	function peek(type: ResourceType, opts: ListOptions = {}): readonly KubeObject[] | ApiError {
		let labelReqs: ReturnType<typeof parseLabelSelector> = [];
		if (opts.labelSelector !== undefined && opts.labelSelector.trim() !== '') {
			labelReqs = parseLabelSelector(opts.labelSelector);
			if (!Array.isArray(labelReqs)) return badRequest(labelReqs.error);
		}
		const fieldReqs = parseFieldSelector(opts.fieldSelector ?? '', type);
		if (!Array.isArray(fieldReqs)) {
			const gvr = `${apiVersionOf(type).includes('/') ? apiVersionOf(type) : `/${type.version}`}, Resource=${type.plural}`;
			return badRequest(
				`Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(opts.labelSelector ?? '')}, field selector ${JSON.stringify(opts.fieldSelector ?? '')}: ${fieldReqs.error}`
			);
		}
		const b = bucket(type);
		const byNamespace = type.namespaced && opts.namespace !== undefined;
		if (!byNamespace && labelReqs.length === 0 && fieldReqs.length === 0) return b.list().slice();
		// Start from the smallest index list that holds every match, then filter that.
		let candidates = byNamespace ? b.byIndex(NAMESPACE_INDEX, opts.namespace as string) : b.list();
		for (const r of labelReqs) {
			if (!(r.operator === '=' || r.operator === '==' || r.operator === 'in')) continue;
			if (r.values.length !== 1) continue;
			const labelled = b.byIndex(LABEL_INDEX, `${r.key}=${r.values[0]}`);
			if (labelled.length < candidates.length) candidates = labelled;
		}
		const out: KubeObject[] = [];
		for (const o of candidates) {
			if (byNamespace && o.metadata.namespace !== opts.namespace) continue;
			if (!matchesAll(labelReqs, o.metadata.labels)) continue;
			if (!fieldsMatch(fieldReqs, o)) continue;
			out.push(o);
		}
		return out;
	}

	return {
		resolve: (typed) => registry.resolve(typed),
		resourceFor: (apiVersion, kind) => registry.resourceFor(apiVersion, kind),
		resources: () => registry.all(),
		get(type, namespace, name) {
			const ns = type.namespaced ? (namespace ?? 'default') : undefined;
			const o = bucket(type).get(keyOf(ns, name));
			return o ? clone(o) : notFound(type, name);
		},
		list,
		peek,
		peekObject(type, namespace, name) {
			return bucket(type).get(keyOf(type.namespaced ? (namespace ?? 'default') : undefined, name));
		},
		byIndex: (type, indexName, indexedValue) => bucket(type).byIndex(indexName, indexedValue),
		addEventHandler(type, handler) {
			const key = resourceKey(type);
			let hs = handlers.get(key);
			if (!hs) handlers.set(key, (hs = new Set()));
			const entry: ResourceEventHandler = { ...handler };
			hs.add(entry);
			return () => hs.delete(entry);
		},
		create,
		update,
		apply,
		patch,
		delete: del,
		watch: (listener, idle) => hub.subscribe(listener, idle),
		addAdmission(hook) {
			hooks.add(hook);
			return () => hooks.delete(hook);
		},
		listenerErrors: () => hub.errors
	};
}

/** For messages that name a resource the way kubectl does (`deployments.apps`). */
export { qualifiedResource };
