/**
 * A Service's load-balancing preferences as istiod gives them to ztunnel (workload.proto
 * LoadBalancing). Mirrors pilot/pkg/serviceregistry/ambient/services.go constructService and
 * pilot/pkg/model/service.go GetTrafficDistribution: `internalTrafficPolicy: Local` keeps traffic
 * on the node (STRICT); otherwise `spec.trafficDistribution`, then the Service's
 * `networking.istio.io/traffic-distribution` annotation, then its namespace's, choose
 * PreferSameZone (PreferClose is its deprecated alias) or PreferSameNode (FAILOVER: the closest
 * healthy endpoints first). `publishNotReadyAddresses` lets unready endpoints take traffic.
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type { LoadBalancing } from '../xds/workload-api.ts';

export const TRAFFIC_DISTRIBUTION_ANNOTATION = 'networking.istio.io/traffic-distribution';

type TrafficDistribution = 'Any' | 'PreferSameZone' | 'PreferSameNode';

function fromValue(value: string): TrafficDistribution {
	switch (value.toLowerCase()) {
		case 'preferclose':
		case 'prefersamezone':
			return 'PreferSameZone';
		case 'prefersamenode':
			return 'PreferSameNode';
		default:
			// istiod logs "Unknown traffic distribution annotation … defaulting to any".
			return 'Any';
	}
}

/** GetTrafficDistribution: the spec field, then the Service's annotation, then the namespace's. */
export function trafficDistribution(
	svc: KubeService,
	namespace: KubeObject | undefined
): TrafficDistribution {
	const spec = svc.spec['trafficDistribution'];
	if (spec === 'PreferClose' || spec === 'PreferSameZone') return 'PreferSameZone';
	if (spec === 'PreferSameNode') return 'PreferSameNode';
	const own = svc.metadata.annotations?.[TRAFFIC_DISTRIBUTION_ANNOTATION];
	if (own) return fromValue(own);
	const inherited = namespace?.metadata.annotations?.[TRAFFIC_DISTRIBUTION_ANNOTATION];
	return inherited ? fromValue(inherited) : 'Any';
}

export function serviceLoadBalancing(
	svc: KubeService,
	namespace: KubeObject | undefined
): LoadBalancing | undefined {
	let lb: LoadBalancing | undefined;
	if (svc.spec['internalTrafficPolicy'] === 'Local') {
		lb = { routingPreference: ['NODE'], mode: 'STRICT' };
	} else {
		const td = trafficDistribution(svc, namespace);
		if (td === 'PreferSameZone')
			lb = { routingPreference: ['NETWORK', 'REGION', 'ZONE'], mode: 'FAILOVER' };
		else if (td === 'PreferSameNode')
			lb = {
				routingPreference: ['NETWORK', 'REGION', 'ZONE', 'SUBZONE', 'NODE'],
				mode: 'FAILOVER'
			};
	}
	if (svc.spec['publishNotReadyAddresses'] === true)
		lb = { routingPreference: [], mode: 'STANDARD', ...lb, healthPolicy: 'ALLOW_ALL' };
	return lb;
}
