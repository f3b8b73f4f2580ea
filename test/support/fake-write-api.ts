/**
 * A small in-memory ApiServer, Cluster and CommandContext for testing kubectl's write verbs
 * without the real store. It serves the built-in kinds plus CRD-defined kinds registered with
 * `serveCrdKinds`, validates `metadata.name`, and merges `apply` over the live object.
 */
import type {
	ApiServer,
	ListOptions,
	ResourceType,
	WatchEvent
} from '../../src/mesh/api/api-server.ts';
import { BUILTIN_RESOURCES } from '../../src/mesh/api/builtin-resources.ts';
import { apiError, type ApiError } from '../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import type { Cluster } from '../../src/mesh/cluster.ts';
import type { ExecResult } from '../../src/mesh/runtime/host.ts';
import type { CommandContext, CommandIO, ExternalRunner } from '../../src/shell/command.ts';
import type { Vfs } from '../../src/shell/vfs.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';
import { matchesSelector } from '../../src/shell/kubectl/manifests.ts';
import { ms, type SimMillis } from '../../src/mesh/types.ts';
import { createApiServer } from '../../src/mesh/api/store.ts';
import { bootstrapApi } from '../../src/mesh/api/bootstrap.ts';
import { createRng } from '../../src/mesh/random.ts';

/** The real API server (store, validation, apply merge), bootstrapped like a fresh kind cluster. */
export function realApi(): ApiServer {
	let now = 0;
	const api = createApiServer({ rng: createRng(1), now: () => ms((now += 1000)) });
	bootstrapApi(api);
	return api;
}

export const AUTHORIZATION_POLICIES: ResourceType = {
	plural: 'authorizationpolicies',
	singular: 'authorizationpolicy',
	kind: 'AuthorizationPolicy',
	group: 'security.istio.io',
	version: 'v1',
	shortNames: ['ap'],
	namespaced: true
};
export const GATEWAYS: ResourceType = {
	plural: 'gateways',
	singular: 'gateway',
	kind: 'Gateway',
	group: 'gateway.networking.k8s.io',
	version: 'v1',
	shortNames: ['gtw'],
	namespaced: true
};

const clone = <T>(x: T): T => structuredClone(x);
const key = (t: ResourceType, ns: string | undefined, name: string): string =>
	`${t.plural}.${t.group}/${t.namespaced ? (ns ?? '') : ''}/${name}`;
const qualified = (t: ResourceType): string => (t.group ? `${t.plural}.${t.group}` : t.plural);

