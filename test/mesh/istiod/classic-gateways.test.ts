/**
 * The classic networking.istio.io Gateway, written from Istio 1.30.3
 * pilot/pkg/model/gateway.go (`resolvePorts`: a server port is the gateway Service's port and
 * listens on its targetPort, else on the number as is; `gatewayRDSRouteName`: `http.<port>`;
 * `sanitizeServerHostNamespace`: `./h`, `*\/h`, `*\/*`) and pilot/pkg/networking/core/gateway.go
 * (VirtualServices bound through `gateways`, short names in the VirtualService's namespace,
 * their hosts admitted by the server's). The requests: test/transcripts/istio-docs/traffic-ingress-control.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { classicServers, isClassicRouter } from '../../../src/mesh/istiod/classic-gateways.ts';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { namespace, pod, service, snapshot } from './fixtures.ts';

const meta = (name: string, ns = 'default') => ({
	name,
	namespace: ns,
	uid: `uid-${ns}-${name}`,
	resourceVersion: '1',
	creationTimestamp: '2026-01-01T00:00:00Z'
});

function gateway(
	name: string,
	servers: unknown[],
	selector = { istio: 'ingressgateway' },
	ns = 'default'
): KubeObject {
	return {
		apiVersion: 'networking.istio.io/v1',
		kind: 'Gateway',
		metadata: meta(name, ns),
		spec: { selector, servers }
	};
}

function virtualService(name: string, spec: Record<string, unknown>, ns = 'default'): KubeObject {
	return {
		apiVersion: 'networking.istio.io/v1',
		kind: 'VirtualService',
		metadata: meta(name, ns),
		spec
	};
}

const http = (number: number, hosts: string[], extra: Record<string, unknown> = {}) => ({
	port: { number, name: `http-${number}`, protocol: 'HTTP' },
	hosts,
	...extra
});

function routerPod(
	labels: Record<string, string> = { app: 'istio-ingressgateway', istio: 'ingressgateway' }
): Pod {
	const p = pod('istio-ingressgateway-abc', {
		namespace: 'istio-system',
		labels,
		ip: '10.244.1.9'
	});
	p.spec.containers = [{ name: 'istio-proxy', image: 'proxyv2', args: ['proxy', 'router'] }];
	return p;
}

const gatewayService = service(
	'istio-ingressgateway',
	{ app: 'istio-ingressgateway', istio: 'ingressgateway' },
	[
		{ port: 15021, targetPort: 15021, name: 'status-port' },
		{ port: 80, targetPort: 8080, name: 'http2' },
		{ port: 443, targetPort: 8443, name: 'https' }
	],
	{ clusterIP: '10.96.9.9' }
);
gatewayService.metadata.namespace = 'istio-system';

const httpbin = service('httpbin', { app: 'httpbin' }, [{ port: 8000, targetPort: 8080 }], {
	clusterIP: '10.96.1.1'
});

function routerConfig(gateways: KubeObject[], virtualServices: KubeObject[], router = routerPod()) {
	const mesh = computeMeshState(
		snapshot({
			namespaces: [namespace('default'), namespace('istio-system')],
			pods: [router, pod('httpbin-x', { labels: { app: 'httpbin' }, ip: '10.244.1.20' })],
			services: [gatewayService, httpbin],
			istioGateways: gateways,
			virtualServices
		})
	);
	return mesh.routers.get(`istio-system/${router.metadata.name}`);
}

describe('classic gateway servers', () => {
	it('sanitizes server hosts as sanitizeServerHostNamespace does', () => {
		const gw = gateway('g', [
			http(80, ['./a.example.com', '*/b.example.com', 'other/c.example.com'])
		]);
		expect(classicServers(gw)[0]?.hosts).toEqual([
			'default/a.example.com',
			'b.example.com',
			'other/c.example.com'
		]);
		expect(classicServers(gateway('g', [http(80, ['x', '*/*'])]))[0]?.hosts).toEqual(['*']);
	});

	it('terminates SIMPLE/MUTUAL HTTPS servers; marks PASSTHROUGH and TCP as not modelled', () => {
		const gw = gateway('g', [
			{
				port: { number: 443, name: 'https', protocol: 'HTTPS' },
				hosts: ['*'],
				tls: { mode: 'SIMPLE', credentialName: 'c' }
			},
			{
				port: { number: 443, name: 'https-m', protocol: 'HTTPS' },
				hosts: ['*'],
				tls: { mode: 'MUTUAL', credentialName: 'c' }
			},
			{
				port: { number: 443, name: 'https-p', protocol: 'HTTPS' },
				hosts: ['*'],
				tls: { mode: 'PASSTHROUGH' }
			},
			{ port: { number: 31400, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] }
		]);
		expect(classicServers(gw).map((s) => [s.unsupported, s.tls?.mode])).toEqual([
			[undefined, 'SIMPLE'],
			[undefined, 'MUTUAL'],
			['HTTPS servers other than SIMPLE/MUTUAL with a credentialName are not modelled', undefined],
			['TCP servers are not modelled', undefined]
		]);
	});

	it('is a router only for `proxy router` outside the Gateway API', () => {
		expect(isClassicRouter(routerPod())).toBe(true);
		expect(isClassicRouter(pod('app'))).toBe(false);
		expect(
			isClassicRouter(routerPod({ 'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway' }))
		).toBe(false);
	});
});

