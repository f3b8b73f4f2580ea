/**
 * `istio.io/ingress-use-waypoint` (Istio 1.30.3 services.go ingressUseWaypointFromLabels and
 * endpoint_builder.go findServiceWaypoint): which Services an ingress gateway sends through their
 * waypoint, what the Service's WaypointBound condition says, and that the gateway is given the
 * waypoint's endpoints to reach it. The requests themselves: test/transcripts/ingress-use-waypoint.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { namespace, pod, service, snapshot } from './fixtures.ts';
import { httpRoute, waypointGateway } from './waypoint-fixtures.ts';

const ingressGateway: KubeObject = {
	apiVersion: 'gateway.networking.k8s.io/v1',
	kind: 'Gateway',
	metadata: {
		name: 'bookinfo-gateway',
		namespace: 'default',
		uid: 'gw-bookinfo',
		resourceVersion: '1',
		creationTimestamp: '2026-01-01T00:00:00Z'
	},
	spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] }
};

const route = httpRoute('bookinfo', {
	parentRefs: [{ name: 'bookinfo-gateway' }],
	rules: [{ backendRefs: [{ name: 'productpage', port: 9080 }] }]
});

const waypointService = service(
	'waypoint',
	{ 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
	[{ port: 15021 }, { port: 15008 }],
	{ clusterIP: '10.96.50.1' }
);
waypointService.metadata.labels = {
	'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint'
};

function mesh(o: {
	serviceLabels?: Record<string, string>;
	namespaceLabels?: Record<string, string>;
}) {
	const productpage = service('productpage', { app: 'productpage' }, [{ port: 9080 }], {
		clusterIP: '10.96.1.4'
	});
	productpage.metadata.labels = { 'istio.io/use-waypoint': 'waypoint', ...o.serviceLabels };
	return computeMeshState(
		snapshot({
			namespaces: [
				namespace('default', { 'istio.io/dataplane-mode': 'ambient', ...o.namespaceLabels })
			],
			pods: [
				pod('productpage-v1-c', { labels: { app: 'productpage' }, ip: '10.244.1.12' }),
				pod('waypoint-d', {
					labels: {
						'gateway.networking.k8s.io/gateway-name': 'waypoint',
						'gateway.istio.io/managed': 'istio.io-mesh-controller'
					},
					ip: '10.244.1.13',
					sa: 'waypoint'
				})
			],
			services: [productpage, waypointService],
			gateways: [waypointGateway('waypoint'), ingressGateway],
			httpRoutes: [route]
		})
	);
}

const attached = 'Successfully attached to waypoint default/waypoint';
const traverse = `${attached}. Ingress traffic will traverse the waypoint`;
const notUsing = `${attached}. Ingress traffic is not using the waypoint, set the istio.io/ingress-use-waypoint label to true if desired.`;

describe('istio.io/ingress-use-waypoint', () => {
	it.each([
		{ on: 'nowhere', svc: {}, ns: {}, uses: false, message: attached },
		{ on: 'the Service', svc: { v: 'true' }, ns: {}, uses: true, message: traverse },
		{ on: 'the namespace', svc: {}, ns: { v: 'true' }, uses: true, message: traverse },
		{ on: 'the Service (True)', svc: { v: 'True' }, ns: {}, uses: true, message: traverse },
		{ on: 'the Service (1)', svc: { v: '1' }, ns: {}, uses: true, message: traverse },
		{ on: 'the Service (yes)', svc: { v: 'yes' }, ns: {}, uses: false, message: notUsing },
		{ on: 'the Service (false)', svc: { v: 'false' }, ns: {}, uses: false, message: notUsing },
		{
			on: 'both; the Service wins',
			svc: { v: 'false' },
			ns: { v: 'true' },
			uses: false,
			message: notUsing
		}
	])('label on $on', ({ svc, ns, uses, message }) => {
		const label = (x: { v?: string }): Record<string, string> =>
			x.v === undefined ? {} : { 'istio.io/ingress-use-waypoint': x.v };
		const m = mesh({ serviceLabels: label(svc), namespaceLabels: label(ns) });
		const status = new Map(m.serviceStatuses);
		expect(status.get('default/productpage')?.message).toBe(message);
		const gw = m.waypoints.find((w) => w.gatewayClassName === 'istio');
		const pp = gw?.services.find((s) => s.name === 'productpage');
		expect(pp?.ingressUseWaypoint === true).toBe(uses);
		// To send through the waypoint, the gateway must know its Service and pods.
		const names = gw?.services.map((s) => s.name).sort();
		expect(names).toEqual(uses ? ['productpage', 'waypoint'] : ['productpage']);
		expect(gw?.workloads.some((w) => w.name === 'waypoint-d')).toBe(uses);
	});

	it('is ignored for a Service without a waypoint', () => {
		const productpage = service('productpage', { app: 'productpage' }, [{ port: 9080 }]);
		productpage.metadata.labels = { 'istio.io/ingress-use-waypoint': 'true' };
		const m = computeMeshState(
			snapshot({
				namespaces: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' })],
				pods: [pod('productpage-v1-c', { labels: { app: 'productpage' } })],
				services: [productpage],
				gateways: [ingressGateway],
				httpRoutes: [route]
			})
		);
		expect(new Map(m.serviceStatuses).get('default/productpage')).toBeNull();
		expect(m.services.find((s) => s.name === 'productpage')?.ingressUseWaypoint).toBeUndefined();
	});
});