function isObj(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function merge(live: unknown, patch: unknown): unknown {
	if (!isObj(live) || !isObj(patch)) return clone(patch);
	const out: Record<string, unknown> = { ...live };
	for (const [k, v] of Object.entries(patch)) out[k] = merge(live[k], v);
	return out;
}

export class FakeApi implements ApiServer {
	readonly types: ResourceType[] = [...BUILTIN_RESOURCES];
	readonly store = new Map<string, KubeObject>();
	readonly events: WatchEvent[] = [];
	#rv = 1;
	#listeners: ((e: WatchEvent) => void)[] = [];
	/** Names `create`/`apply` reject with Invalid, to test server-side failures. */
	readonly rejectNames = new Set<string>();

	serveCrdKinds(...types: ResourceType[]): void {
		this.types.push(...types);
	}

	resolve(typed: string): ResourceType | undefined {
		const t = typed.toLowerCase();
		return this.types.find(
			(r) =>
				r.plural === t ||
				r.singular === t ||
				r.shortNames.includes(t) ||
				`${r.plural}.${r.group}` === t
		);
	}
	resourceFor(apiVersion: string, kind: string): ResourceType | undefined {
		const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
		return this.types.find((r) => r.kind === kind && r.group === group);
	}
	resources(): readonly ResourceType[] {
		return this.types;
	}
	get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | ApiError {
		const o = this.store.get(key(type, namespace, name));
		return o ? clone(o) : apiError('NotFound', `${qualified(type)} "${name}" not found`);
	}
	list(type: ResourceType, options: ListOptions = {}): KubeObject[] | ApiError {
		return [...this.store.values()]
			.filter((o) => this.resourceFor(o.apiVersion, o.kind) === type)
			.filter(
				(o) => !type.namespaced || !options.namespace || o.metadata.namespace === options.namespace
			)
			.filter(
				(o) => !options.labelSelector || matchesSelector(o.metadata.labels, options.labelSelector)
			)
			.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
			.map(clone);
	}
	#typeOf(o: KubeObject): ResourceType | ApiError {
		return (
			this.resourceFor(o.apiVersion, o.kind) ??
			apiError('BadRequest', `no matches for kind "${o.kind}" in version "${o.apiVersion}"`)
		);
	}
	#validate(type: ResourceType, o: KubeObject): ApiError | undefined {
		if (!o.metadata?.name)
			return apiError(
				'Invalid',
				`${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`
			);
		if (this.rejectNames.has(o.metadata.name))
			return apiError(
				'Invalid',
				`The ${type.kind} "${o.metadata.name}" is invalid: spec: Invalid value: "x": rejected by test`
			);
		return undefined;
	}
	#store(type: ResourceType, o: KubeObject, event: 'ADDED' | 'MODIFIED'): KubeObject {
		o.metadata.resourceVersion = String(++this.#rv);
		this.store.set(key(type, o.metadata.namespace, o.metadata.name), clone(o));
		const e: WatchEvent = { type: event, object: clone(o), resource: type };
		this.events.push(e);
		for (const l of this.#listeners) l(e);
		return clone(o);
	}
	create(object: KubeObject): KubeObject | ApiError {
		const type = this.#typeOf(object);
		if ('type' in type && type.type === 'api-error') return type;
		const t = type as ResourceType;
		const o = clone(object);
		if (!o.metadata.name && o.metadata.generateName)
			o.metadata.name = `${o.metadata.generateName}${this.#rv}`;
		const bad = this.#validate(t, o);
		if (bad) return bad;
		if (this.store.has(key(t, o.metadata.namespace, o.metadata.name)))
			return apiError('AlreadyExists', `${qualified(t)} "${o.metadata.name}" already exists`);
		o.metadata.uid = `uid-${o.metadata.name}`;
		o.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
		return this.#store(t, o, 'ADDED');
	}
	update(object: KubeObject): KubeObject | ApiError {
		const type = this.#typeOf(object);
		if ('type' in type && type.type === 'api-error') return type;
		return this.#store(type as ResourceType, clone(object), 'MODIFIED');
	}
	apply(
		object: KubeObject
	): { outcome: 'created' | 'configured' | 'unchanged'; object: KubeObject } | ApiError {
		const type = this.#typeOf(object);
		if ('type' in type && type.type === 'api-error') return type;
		const t = type as ResourceType;
		const bad = this.#validate(t, object);
		if (bad) return bad;
		const live = this.store.get(key(t, object.metadata.namespace, object.metadata.name));
		if (!live) {
			const created = this.create(object);
			return 'type' in created && created.type === 'api-error'
				? (created as ApiError)
				: { outcome: 'created', object: created as KubeObject };
		}
		const merged = merge(live, object) as KubeObject;
		if (JSON.stringify(merged) === JSON.stringify(live))
			return { outcome: 'unchanged', object: clone(live) };
		return { outcome: 'configured', object: this.#store(t, merged, 'MODIFIED') };
	}
	patch(
		type: ResourceType,
		namespace: string | undefined,
		name: string,
		mutate: (draft: KubeObject) => void
	): KubeObject | ApiError {
		const live = this.get(type, namespace, name);
		if ('type' in live && live.type === 'api-error') return live as ApiError;
		const draft = clone(live as KubeObject);
		mutate(draft);
		return this.#store(type, draft, 'MODIFIED');
	}
	patchEphemeralContainers(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'no ephemeralcontainers subresource in fake');
	}
	delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject | ApiError {
		const k = key(type, namespace, name);
		const o = this.store.get(k);
		if (!o) return apiError('NotFound', `${qualified(type)} "${name}" not found`);
		this.store.delete(k);
		const e: WatchEvent = { type: 'DELETED', object: clone(o), resource: type };
		this.events.push(e);
		for (const l of this.#listeners) l(e);
		return clone(o);
	}
	watch(listener: (event: WatchEvent) => void): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}
	/** Seeds an object directly (no events), e.g. a running pod. */
	seed(o: KubeObject): void {
		const t = this.resourceFor(o.apiVersion, o.kind);
		if (!t) throw new Error(`fake api: no type for ${o.kind}`);
		this.store.set(key(t, o.metadata.namespace, o.metadata.name), clone(o));
	}
	/** The stored objects as `kind/ns/name` strings, for "store unchanged" assertions. */
	snapshot(): string[] {
		return [...this.store.values()]
			.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
			.sort();
	}
}

export type ExecFn = (
	namespace: string,
	pod: string,
	container: string | undefined,
	argv: readonly string[],
	stdin: string
) => Promise<ExecResult | ApiError>;

