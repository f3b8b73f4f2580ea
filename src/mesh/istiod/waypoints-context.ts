/**
 * What the waypoint half of a push computes once and every Gateway's config reads: the routes
 * converted, the ztunnel Services and Workloads with their waypoints, indexes by hostname and
 * uid, and the policies attached to each Gateway. Mirrors the indexes of
 * pilot/pkg/model/push_context.go that istiod builds once per push.
 */
import type { KubeObject } from '../api/objects.ts';
import type { ExtAuthzProvider } from '../xds/waypoint-config.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import type { ConvertedRoute } from './routes.ts';
import type { ConvertedTcpRoute } from './routes-tcp.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { PolicyAttachment } from './waypoints-authz.ts';

/** `namespace/name`: how the waypoint half keys every object. */
export const objectKey = (o: KubeObject): string =>
	`${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

export const byObjectKey = (a: KubeObject, b: KubeObject): number =>
	objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0;

export interface WaypointPushContext {
	readonly snapshot: ClusterSnapshot;
	readonly rootNamespace: string;
	/** HTTPRoutes sorted by `ns/name`, and each one converted once (by `ns/name`). */
	readonly routes: readonly KubeObject[];
	readonly converted: ReadonlyMap<string, ConvertedRoute>;
	/** TCPRoutes, sorted and converted the same way (empty unless the alpha API is on). */
	readonly tcpRoutes: readonly KubeObject[];
	readonly tcpConverted: ReadonlyMap<string, ConvertedTcpRoute>;
	/** The ztunnel Services and Workloads, with `waypoint` filled in. */
	readonly services: readonly Service[];
	readonly workloads: readonly Workload[];
	readonly byHostname: ReadonlyMap<string, Service>;
	readonly workloadByUid: ReadonlyMap<string, Workload>;
	/** Pod uid → its labels. */
	readonly podLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
	/** Gateway `ns/name` → the targetRefs AuthorizationPolicies it enforces, in policy order. */
	readonly attachments: ReadonlyMap<string, readonly PolicyAttachmentOf[]>;
	/** meshConfig's usable ext_authz providers by name (for CUSTOM policies). */
	readonly providers: ReadonlyMap<string, ExtAuthzProvider>;
}

/** An AuthorizationPolicy and one of its resolved attachments. */
export interface PolicyAttachmentOf {
	readonly ap: KubeObject;
	readonly at: PolicyAttachment;
}
