/**
 * What istiod knows of each connected proxy's xDS sync: per subscribed type, the nonce it last
 * sent, the nonce the proxy last ACKed and when it sent, which `istioctl proxy-status` reads
 * from `/debug/syncz`. Mirrors pilot/pkg/model WatchedResource (NonceSent, NonceAcked,
 * LastSendTime, LastError) and pilot/pkg/xds/debug.go Syncz (the SyncStatus JSON). Proxy kinds
 * other than ztunnel (waypoints, gateways, sidecars) join with their own type and type URLs.
 */
import { simDate } from '../tls/certificate.ts';
import type { SimMillis } from '../types.ts';

/** model.NodeType: what a proxy is, as istiod classifies its connection. */
export type NodeType = 'sidecar' | 'router' | 'waypoint' | 'ztunnel';

/** pkg/model/xds.go type URLs: what ztunnel subscribes to (WDS, WADS) and Envoy's core types. */
export const TYPE_URL = {
	WDS: 'type.googleapis.com/istio.workload.Address',
	WADS: 'type.googleapis.com/istio.security.Authorization',
	CDS: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
	LDS: 'type.googleapis.com/envoy.config.listener.v3.Listener',
	EDS: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
	RDS: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
	ECDS: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig'
} as const;

/** debug.go ResourceStatus (JSON names as istiod writes them). */
export interface ResourceStatus {
	readonly sent?: string;
	readonly acked?: string;
	/** Go time.Time JSON (RFC 3339). */
	readonly sentTime?: string;
	readonly lastError?: string;
}

/** debug.go SyncStatus, with the fields an ambient proxy fills. */
export interface SyncStatus {
	readonly cluster_id?: string;
	readonly proxy: string;
	readonly proxy_type: NodeType;
	readonly istio_version?: string;
	/** Type URL → status, one entry per subscribed type. */
	readonly resources: Readonly<Record<string, ResourceStatus>>;
}

/** What a proxy tells istiod about itself when it connects (its node id and metadata). */
export interface ProxyInfo {
	/** `<pod>.<namespace>`. */
	readonly proxyId: string;
	readonly type: NodeType;
	/** Node metadata CLUSTER_ID, ISTIO_VERSION, NAMESPACE (absent when the proxy sent none). */
	readonly clusterId?: string;
	readonly istioVersion?: string;
	readonly namespace?: string;
}

/** Go's time.Time JSON; the zero time when nothing was sent yet. */
function rfc3339Nano(at: SimMillis | undefined): string {
	return at === undefined ? '0001-01-01T00:00:00Z' : simDate(at).toISOString();
}

interface Watched {
	sent?: string;
	acked?: string;
	sentAt?: SimMillis;
	lastError?: string;
}

interface Tracked {
	readonly info: ProxyInfo;
	/** Subscription order; syncz lists resources sorted by type URL anyway. */
	readonly watched: Map<string, Watched>;
}

/** istiod's per-connection bookkeeping, keyed by its connection id. */
export class SyncTracker {
	readonly #conns = new Map<string, Tracked>();

	/** A proxy subscribed to `typeUrls`: nothing sent yet (NOT SENT). */
	connect(conn: string, info: ProxyInfo, typeUrls: readonly string[]): void {
		this.#conns.set(conn, { info, watched: new Map(typeUrls.map((t) => [t, {}])) });
	}

	/** A response with `nonce` went out at `at`, for `typeUrls` (default: all it watches). */
	sent(conn: string, nonce: string, at: SimMillis, typeUrls?: readonly string[]): void {
		const tracked = this.#conns.get(conn);
		if (!tracked) return;
		for (const t of typeUrls ?? [...tracked.watched.keys()]) {
			const w = tracked.watched.get(t);
			if (!w) continue;
			w.sent = nonce;
			w.sentAt = at;
		}
	}

	/** The proxy ACKed `nonce` (delta xDS response_nonce): every type it covered is in sync. */
	acked(conn: string, nonce: string, error?: string): void {
		const tracked = this.#conns.get(conn);
		if (!tracked) return;
		for (const w of tracked.watched.values()) {
			if (w.sent !== nonce) continue;
			// A NACK leaves the old ACK in place and records why (LastError).
			if (error === undefined) {
				w.acked = nonce;
				delete w.lastError;
			} else w.lastError = error;
		}
	}

	disconnect(conn: string): void {
		this.#conns.delete(conn);
	}

	/** debug.go Syncz: every connected proxy, optionally only those of `namespace`. */
	syncz(namespace = ''): SyncStatus[] {
		const out: SyncStatus[] = [];
		for (const { info, watched } of this.#conns.values()) {
			if (namespace !== '' && info.namespace !== namespace) continue;
			const resources: Record<string, ResourceStatus> = {};
			for (const [t, w] of [...watched.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
				resources[t] = {
					...(w.sent !== undefined ? { sent: w.sent } : {}),
					...(w.acked !== undefined ? { acked: w.acked } : {}),
					sentTime: rfc3339Nano(w.sentAt),
					...(w.lastError !== undefined ? { lastError: w.lastError } : {})
				};
			}
			out.push({
				...(info.clusterId ? { cluster_id: info.clusterId } : {}),
				proxy: info.proxyId,
				proxy_type: info.type,
				...(info.istioVersion ? { istio_version: info.istioVersion } : {}),
				resources
			});
		}
		return out.sort((a, b) => (a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : 0));
	}
}