/** A Cluster over the fake API: exec and logs are stubs the test provides; time is a counter. */
export class FakeCluster implements Cluster {
	readonly api: ApiServer;
	readonly runtime = undefined as never;
	time = 0;
	settles = 0;
	readonly execCalls: {
		namespace: string;
		pod: string;
		container: string | undefined;
		argv: readonly string[];
	}[] = [];
	exec: Cluster['exec'];
	logsByPod = new Map<string, string[]>();
	/** Called on every settle/advance: tests make pods become ready "over time". */
	onTick: (cluster: FakeCluster) => void = () => {};

	constructor(api: ApiServer, exec?: ExecFn) {
		this.api = api;
		const run: ExecFn =
			exec ?? (async () => ({ stdout: '', stderr: '', exitCode: 0, finishedAt: ms(this.time) }));
		this.exec = async (namespace, pod, container, argv, stdin) => {
			this.execCalls.push({ namespace, pod, container, argv });
			return run(namespace, pod, container, argv, stdin);
		};
	}
	now(): SimMillis {
		return ms(this.time);
	}
	async settle(): Promise<void> {
		this.settles++;
		this.onTick(this);
	}
	async advance(delay: SimMillis): Promise<void> {
		this.time += delay;
		this.onTick(this);
	}
	async logs(
		namespace: string,
		pod: string,
		container: string | undefined
	): Promise<string[] | ApiError> {
		const lines =
			this.logsByPod.get(`${namespace}/${pod}/${container ?? ''}`) ??
			this.logsByPod.get(`${namespace}/${pod}`);
		return lines ?? apiError('NotFound', `pods "${pod}" not found`);
	}
	nameSuffix(): string {
		return 'fake1';
	}
	async dispose(): Promise<void> {}
}

/** Captured output of one command. */
export interface Captured {
	stdout: string;
	stderr: string;
	code: number;
}

export function captureIO(stdin = ''): { io: CommandIO; out: { stdout: string; stderr: string } } {
	const out = { stdout: '', stderr: '' };
	return {
		out,
		io: {
			stdin,
			stdout: (t) => {
				out.stdout += t;
			},
			stderr: (t) => {
				out.stderr += t;
			}
		}
	};
}

/** A context whose runScript is a tiny stand-in: it splits `;`-free scripts into words. */
export function fakeContext(
	cluster: FakeCluster,
	vfs: Vfs = createVfs(),
	runScript?: CommandContext['runScript']
): CommandContext & { controller: AbortController } {
	const controller = new AbortController();
	return {
		controller,
		cluster,
		vfs,
		env: new Map(),
		signal: controller.signal,
		runScript:
			runScript ??
			(async (script: string, io: CommandIO, options?: { external?: ExternalRunner }) => {
				const argv = script.trim().split(/\s+/);
				return options?.external ? options.external(argv, io) : 127;
			})
	};
}

export function pod(
	name: string,
	labels: Record<string, string>,
	opts: {
		namespace?: string;
		ready?: boolean;
		containers?: string[];
		created?: string;
		phase?: string;
	} = {}
): KubeObject {
	const ready = opts.ready ?? true;
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name,
			namespace: opts.namespace ?? 'default',
			uid: `uid-${name}`,
			resourceVersion: '1',
			creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
			labels
		},
		spec: {
			nodeName: 'ambient-worker',
			containers: (opts.containers ?? [labels['app'] ?? 'main']).map((c) => ({
				name: c,
				image: `${c}:latest`
			}))
		},
		status: {
			phase: opts.phase ?? (ready ? 'Running' : 'Pending'),
			conditions: [
				{
					type: 'Ready',
					status: ready ? 'True' : 'False',
					lastTransitionTime: opts.created ?? '2026-01-01T00:00:00Z'
				}
			]
		}
	};
}

export function deployment(
	name: string,
	labels: Record<string, string>,
	opts: { namespace?: string; replicas?: number; available?: boolean } = {}
): KubeObject {
	const replicas = opts.replicas ?? 1;
	const available = opts.available ?? true;
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name,
			namespace: opts.namespace ?? 'default',
			uid: `uid-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z',
			generation: 1,
			labels
		},
		spec: {
			replicas,
			selector: { matchLabels: labels },
			template: { metadata: { labels }, spec: { containers: [{ name, image: `${name}:1` }] } }
		},
		status: {
			observedGeneration: 1,
			replicas,
			updatedReplicas: replicas,
			readyReplicas: available ? replicas : 0,
			availableReplicas: available ? replicas : 0,
			conditions: [{ type: 'Available', status: available ? 'True' : 'False' }]
		}
	};
}
