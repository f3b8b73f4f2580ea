/**
 * istiod's debug mux on 15014, checked against istio 1.30.3 pilot/pkg/xds/debug.go: ConfigDump
 * (the IsZTunnel branch: Address resources; `types=` picks them), errorHandler's 400 and 404
 * texts, getProxyConnection's substring match, connectionsHandler (AdsClients), Syncz, writeJSON
 * (`?pretty` indents by four spaces), Debug's index and `list`.
 */
import { describe, expect, it } from 'vitest';
import { createSelfSignedCa } from '../../../src/mesh/istiod/ca.ts';
import { type Istiod, createIstiod } from '../../../src/mesh/istiod/istiod.ts';
import { TYPE_URL } from '../../../src/mesh/istiod/syncz.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { TestClock } from '../tls/pki.ts';
import { authorizationPolicy, namespace, pod, service, snapshot } from './fixtures.ts';
import { connectTo, servingCertOf } from './xds-conn.ts';

/** What protojson writes for an IPv4 `bytes` field (Node's own base64, not the code under test). */
const b64 = (ip: string) => Buffer.from(ip.split('.').map(Number)).toString('base64');

async function world(o: { sidecar?: boolean } = {}): Promise<Istiod> {
	const ca = await createSelfSignedCa({
		crypto: globalThis.crypto,
		rng: createRng(3),
		clock: new TestClock()
	});
	const snap = snapshot({
		namespaces: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' })],
		pods: [
			pod('ztunnel-a', {
				namespace: 'istio-system',
				labels: { app: 'ztunnel' },
				node: 'ambient-worker',
				ip: '10.244.1.2'
			}),
			pod('httpbin', { sa: 'httpbin', labels: { app: 'httpbin' }, ip: '10.244.1.9' })
		],
		services: [service('httpbin', { app: 'httpbin' }, [{ port: 8000, targetPort: 8080 }])],
		authorizationPolicies: [
			authorizationPolicy('deny-curl', {
				action: 'DENY',
				selector: { matchLabels: { app: 'httpbin' } },
				rules: [{ from: [{ source: { namespaces: ['other'] } }] }]
			})
		]
	});
	const serving = await servingCertOf(ca);
	const istiod = createIstiod({
		crypto: globalThis.crypto,
		ca,
		servingCert: () => serving,
		snapshot: () => snap,
		now: () => ms(1500)
	});
	const conn = connectTo(istiod, ca, new TestClock());
	conn.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-a' });
	await conn.next();
	if (o.sidecar) {
		const agent = connectTo(istiod, ca, new TestClock());
		agent.send({
			type: 'subscribe-sidecar',
			node: 'ambient-worker',
			pod: 'httpbin',
			namespace: 'default'
		});
		await agent.next();
	}
	return istiod;
}

const get = (istiod: Istiod, target: string) => {
	const [path = '', query = ''] = target.split('?');
	return istiod.debug(path, query);
};
const json = (istiod: Istiod, target: string): unknown =>
	JSON.parse(get(istiod, target)?.body ?? '');

