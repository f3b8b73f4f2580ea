/** Gateway API objects for waypoint tests. */
import type { KubeObject } from '../../../src/mesh/api/objects.ts';

/** A programmed waypoint Gateway (status.addresses set, as istiod writes it). */
export function waypointGateway(
	name: string,
	o: { namespace?: string; for?: string; address?: string; from?: string } = {}
): KubeObject {
	return {
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'Gateway',
		metadata: {
			name,
			namespace: o.namespace ?? 'default',
			uid: `gw-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z',
			...(o.for ? { labels: { 'istio.io/waypoint-for': o.for } } : {})
		},
		spec: {
			gatewayClassName: 'istio-waypoint',
			listeners: [
				{
					name: 'mesh',
					port: 15008,
					protocol: 'HBONE',
					...(o.from ? { allowedRoutes: { namespaces: { from: o.from } } } : {})
				}
			]
		},
		...(o.address === ''
			? {}
			: { status: { addresses: [{ type: 'IPAddress', value: o.address ?? '10.96.50.1' }] } })
	};
}

export function httpRoute(
	name: string,
	spec: Record<string, unknown>,
	namespace = 'default'
): KubeObject {
	return {
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'HTTPRoute',
		metadata: {
			name,
			namespace,
			uid: `route-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z'
		},
		spec
	};
}

export function istioObject(
	kind: 'VirtualService' | 'DestinationRule',
	name: string,
	spec: Record<string, unknown>
): KubeObject {
	return {
		apiVersion: 'networking.istio.io/v1',
		kind,
		metadata: {
			name,
			namespace: 'default',
			uid: `${kind}-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z'
		},
		spec
	};
}
