/**
 * The ztunnel's view of the mesh: indexes over one ZtunnelConfig push (workloads by IP and uid,
 * services by VIP, policies by scope) and the round-robin cursor per service.
 * Mirrors ztunnel src/state.rs (ProxyState, find_upstream, load_balance, assert_rbac's policy
 * gathering) and src/state/policy.rs (PolicyStore by namespace, "" for Global).
 */
import { type SpiffeId, spiffeId } from '../../../tls/identity.ts';
import type { IpAddr } from '../../../types.ts';
import type {
	Authorization,
	LoadBalancing,
	NetworkGatewayAddress,
	Service,
	ServiceEndpoint,
	Workload,
	ZtunnelConfig
} from '../../../xds/workload-api.ts';

/** What logs and metrics say about a destination service (ztunnel's ServiceDescription). */
export interface ServiceDescription {
	readonly hostname: string;
	readonly name: string;
	readonly namespace: string;
}

/** A chosen endpoint of a service: the workload and the port to reach it on. */
export interface Upstream {
	readonly workload: Workload;
	/** The target (container) port on the workload. */
	readonly port: number;
	readonly service: Service | undefined;
}

export function workloadIdentity(w: Workload): SpiffeId {
	return spiffeId(w.namespace, w.serviceAccount, w.trustDomain || undefined);
}

export function describeService(s: Service): ServiceDescription {
	return { hostname: s.hostname, name: s.name, namespace: s.namespace };
}

const policyKey = (p: Authorization): string => `${p.namespace}/${p.name}`;

export class ProxyState {
	readonly config: ZtunnelConfig;
	#indexes: Indexes | undefined;
	/** Answers per workload of this push (the workload objects are this push's). */
	readonly #servicesByWorkload = new WeakMap<Workload, readonly Service[]>();
	readonly #policiesFor = new WeakMap<Workload, readonly Authorization[]>();
	/** Round-robin cursors by service (`namespace/hostname`), kept across pushes. */
	readonly #cursors: Map<string, number>;

	/** `previous` hands over the round-robin cursors, so a push does not restart the rotation. */
	constructor(config: ZtunnelConfig, previous?: ProxyState) {
		this.config = config;
		this.#cursors = previous ? previous.#cursors : new Map();
	}

	/**
	 * Built at the first lookup, not per push: a scale-up pushes hundreds of times with no
	 * connection in between, and each build reads every workload.
	 */
	get #index(): Indexes {
		return (this.#indexes ??= buildIndexes(this.config));
	}

	get version(): number {
		return this.config.version;
	}

	workloadByIp(ip: IpAddr | string): Workload | undefined {
		return this.#index.byIp.get(ip);
	}

	/**
	 * The workload istiod pushed for a network gateway (workloads.go convertGateway: its
	 * address on that network), as state.rs fetch_network_gateway finds it: by network and IP.
	 */
	networkGatewayWorkload(gw: NetworkGatewayAddress): Workload | undefined {
		return this.config.workloads.find(
			(w) => w.address === gw.address && (w.network ?? '') === gw.network
		);
	}

	workloadByUid(uid: string): Workload | undefined {
		return this.#index.byUid.get(uid);
	}

	/**
	 * The service behind a VIP; when several share it, the one in `preferNamespace` wins
	 * (get_best_by_vip).
	 */
	serviceByVip(ip: IpAddr | string, preferNamespace?: string): Service | undefined {
		const list = this.#index.byVip.get(ip);
		if (!list) return undefined;
		return list.find((s) => s.namespace === preferNamespace) ?? list[0];
	}

	/**
	 * The service named `hostname`; when several namespaces have one, `preferNamespace`'s wins
	 * (state.rs ServiceStore get_best_by_host).
	 */
	serviceByHostname(hostname: string, preferNamespace?: string): Service | undefined {
		const all = this.config.services.filter((s) => s.hostname === hostname);
		return all.find((s) => s.namespace === preferNamespace) ?? all[0];
	}

	/** Services that list `w` among their endpoints (get_services_by_workload). */
	servicesByWorkload(w: Workload): readonly Service[] {
		// Once per workload and push: every inbound connection asks, and the scan reads every
		// service's endpoints.
		let services = this.#servicesByWorkload.get(w);
		if (!services) {
			services = this.config.services.filter((s) =>
				s.endpoints.some((e) => e.workloadUid === w.uid)
			);
			this.#servicesByWorkload.set(w, services);
		}
		return services;
	}