describe('istiod /debug/config_dump', () => {
	it('400 without a proxyID, 404 for a proxy not connected (errorHandler)', async () => {
		const istiod = await world();
		expect(get(istiod, '/debug/config_dump')).toEqual({
			status: 400,
			body: 'You must provide a proxyID in the query string\n',
			contentType: 'text/plain; charset=utf-8'
		});
		expect(get(istiod, '/debug/config_dump?proxyID=ztunnel-zz.istio-system')).toMatchObject({
			status: 404,
			body: 'Proxy not connected to this Pilot instance. It may be connected to another instance.\n'
		});
	});

	it("a ztunnel's dump is its Address resources, workloads and services, in protojson", async () => {
		const istiod = await world();
		const r = get(istiod, '/debug/config_dump?proxyID=ztunnel-a.istio-system');
		expect(r?.status).toBe(200);
		expect(r?.contentType).toBe('application/json');
		const { configs } = JSON.parse(r?.body ?? '') as { configs: Record<string, unknown>[] };
		expect(configs.every((c) => c['@type'] === TYPE_URL.WDS)).toBe(true);
		const workload = configs.find(
			(c) => (c['workload'] as { name?: string } | undefined)?.name === 'httpbin'
		);
		expect(workload?.['workload']).toMatchObject({
			uid: 'Kubernetes//Pod/default/httpbin',
			namespace: 'default',
			addresses: [b64('10.244.1.9')],
			tunnelProtocol: 'HBONE',
			trustDomain: 'cluster.local',
			serviceAccount: 'httpbin',
			node: 'ambient-worker',
			canonicalName: 'httpbin',
			workloadType: 'POD',
			clusterId: 'Kubernetes',
			services: {
				'default/httpbin.default.svc.cluster.local': {
					ports: [{ servicePort: 8000, targetPort: 8080 }]
				}
			},
			authorizationPolicies: ['default/deny-curl']
		});
		// HEALTHY is the enum's zero value: protojson leaves it out.
		expect(workload?.['workload']).not.toHaveProperty('status');
		expect(configs).toContainEqual({
			'@type': TYPE_URL.WDS,
			service: {
				name: 'httpbin',
				namespace: 'default',
				hostname: 'httpbin.default.svc.cluster.local',
				addresses: [{ address: b64('10.96.0.10') }],
				ports: [{ servicePort: 8000, targetPort: 8080 }]
			}
		});
		// Authorizations only when asked for (the IsZTunnel branch dumps AddressType only).
		expect(configs.some((c) => 'action' in c || 'groups' in c)).toBe(false);
	});

	it('types=WADS gives the Authorization resources; a proxyID substring finds the proxy', async () => {
		const istiod = await world();
		expect(json(istiod, '/debug/config_dump?proxyID=ztunnel-a&types=WADS')).toEqual({
			configs: [
				{
					'@type': TYPE_URL.WADS,
					name: 'deny-curl',
					namespace: 'default',
					scope: 'WORKLOAD_SELECTOR',
					action: 'DENY',
					groups: [{ rules: [{ matches: [{ namespaces: [{ exact: 'other' }] }] }] }]
				}
			]
		});
	});

	it("an Envoy proxy's dump is not simulated: a note says where to read it", async () => {
		const istiod = await world({ sidecar: true });
		expect(get(istiod, '/debug/config_dump?proxyID=httpbin.default')).toEqual({
			status: 501,
			body: "config_dump for httpbin.default (an Envoy proxy) is not simulated by istiod; read the proxy's own with: istioctl proxy-config all httpbin.default\n",
			contentType: 'text/plain; charset=utf-8'
		});
		const connections = json(istiod, '/debug/connections') as { totalClients: number };
		expect(connections.totalClients).toBe(2);
	});
});

describe('istiod /debug/connections, /debug/syncz, /debug, /debug/list', () => {
	it('connections: AdsClients with the connection id, when and from where', async () => {
		const istiod = await world();
		const out = json(istiod, '/debug/connections') as {
			totalClients: number;
			clients: { connectionId: string; connectedAt: string; address: string }[];
		};
		expect(out.totalClients).toBe(1);
		expect(out.clients).toHaveLength(1);
		expect(out.clients[0]?.connectionId).toBe('ztunnel-a.istio-system-1');
		// Go's time.Time JSON: RFC 3339 with the fraction's trailing zeros dropped.
		expect(out.clients[0]?.connectedAt).toBe('2026-01-01T00:00:01.5Z');
		expect(out.clients[0]?.address).toMatch(/^[\d.]+:\d+$/);
	});

	it('syncz is compact JSON, indented by four spaces with ?pretty', async () => {
		const istiod = await world();
		const compact = get(istiod, '/debug/syncz')?.body ?? '';
		expect(compact).not.toContain('\n');
		expect(JSON.parse(compact)).toEqual(istiod.syncz());
		const pretty = get(istiod, '/debug/syncz?pretty')?.body ?? '';
		expect(pretty.split('\n')[1]).toBe('    {');
		expect(JSON.parse(pretty)).toEqual(istiod.syncz());
	});

	it('the index and list name only the endpoints served; others are not served', async () => {
		const istiod = await world();
		const index = get(istiod, '/debug');
		expect(index?.contentType).toContain('text/html');
		const hrefs = [...(index?.body ?? '').matchAll(/href='([^']+)'/g)].map((m) => m[1]);
		expect(hrefs).toEqual([
			'/debug/config_dump',
			'/debug/connections',
			'/debug/list',
			'/debug/syncz'
		]);
		expect(json(istiod, '/debug/list')).toEqual(['config_dump', 'connections', 'syncz']);
		for (const path of hrefs) expect(get(istiod, path ?? '')).toBeDefined();
		expect(get(istiod, '/debug/registryz')).toBeUndefined();
		expect(get(istiod, '/debug/configz')).toBeUndefined();
	});
});
