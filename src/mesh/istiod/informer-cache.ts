/**
 * istiod's informer caches: the objects its watches follow, built from a first full list and
 * kept current by the watch events that follow (client-go's reflector + store, as istiod's kube
 * client holds them). The cluster sends both through the runtime's control channel as plain,
 * structured-cloneable messages. Applying a batch of events says what it touched, as a
 * `PushRequest`'s ConfigsUpdated does (pilot/pkg/model/push_request.go), so the push that
 * follows recomputes only that (`ambient-index.ts`).
 */
import { parse } from 'yaml';
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { isPodReady } from '../api/pod-ready.ts';
import { DEFAULT_EXCLUDE_NAMESPACES, ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { isNodeAgent } from '../cni/node-agents.ts';
import {
	type ClusterSnapshot,
	type RemoteClusterSnapshot,
	numTrustedProxiesOf
} from './snapshot.ts';
import { isRemoteSecret } from './remote-secrets.ts';
import { SortedList } from '../api/sorted-list.ts';

/** Which object an event is about (a delete carries no object). */
export interface ObjectRef {
	readonly apiVersion: string;
	readonly kind: string;
	readonly namespace?: string;
	readonly name: string;
}

/**
 * A remote cluster's objects as istiod's informers on its API server list them (the kinds of
 * `REMOTE_KINDS`), whole each time one of them changed: remote clusters here are small.
 */
export interface RemoteList {
	/** The cluster id: the remote secret's data key. */
	readonly cluster: string;
	readonly objects: readonly KubeObject[];
}

/** What istiod reads from a remote cluster (multicluster.go's nested collections). */
export const REMOTE_KINDS = ['Namespace', 'Pod', 'Service', 'Gateway'] as const;

/** What the cluster sends istiod's caches; `remotes`: the remote clusters read since the last. */
export type InformerMessage = (
	| /** Every watched object: replaces the caches (a first sync, or a resync). */
	  { readonly type: 'list'; readonly objects: readonly KubeObject[] }
	  /** The objects changed since the last message, coalesced: latest state, or deleted. */
	| {
			readonly type: 'events';
			readonly upserts: readonly KubeObject[];
			readonly deletes: readonly ObjectRef[];
	  }
) & { readonly remotes?: readonly RemoteList[] };

const isObj = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

const isKubeObject = (x: unknown): x is KubeObject =>
	isObj(x) &&
	typeof x['kind'] === 'string' &&
	isObj(x['metadata']) &&
	typeof x['metadata']['name'] === 'string';

const isRemoteList = (x: unknown): x is RemoteList =>
	isObj(x) &&
	typeof x['cluster'] === 'string' &&
	Array.isArray(x['objects']) &&
	x['objects'].every(isKubeObject);

/** The message, when it is one (checked at the edge: it crossed a worker boundary). */
export function parseInformerMessage(x: unknown): InformerMessage | undefined {
	if (!isObj(x)) return undefined;
	const remotes = x['remotes'];
	if (remotes !== undefined && !(Array.isArray(remotes) && remotes.every(isRemoteList)))
		return undefined;
	const m = parseLocal(x);
	return m && remotes ? { ...m, remotes } : m;
}

function parseLocal(x: Record<string, unknown>): InformerMessage | undefined {
	if (x['type'] === 'list') {
		const objects = x['objects'];
		return Array.isArray(objects) && objects.every(isKubeObject)
			? { type: 'list', objects }
			: undefined;
	}
	if (x['type'] !== 'events') return undefined;
	const { upserts, deletes } = x as { upserts?: unknown; deletes?: unknown };
	if (!Array.isArray(upserts) || !upserts.every(isKubeObject)) return undefined;
	const ref = (r: unknown): r is ObjectRef =>
		isObj(r) && typeof r['kind'] === 'string' && typeof r['name'] === 'string';
	if (!Array.isArray(deletes) || !deletes.every(ref)) return undefined;
	return { type: 'events', upserts, deletes };
}

/** A pod as istiod held it before the batch and holds it after (undefined: absent). */
export interface PodChange {
	readonly before: Pod | undefined;
	readonly after: Pod | undefined;
}

/** What a batch touched: pods one by one; anything else asks for a full recompute. */
export interface PushRequest {
	readonly pods: readonly PodChange[];
	/** Something other than a pod changed, or a pod that changes what every workload reads. */
	readonly full: boolean;
}

const groupOf = (apiVersion: string | undefined): string =>
	apiVersion?.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';

/** `group/Kind`: an Istio Gateway and a Gateway API Gateway are different caches. */
const kindKey = (apiVersion: string | undefined, kind: string): string =>
	`${groupOf(apiVersion)}/${kind}`;

/** The API server's own key, so lists come out in its order (api/storage.ts `keyOf`). */
const objectKey = (namespace: string | undefined, name: string): string =>
	`${namespace ?? ''}/${name}`;

/** The caches' kinds and the snapshot field each fills. */
const KINDS = {
	namespaces: '/Namespace',
	pods: '/Pod',
	services: '/Service',
	configMaps: '/ConfigMap',
	authorizationPolicies: 'security.istio.io/AuthorizationPolicy',
	peerAuthentications: 'security.istio.io/PeerAuthentication',
	gateways: 'gateway.networking.k8s.io/Gateway',
	httpRoutes: 'gateway.networking.k8s.io/HTTPRoute',
	tcpRoutes: 'gateway.networking.k8s.io/TCPRoute',
	istioGateways: 'networking.istio.io/Gateway',
	virtualServices: 'networking.istio.io/VirtualService',
	destinationRules: 'networking.istio.io/DestinationRule',
	telemetries: 'telemetry.istio.io/Telemetry',
	serviceEntries: 'networking.istio.io/ServiceEntry',
	wasmPlugins: 'extensions.istio.io/WasmPlugin',
	requestAuthentications: 'security.istio.io/RequestAuthentication',
	secrets: '/Secret'
} as const;

/** The `istio` ConfigMap's `mesh` (MeshConfig as YAML), as istiod reads it; {} when absent or bad. */
function meshConfig(cm: KubeObject | undefined): Record<string, unknown> {
	const text = (cm?.['data'] as Record<string, unknown> | undefined)?.['mesh'];
	if (typeof text !== 'string') return {};
	try {
		const parsed: unknown = parse(text, { maxAliasCount: 0 });
		return isObj(parsed) ? parsed : {};
	} catch {
		// istiod keeps its last good mesh config; the simulation falls back to the defaults.
		return {};
	}
}

const isCniAgentOn = (p: Pod): string | undefined =>
	isNodeAgent(p, 'istio-cni') && p.spec.nodeName !== undefined && isPodReady(p)
		? p.spec.nodeName
		: undefined;

const ofKind = <T extends KubeObject>(objects: readonly KubeObject[], kind: string): T[] =>
	objects.filter((o) => o.kind === kind) as T[];

function remoteSnapshot(id: string, objects: readonly KubeObject[]): RemoteClusterSnapshot {
	return {
		id,
		namespaces: ofKind(objects, 'Namespace'),
		pods: ofKind<Pod>(objects, 'Pod'),
		services: ofKind<Service>(objects, 'Service'),
		gateways: ofKind(objects, 'Gateway')
	};
}

export class InformerCache {
	readonly #stores = new Map<string, SortedList>();
	/** Ready istio-cni pods → their node: only pods on those nodes can be captured. */
	readonly #cniAgents = new Map<string, string>();
	#snapshot: ClusterSnapshot | undefined;
	/** False until the first full list: events alone cannot build a cache. */
	#synced = false;

	/** istiod's own `PILOT_ENABLE_ALPHA_GATEWAY_API`: TCPRoutes are read only with it. */
	#alphaGatewayApi = false;
	/** istiod's `AMBIENT_ENABLE_MULTI_NETWORK`: only then are services scoped (services.go). */
	#multiNetwork = false;
	/** Remote cluster id → what its API server listed last. */
	readonly #remotes = new Map<string, readonly KubeObject[]>();

	enableMultiNetwork(on: boolean): void {
		this.#multiNetwork = on;
		this.#snapshot = undefined;
	}

	/** The remote clusters read so far. */
	remoteIds(): string[] {
		return [...this.#remotes.keys()];
	}

	/** Forgets what one remote cluster listed (its kubeconfig changed: it is read again). */
	forgetRemote(id: string): void {
		if (this.#remotes.delete(id)) this.#snapshot = undefined;
	}

	/** Forgets the remote clusters no remote secret configures any more; true when one went. */
	retainRemotes(ids: ReadonlySet<string>): boolean {
		let gone = false;
		for (const id of [...this.#remotes.keys()])
			if (!ids.has(id)) {
				this.#remotes.delete(id);
				gone = true;
			}
		if (gone) this.#snapshot = undefined;
		return gone;
	}

	enableAlphaGatewayApi(on: boolean): void {
		this.#alphaGatewayApi = on;
		this.#snapshot = undefined;
	}

	get synced(): boolean {
		return this.#synced;
	}

	#store(kind: string): SortedList {
		let s = this.#stores.get(kind);
		if (!s) this.#stores.set(kind, (s = new SortedList()));
		return s;
	}

	/** Stores one object (undefined: deletes it); returns what was there. */
	#put(kind: string, namespace: string | undefined, name: string, obj: KubeObject | undefined) {
		const key = objectKey(namespace, name);
		const store = this.#store(kind);
		const before = store.get(key);
		if (obj) store.set(key, obj);
		else store.delete(key);
		if (kind === KINDS.pods) {
			const node = obj ? isCniAgentOn(obj as Pod) : undefined;
			if (node === undefined) this.#cniAgents.delete(key);
			else this.#cniAgents.set(key, node);
		}
		return before;
	}

	/** Applies a message; a list replaces everything and asks for a full push. */
	apply(message: InformerMessage): PushRequest {
		this.#snapshot = undefined;
		if (message.type === 'list') this.#remotes.clear();
		for (const r of message.remotes ?? []) this.#remotes.set(r.cluster, r.objects);
		const local = this.#applyLocal(message);
		return message.remotes?.length ? { ...local, full: true } : local;
	}

	#applyLocal(message: InformerMessage): PushRequest {
		if (message.type === 'list') {
			this.#stores.clear();
			this.#cniAgents.clear();
			for (const o of message.objects) {
				this.#put(kindKey(o.apiVersion, o.kind), o.metadata.namespace, o.metadata.name, o);
			}
			this.#synced = true;
			return { pods: [], full: true };
		}
		const cniBefore = this.cniNodes().join(',');
		const pods: PodChange[] = [];
		let full = false;
		const touch = (
			kind: string,
			namespace: string | undefined,
			name: string,
			obj: KubeObject | undefined
		) => {
			const before = this.#put(kind, namespace, name, obj);
			// A pod created and deleted between two messages was never seen: nothing changed.
			if (kind !== KINDS.pods) full = true;
			else if (before || obj) pods.push({ before: before as Pod, after: obj as Pod });
		};
		for (const o of message.upserts) {
			touch(kindKey(o.apiVersion, o.kind), o.metadata.namespace, o.metadata.name, o);
		}
		for (const r of message.deletes) {
			touch(kindKey(r.apiVersion, r.kind), r.namespace, r.name, undefined);
		}
		// istio-cni becoming ready on a node changes every workload's tunnel protocol there.
		if (this.cniNodes().join(',') !== cniBefore) full = true;
		return { pods, full };
	}

	#list<T extends KubeObject>(kind: string): readonly T[] {
		return (this.#stores.get(kind)?.objs.slice() ?? []) as T[];
	}

	/** The multicluster remote secrets in istiod's namespace (remote-secrets.ts). */
	remoteSecrets(namespace: string): KubeObject[] {
		return this.#list(KINDS.secrets).filter((s) => isRemoteSecret(s, namespace));
	}

	/** A namespace object by name. */
	namespace(name: string): KubeObject | undefined {
		return this.#stores.get(KINDS.namespaces)?.get(objectKey(undefined, name));
	}

	/** Services of one namespace, in list order. */
	servicesIn(namespace: string): Service[] {
		return this.#list<Service>(KINDS.services).filter((s) => s.metadata.namespace === namespace);
	}

	cniNodes(): string[] {
		return [...new Set(this.#cniAgents.values())].sort();
	}

	#configMap(name: string): KubeObject | undefined {
		return this.#stores.get(KINDS.configMaps)?.get(objectKey(ISTIO_SYSTEM_NAMESPACE, name));
	}

	/** The caches as one snapshot, built once per change (the shape pure decisions read). */
	snapshot(): ClusterSnapshot {
		if (this.#snapshot) return this.#snapshot;
		const exclude = (this.#configMap('istio-cni-config')?.['data'] as Record<string, string>)?.[
			'EXCLUDE_NAMESPACES'
		];
		const mesh = meshConfig(this.#configMap('istio'));
		const accessLogFile = typeof mesh['accessLogFile'] === 'string' ? mesh['accessLogFile'] : '';
		const scopes = mesh['serviceScopeConfigs'];
		const providers = mesh['extensionProviders'];
		const trusted = numTrustedProxiesOf(mesh['defaultConfig']);
		this.#snapshot = {
			...(accessLogFile ? { accessLogFile } : {}),
			...(Array.isArray(providers) ? { extensionProviders: providers } : {}),
			...(trusted !== undefined ? { numTrustedProxies: trusted } : {}),
			...(this.#multiNetwork
				? {
						multiNetwork: true,
						serviceScopeConfigs: Array.isArray(scopes) ? scopes : [],
						remoteClusters: [...this.#remotes].map(([id, objects]) => remoteSnapshot(id, objects))
					}
				: {}),
			namespaces: this.#list(KINDS.namespaces),
			pods: this.#list<Pod>(KINDS.pods),
			services: this.#list<Service>(KINDS.services),
			authorizationPolicies: this.#list(KINDS.authorizationPolicies),
			peerAuthentications: this.#list(KINDS.peerAuthentications),
			gateways: this.#list(KINDS.gateways),
			httpRoutes: this.#list(KINDS.httpRoutes),
			...(this.#alphaGatewayApi
				? { tcpRoutes: this.#list(KINDS.tcpRoutes), alphaGatewayApi: true }
				: {}),
			istioGateways: this.#list(KINDS.istioGateways),
			virtualServices: this.#list(KINDS.virtualServices),
			destinationRules: this.#list(KINDS.destinationRules),
			telemetries: this.#list(KINDS.telemetries),
			serviceEntries: this.#list(KINDS.serviceEntries),
			wasmPlugins: this.#list(KINDS.wasmPlugins),
			requestAuthentications: this.#list(KINDS.requestAuthentications),
			secrets: this.#list(KINDS.secrets),
			cniNodes: this.cniNodes(),
			excludeNamespaces:
				exclude === undefined
					? DEFAULT_EXCLUDE_NAMESPACES
					: exclude
							.split(',')
							.map((s) => s.trim())
							.filter((s) => s !== '')
		};
		return this.#snapshot;
	}
}
