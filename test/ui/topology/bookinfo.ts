/**
 * The getting-started's end state as the topology sees it: Bookinfo, curl and the ingress
 * gateway on two workers, a waypoint for the namespace, and traffic through it, one request of
 * curl's refused with a 403 by the waypoint's policy.
 */
import { EdgeLedger } from '../../../src/ui/topology/edges.ts';
import { buildInventory, type Inventory } from '../../../src/ui/topology/inventory.ts';
import { buildTopology, type TopologyModel } from '../../../src/ui/topology/model.ts';
import { ip, nodeName } from '../../../src/mesh/types.ts';
import { AMBIENT, event, namespace, node, pod, service } from '../fixtures.ts';

const W1 = 'ambient-worker';
const W2 = 'ambient-worker2';

/** name → [node, pod IP, app label]. */
const PODS: Record<string, [string, string, string]> = {
	'curl-dbf564c7f-fwxst': [W1, '10.244.1.5', 'curl'],
	'productpage-v1-56b474697c-c76m6': [W1, '10.244.1.6', 'productpage'],
	'reviews-v1-687f8dfb78-2v5jb': [W1, '10.244.1.7', 'reviews'],
	'reviews-v3-7d99fd7978-x4kqp': [W1, '10.244.1.8', 'reviews'],
	'ratings-v1-6d5f8b6b5c-9zq2m': [W1, '10.244.1.9', 'ratings'],
	'details-v1-65cfcf56f9-4rkxn': [W2, '10.244.2.4', 'details'],
	'reviews-v2-5b667bcbf8-tn7ll': [W2, '10.244.2.5', 'reviews'],
	'bookinfo-gateway-istio-6c5b8d9f7-kq2lp': [W2, '10.244.2.6', 'bookinfo-gateway-istio']
};

export function bookinfoCluster() {
	const pods = Object.entries(PODS).map(([name, [n, addr, app]]) =>
		pod(name, n, addr, { labels: { app }, annotations: AMBIENT })
	);
	const system = (name: string, n: string, addr: string, app: string) =>
		pod(name, n, addr, { namespace: 'istio-system', labels: { app } });
	return {
		nodes: [
			node('ambient-control-plane', '172.18.0.4'),
			node(W1, '172.18.0.2'),
			node(W2, '172.18.0.3')
		],
		pods: [
			...pods,
			pod('waypoint-5d9c7b8f4-abcde', W2, '10.244.2.9', {
				labels: {
					'gateway.istio.io/managed': 'istio.io-mesh-controller',
					'gateway.networking.k8s.io/gateway-name': 'waypoint'
				}
			}),
			system('ztunnel-k2p9d', 'ambient-control-plane', '10.244.0.7', 'ztunnel'),
			system('ztunnel-mjv7k', W1, '10.244.1.2', 'ztunnel'),
			system('ztunnel-hjn9v', W2, '10.244.2.2', 'ztunnel'),
			system('istiod-555746879c-rvvqq', W2, '10.244.2.3', 'istiod')
		],
		services: [
			'productpage',
			'details',
			'reviews',
			'ratings',
			'curl',
			'bookinfo-gateway-istio'
		].map((app, i) => service(app, { app }, `10.96.0.${10 + i}`)),
		namespaces: [
			namespace('default', {
				'istio.io/dataplane-mode': 'ambient',
				'istio.io/use-waypoint': 'waypoint'
			}),
			namespace('istio-system')
		]
	};
}

const wl = (name: string) => ({
	ip: ip(PODS[name]?.[1] ?? '10.244.2.9'),
	workload: `default/${name}`,
	namespace: 'default'
});
let traces = 0;

/** One request src → dst through the waypoint: the source ztunnel's hop and the waypoint's. */
function viaWaypoint(src: string, dst: string, status = 200) {
	const traceId = (++traces).toString(16).padStart(32, '0');
	const waypointHop = {
		traceId,
		reporter: 'waypoint' as const,
		proxy: 'default/waypoint-5d9c7b8f4-abcde',
		node: nodeName(W2),
		direction: 'inbound' as const,
		layer: 'L7' as const,
		waypoint: 'default/waypoint',
		src: wl(src),
		dst: wl(dst),
		http: { method: 'GET', path: '/', authority: dst, status },
		...(status === 403
			? { decision: { result: 'deny' as const, reason: 'RBAC: access denied' } }
			: {})
	};
	return [
		event({ traceId, src: wl(src), dst: wl(dst), waypoint: 'default/waypoint' }),
		event(waypointHop)
	];
}

export function bookinfoTraffic(): { inventory: Inventory; model: TopologyModel } {
	const inventory = buildInventory(bookinfoCluster());
	const ledger = new EdgeLedger();
	const P = 'productpage-v1-56b474697c-c76m6';
	ledger.addTraffic(
		[
			...viaWaypoint('curl-dbf564c7f-fwxst', P),
			...viaWaypoint('curl-dbf564c7f-fwxst', P, 403),
			...viaWaypoint('bookinfo-gateway-istio-6c5b8d9f7-kq2lp', P),
			...viaWaypoint(P, 'details-v1-65cfcf56f9-4rkxn'),
			...viaWaypoint(P, 'reviews-v1-687f8dfb78-2v5jb'),
			...viaWaypoint(P, 'reviews-v2-5b667bcbf8-tn7ll'),
			...viaWaypoint(P, 'reviews-v3-7d99fd7978-x4kqp'),
			...viaWaypoint('reviews-v2-5b667bcbf8-tn7ll', 'ratings-v1-6d5f8b6b5c-9zq2m'),
			...viaWaypoint('reviews-v3-7d99fd7978-x4kqp', 'ratings-v1-6d5f8b6b5c-9zq2m')
		],
		inventory,
		0
	);
	return { inventory, model: buildTopology(inventory, ledger, 0) };
}