describe('a classic router pod config', () => {
	it('listens on the Service targetPort with route http.<targetPort> (resolvePorts)', () => {
		const c = routerConfig([gateway('g', [http(80, ['*'])])], []);
		expect(c?.classic).toBe(true);
		expect(c?.listeners?.map((l) => [l.name, l.port, l.servicePort])).toEqual([
			['http.8080', 8080, 80]
		]);
	});

	it('listens on the number as is when no Service port matches', () => {
		const c = routerConfig([gateway('g', [http(9999, ['*'])])], []);
		expect(c?.listeners?.map((l) => l.port)).toEqual([9999]);
	});

	it('has no listeners when no Gateway selects the pod', () => {
		const c = routerConfig([gateway('g', [http(80, ['*'])], { istio: 'egressgateway' })], []);
		expect(c?.listeners).toEqual([]);
	});

	it('merges servers of several Gateways on one port', () => {
		const c = routerConfig(
			[gateway('a', [http(80, ['a.example.com'])]), gateway('b', [http(80, ['b.example.com'])])],
			[
				virtualService('va', {
					hosts: ['a.example.com'],
					gateways: ['a'],
					http: [{ route: [{ destination: { host: 'httpbin', port: { number: 8000 } } }] }]
				}),
				virtualService('vb', {
					hosts: ['b.example.com'],
					gateways: ['default/b'],
					http: [{ route: [{ destination: { host: 'httpbin' } }] }]
				})
			]
		);
		expect(c?.listeners).toHaveLength(1);
		expect(c?.listeners?.[0]?.routes.map((r) => [r.hostname, r.source])).toEqual([
			['a.example.com', 'default/va'],
			['b.example.com', 'default/vb']
		]);
		// The destination without a port takes the Service's only one.
		expect(c?.listeners?.[0]?.routes[1]?.rules[0]?.backends[0]).toMatchObject({
			hostname: 'httpbin.default.svc.cluster.local',
			port: 8000
		});
		expect(c?.services.map((s) => s.hostname)).toEqual(['httpbin.default.svc.cluster.local']);
	});

	it('binds only VirtualServices naming the Gateway, whose hosts the server admits', () => {
		const route = {
			http: [{ route: [{ destination: { host: 'httpbin', port: { number: 8000 } } }] }]
		};
		const c = routerConfig(
			[gateway('g', [http(80, ['httpbin.example.com'])])],
			[
				virtualService('mesh-only', { hosts: ['httpbin.example.com'], ...route }),
				virtualService('other-host', { hosts: ['other.example.com'], gateways: ['g'], ...route }),
				// A short gateway name is in the VirtualService's namespace: not default/g.
				virtualService(
					'elsewhere',
					{ hosts: ['httpbin.example.com'], gateways: ['g'], ...route },
					'other'
				),
				virtualService('bound', {
					hosts: ['httpbin.example.com'],
					gateways: ['g', 'mesh'],
					...route
				})
			]
		);
		expect(c?.listeners?.[0]?.routes.map((r) => r.source)).toEqual(['default/bound']);
	});

	it('admits a VirtualService host of a namespace-scoped server host only from that namespace', () => {
		const route = {
			http: [
				{
					route: [
						{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 8000 } } }
					]
				}
			]
		};
		const c = routerConfig(
			[gateway('g', [http(80, ['other/*'])])],
			[
				virtualService('here', { hosts: ['a.example.com'], gateways: ['default/g'], ...route }),
				virtualService(
					'there',
					{ hosts: ['b.example.com'], gateways: ['default/g'], ...route },
					'other'
				)
			]
		);
		expect(c?.listeners?.[0]?.routes.map((r) => r.source)).toEqual(['other/there']);
	});
});
