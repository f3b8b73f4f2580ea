/**
 * An ambient east-west gateway's config (class `istio-east-west`, with
 * AMBIENT_ENABLE_MULTI_NETWORK): the cluster's global Services, each with its endpoints on this
 * network. The gateway terminates the outer HBONE tunnel whose CONNECT names one of them
 * (`<hostname>:<port>`), picks an endpoint, and forwards the inner tunnel to it unread, on the
 * endpoint's HBONE port. Mirrors istio 1.30.3 pilot/pkg/networking/core/listener_waypoint.go
 * buildWaypointInbound (E/W: connect_terminate, then buildWaypointForwardInnerConnectListener)
 * and cluster_waypoint.go buildForwardInnerConnect (ORIGINAL_DST, port overridden to 15008).
 */
import type { KubeObject } from '../api/objects.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import { clusterNetwork, serviceScope } from './multicluster.ts';
import type { WaypointPushContext } from './waypoints-context.ts';

export function eastWestConfig(ctx: WaypointPushContext, gw: KubeObject): WaypointConfig {
	const { snapshot } = ctx;
	const network = clusterNetwork(snapshot.namespaces);
	const configs = snapshot.serviceScopeConfigs ?? [];
	const global = new Set(
		snapshot.services
			.filter((s) => serviceScope(s, snapshot.namespaces, configs) === 'GLOBAL')
			.map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`)
	);
	const services = ctx.services.filter((s) => global.has(`${s.namespace}/${s.name}`));
	const uids = new Set(services.flatMap((s) => s.endpoints.map((e) => e.workloadUid)));
	// This network's endpoints only: a split-horizon workload has no address here.
	const workloads = ctx.workloads.filter(
		(w) => uids.has(w.uid) && w.address !== '' && (w.network ?? '') === network
	);
	return {
		version: 0,
		gateway: { name: gw.metadata.name, namespace: gw.metadata.namespace ?? 'default' },
		gatewayClassName: 'istio-east-west',
		services,
		workloads,
		routes: [],
		policies: []
	};
}