	/**
	 * Every policy that applies to `w`: its namespace's, the Global ones (root namespace, no
	 * selector), and those whose selector picked it. A name istiod listed but did not send is
	 * skipped, as ztunnel does while a push is in flight.
	 */
	policiesFor(w: Workload): readonly Authorization[] {
		// Once per workload and push, as above: asked per connection, the same until a push.
		const known = this.#policiesFor.get(w);
		if (known) return known;
		const keys = new Set([
			...(this.#index.policiesByNamespace.get(w.namespace) ?? []),
			...(this.#index.policiesByNamespace.get('') ?? []),
			...w.authorizationPolicies
		]);
		const out: Authorization[] = [];
		for (const k of keys) {
			const p = this.#index.policies.get(k);
			if (p) out.push(p);
		}
		this.#policiesFor.set(w, out);
		return out;
	}

	/**
	 * Picks a healthy endpoint of `svc` serving `svcPort`, round robin ("internally fixed L4
	 * Round Robin") among the best-ranked for `source` when the service has a routing
	 * preference (traffic distribution). Undefined when the port is not on the service or no
	 * endpoint can take it. Mirrors find_upstream_from_service + load_balance.
	 */
	pickEndpoint(svc: Service, svcPort: number, source?: Workload): Upstream | undefined {
		const svcTarget = svc.ports[svcPort];
		if (svcTarget === undefined) return undefined;
		const allowAll = svc.loadBalancing?.healthPolicy === 'ALLOW_ALL';
		let candidates: { ep: ServiceEndpoint; wl: Workload; rank: number }[] = [];
		for (const ep of svc.endpoints) {
			if (ep.status !== 'Healthy' && !allowAll) continue;
			const wl = this.#index.byUid.get(ep.workloadUid);
			if (!wl || (wl.status !== 'Healthy' && !allowAll)) continue;
			// A named target port (0) must resolve on the endpoint itself.
			if (svcTarget === 0 && ep.ports[svcPort] === undefined) continue;
			const rank = endpointRank(svc.loadBalancing, source, wl);
			if (rank === undefined) continue;
			candidates.push({ ep, wl, rank });
		}
		// FAILOVER: only the closest endpoints (the highest rank) take traffic.
		const best = Math.max(...candidates.map((c) => c.rank));
		candidates = candidates.filter((c) => c.rank === best);
		if (candidates.length === 0) return undefined;
		const key = `${svc.namespace}/${svc.hostname}`;
		const n = this.#cursors.get(key) ?? 0;
		this.#cursors.set(key, n + 1);
		const chosen = candidates[n % candidates.length];
		if (!chosen) return undefined;
		const port = chosen.ep.ports[svcPort] ?? svcTarget;
		return { workload: chosen.wl, port, service: svc };
	}
}

/** A push's lookups: workloads by IP and uid, services by VIP, policies by key and scope. */
interface Indexes {
	readonly byIp: Map<string, Workload>;
	readonly byUid: Map<string, Workload>;
	readonly byVip: Map<string, Service[]>;
	readonly policies: Map<string, Authorization>;
	/** Policy keys by namespace; Global policies under "" as ztunnel's PolicyStore keeps them. */
	readonly policiesByNamespace: Map<string, string[]>;
}

function buildIndexes(config: ZtunnelConfig): Indexes {
	const ix: Indexes = {
		byIp: new Map(),
		byUid: new Map(),
		byVip: new Map(),
		policies: new Map(),
		policiesByNamespace: new Map()
	};
	for (const w of config.workloads) {
		// Another network's addresses (a network gateway's) are not reachable by IP from here:
		// ztunnel's find_upstream looks an address up on the source's network only.
		if (w.address && w.network === undefined) ix.byIp.set(w.address, w);
		ix.byUid.set(w.uid, w);
	}
	for (const s of config.services) {
		for (const vip of s.vips) {
			const list = ix.byVip.get(vip) ?? [];
			list.push(s);
			ix.byVip.set(vip, list);
		}
	}
	for (const p of config.policies) {
		const key = policyKey(p);
		ix.policies.set(key, p);
		const ns = p.scope === 'Global' ? '' : p.scope === 'Namespace' ? p.namespace : undefined;
		if (ns === undefined) continue;
		const list = ix.policiesByNamespace.get(ns) ?? [];
		list.push(key);
		ix.policiesByNamespace.set(ns, list);
	}
	return ix;
}

/**
 * ztunnel's endpoint rank: how many of the service's routing-preference scopes, in order, the
 * endpoint shares with the client (kind's nodes carry no region or zone, so those always
 * match; node is the one that differs). STRICT drops an endpoint that misses any scope.
 */
function endpointRank(
	lb: LoadBalancing | undefined,
	source: Workload | undefined,
	wl: Workload
): number | undefined {
	if (!lb || lb.mode === 'STANDARD' || !source) return 0;
	let rank = 0;
	for (const scope of lb.routingPreference) {
		// Network, region, zone, subzone and cluster: one flat, zone-less cluster.
		if (scope === 'NODE' && source.node !== wl.node) break;
		rank++;
	}
	return lb.mode === 'STRICT' && rank !== lb.routingPreference.length ? undefined : rank;
}
