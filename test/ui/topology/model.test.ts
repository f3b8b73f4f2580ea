import { describe, expect, it } from 'vitest';
import { EdgeLedger } from '../../../src/ui/topology/edges.ts';
import { buildInventory, meshMode } from '../../../src/ui/topology/inventory.ts';
import { buildTopology, LIVE_MS, shortName } from '../../../src/ui/topology/model.ts';
import { cluster, connection, event, pod, TLS_RECORD } from '../fixtures.ts';

const CURL = 'pod:default/curl-dbf564c7f-fwxst';
const PRODUCTPAGE = 'pod:default/productpage-v1-56b474697c-c76m6';
const WAYPOINT = 'pod:default/waypoint-5d9c7b8f4-abcde';

describe('inventory', () => {
	const inv = buildInventory(cluster(true));

	it('puts nodes in name order as regions, each with its ztunnel', () => {
		expect(inv.regions.map((r) => [r.name, r.ip, r.ztunnel?.name])).toEqual([
			['ambient-worker', '172.18.0.2', 'ztunnel-mjv7k'],
			['ambient-worker2', '172.18.0.3', 'ztunnel-hjn9v']
		]);
	});

	it("leaves kind's kube-system and local-path-storage out, as Kiali does kube-*", () => {
		const fixture = cluster(true);
		const kind = buildInventory({
			...fixture,
			pods: [
				...fixture.pods,
				pod('coredns-5bdf48c498-5vxjm', 'ambient-control-plane', '10.244.0.2', {
					namespace: 'kube-system',
					labels: { 'k8s-app': 'kube-dns' }
				}),
				pod('local-path-provisioner-65c958b49-wrjzz', 'ambient-control-plane', '10.244.0.4', {
					namespace: 'local-path-storage',
					labels: { app: 'local-path-provisioner' }
				})
			]
		});
		expect([...kind.items.keys()]).toEqual([...inv.items.keys()]);
		expect(kind.regions[0]!.groups.map((g) => g.label)).toEqual(
			inv.regions[0]!.groups.map((g) => g.label)
		);
	});

	it('groups pods by namespace, then service; unscheduled pods and istio-cni are not drawn', () => {
		const worker2 = inv.regions[1]!;
		expect(worker2.groups.map((g) => g.label)).toEqual(['default', 'istio-system']);
		const def = worker2.groups[0]!;
		expect(def.dataplaneMode).toBe('ambient');
		expect(def.groups.map((g) => [g.label, g.items.map((i) => i.name)])).toEqual([
			['productpage', ['productpage-v1-56b474697c-c76m6']]
		]);
		expect(def.items.map((i) => [i.kind, i.waypoint])).toEqual([['waypoint', 'default/waypoint']]);
		expect(worker2.groups[1]!.items.map((i) => i.kind)).toEqual(['control']);
		expect(
			[...inv.items.keys()].some((k) => k.includes('istio-cni') || k.includes('pending'))
		).toBe(false);
	});

	it.each([
		{ name: 'curl-dbf564c7f-fwxst', enrolled: true, mode: 'ambient' },
		{ name: 'curl-dbf564c7f-fwxst', enrolled: false, mode: 'none' },
		{ name: 'sleep-sidecar-6b7f6dd6c8-q2w3e', enrolled: true, mode: 'sidecar' }
	])('marks $name as $mode (namespace enrolled: $enrolled)', ({ name, enrolled, mode }) => {
		const item = buildInventory(cluster(enrolled)).items.get(`pod:default/${name}`);
		expect(item?.mode).toBe(mode);
	});

	it('marks an ingress gateway pod as not in the mesh, though its container is istio-proxy', () => {
		const gw = pod('bookinfo-gateway-istio-58f4cbd8cb-kknfs', 'ambient-worker', '10.244.1.8', {
			labels: { 'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway' },
			containers: ['istio-proxy']
		});
		expect(meshMode(gw)).toBe('none');
		expect(meshMode({ ...gw, metadata: { ...gw.metadata, labels: {} } })).toBe('sidecar');
	});

	it('resolves pod IPs and ClusterIPs to boxes', () => {
		expect(inv.byIp.get('10.244.2.4')?.id).toBe(PRODUCTPAGE);
		expect(inv.byIp.get('10.96.192.20')?.id).toBe(PRODUCTPAGE);
		expect(inv.waypoints.get('default/waypoint')?.id).toBe(WAYPOINT);
	});

	it('keeps the structure key across enrolment, changes it when a box appears', () => {
		const plain = buildInventory(cluster(false));
		expect(plain.structureKey).toBe(inv.structureKey);
		const c = cluster(true);
		const fewer = buildInventory({
			...c,
			pods: c.pods.filter((p) => !p.metadata.name.startsWith('waypoint'))
		});
		expect(fewer.structureKey).not.toBe(inv.structureKey);
	});

	it('names pods the way a learner does', () => {
		expect(shortName(inv.items.get(PRODUCTPAGE)!)).toBe('productpage-v1');
		expect(shortName(inv.items.get('pod:istio-system/ztunnel-mjv7k')!)).toBe('ztunnel');
	});
});

describe('edges from the capture', () => {
	const inv = buildInventory(cluster(true));
	const cases = [
		{
			name: 'plain HTTP between pods is a plaintext edge',
			entries: connection('10.244.1.5:32768', '10.244.2.4:9080'),
			expected: [{ id: `${CURL}->${PRODUCTPAGE}`, state: 'plaintext' }]
		},
		{
			name: 'HBONE to the destination pod on 15008 is mTLS',
			entries: connection('10.244.1.5:32769', '10.244.2.4:15008', { request: TLS_RECORD }),
			expected: [{ id: `${CURL}->${PRODUCTPAGE}`, state: 'mtls' }]
		},
		{
			name: 'HBONE to a waypoint is L7',
			entries: connection('10.244.1.5:32769', '10.244.2.9:15008', { request: TLS_RECORD }),
			expected: [{ id: `${CURL}->${WAYPOINT}`, state: 'l7' }]
		},
		{
			name: 'TLS on an app port (a sidecar) is mTLS',
			entries: connection('10.244.1.8:40000', '10.244.2.4:9080', { request: TLS_RECORD }),
			expected: [
				{ id: `pod:default/sleep-sidecar-6b7f6dd6c8-q2w3e->${PRODUCTPAGE}`, state: 'mtls' }
			]
		},
		{
			name: 'a ClusterIP resolves to a pod of the service',
			entries: connection('10.244.1.5:32768', '10.96.192.20:9080'),
			expected: [{ id: `${CURL}->${PRODUCTPAGE}`, state: 'plaintext' }]
		},
		{
			name: 'a reset with no policy to blame is failed, with the reset in words',
			entries: connection('10.244.1.5:32768', '10.244.2.4:9080', { reset: 'refused' }),
			expected: [{ id: `${CURL}->${PRODUCTPAGE}`, state: 'failed', reason: 'connection refused' }]
		},
		{
			name: 'the redirected leg into ztunnel is not an edge',
			entries: connection('10.244.1.5:32768', '10.96.192.20:9080', { redirected: true }),
			expected: []
		},
		{
			name: 'xDS to istiod is not an edge',
			entries: connection('10.244.1.7:32768', '10.244.2.5:15012'),
			expected: []
		},
		{
			name: 'addresses no box owns are not edges',
			entries: connection('10.244.1.5:32768', '10.9.9.9:80'),
			expected: []
		}
	];
	it.each(cases)('$name', ({ entries, expected }) => {
		const ledger = new EdgeLedger();
		ledger.addCapture(entries, inv, 0);
		const model = buildTopology(inv, ledger, 0);
		expect(
			model.edges.map((e) => ({
				id: e.id,
				state: e.state,
				...(e.reason ? { reason: e.reason } : {})
			}))
		).toEqual(expected);
	});

	it('turns plaintext into mTLS when the namespace is enrolled (newest wins), counting both', () => {
		const ledger = new EdgeLedger();
		ledger.addCapture(connection('10.244.1.5:32768', '10.244.2.4:9080', { at: 1000 }), inv, 0);
		ledger.addCapture(
			connection('10.244.1.5:32769', '10.244.2.4:15008', { at: 5000, request: TLS_RECORD }),
			inv,
			10
		);
		const [edge] = buildTopology(inv, ledger, 10).edges;
		expect(edge?.state).toBe('mtls');
		expect(edge?.counts).toMatchObject({ plaintext: 1, mtls: 1 });
		expect(edge?.label).toBe(
			'curl → productpage-v1: mTLS (HBONE); 2 requests (1 plaintext, 1 mtls)'
		);
		expect([edge?.summary, edge?.secure]).toEqual(['2', true]);
	});

	it('is live for LIVE_MS after its last traffic', () => {
		const ledger = new EdgeLedger();
		ledger.addCapture(connection('10.244.1.5:32768', '10.244.2.4:9080'), inv, 100);
		expect(buildTopology(inv, ledger, 100 + LIVE_MS - 1).edges[0]?.live).toBe(true);
		expect(buildTopology(inv, ledger, 100 + LIVE_MS).edges[0]?.live).toBe(false);
	});

	it('drops edges whose pods are gone', () => {
		const ledger = new EdgeLedger();
		ledger.addCapture(connection('10.244.1.5:32768', '10.244.2.4:9080'), inv, 0);
		const c = cluster(true);
		const without = buildInventory({
			...c,
			pods: c.pods.filter((p) => !p.metadata.name.startsWith('productpage'))
		});
		ledger.prune(without);
		expect(buildTopology(without, ledger, 0).edges).toEqual([]);
	});
});

describe('edges from traffic events', () => {
	const inv = buildInventory(cluster(true));
	const deny = event({
		traceId: 'a'.repeat(32),
		direction: 'inbound',
		decision: {
			result: 'deny',
			policy: 'default/productpage-ztunnel',
			rule: 0,
			reason: 'no ALLOW policy matched'
		},
		error: 'connection closed due to policy rejection'
	});
	const cases = [
		{
			name: 'an allowed mTLS hop',
			events: [event({ traceId: '1'.repeat(32) })],
			expected: { id: `${CURL}->${PRODUCTPAGE}`, state: 'mtls' }
		},
		{
			name: 'a denial carries the policy and rule',
			events: [deny],
			expected: {
				id: `${CURL}->${PRODUCTPAGE}`,
				state: 'denied',
				reason: 'no ALLOW policy matched (policy default/productpage-ztunnel, rule 0)'
			}
		},
		{
			name: 'a ztunnel hop to a waypoint ends at the waypoint',
			events: [event({ traceId: '2'.repeat(32), waypoint: 'default/waypoint' })],
			expected: { id: `${CURL}->${WAYPOINT}`, state: 'l7' }
		},
		{
			name: "a waypoint's hop starts at the waypoint, with the HTTP exchange",
			events: [
				event({
					traceId: '3'.repeat(32),
					reporter: 'waypoint',
					proxy: 'default/waypoint-5d9c7b8f4-abcde',
					layer: 'L7',
					waypoint: 'default/waypoint',
					http: { method: 'GET', path: '/productpage', authority: 'productpage:9080', status: 200 }
				})
			],
			expected: { id: `${WAYPOINT}->${PRODUCTPAGE}`, state: 'l7', http: 'GET /productpage → 200' }
		},
		{
			name: 'a 403 from the waypoint’s policy counts where it was refused: client → waypoint',
			events: [
				event({
					traceId: '4'.repeat(32),
					reporter: 'waypoint',
					proxy: 'default/waypoint-5d9c7b8f4-abcde',
					layer: 'L7',
					waypoint: 'default/waypoint',
					decision: {
						result: 'deny',
						policy: 'default/productpage-viewer',
						reason: 'RBAC: access denied'
					},
					http: { method: 'GET', path: '/productpage', authority: 'productpage:9080', status: 403 }
				})
			],
			expected: {
				id: `${CURL}->${WAYPOINT}`,
				state: 'denied',
				counts: { denied: 1 },
				http: 'GET /productpage → 403'
			}
		}
	];
	it.each(cases)('$name', ({ events, expected }) => {
		const ledger = new EdgeLedger();
		ledger.addTraffic(events, inv, 0);
		const [edge] = buildTopology(inv, ledger, 0).edges;
		expect(edge).toMatchObject(expected);
		expect(edge?.traceIds).toEqual([events[0]!.traceId]);
	});

	it('a denial beats the reset the capture saw for the same request', () => {
		const ledger = new EdgeLedger();
		ledger.addCapture(
			connection('10.244.1.5:32769', '10.244.2.4:15008', { at: 1000, reset: 'reset' }),
			inv,
			0
		);
		ledger.addTraffic([deny], inv, 0);
		expect(buildTopology(inv, ledger, 0).edges[0]?.state).toBe('denied');
	});
});

describe('aggregated counts (Kiali: one edge per pair, "12 · 3×403")', () => {
	const inv = buildInventory(cluster(true));
	const waypointHop = (traceId: string, status: number) =>
		event({
			traceId,
			reporter: 'waypoint',
			proxy: 'default/waypoint-5d9c7b8f4-abcde',
			direction: 'inbound',
			layer: 'L7',
			waypoint: 'default/waypoint',
			http: { method: 'GET', path: '/', authority: 'productpage:9080', status },
			...(status === 403
				? { decision: { result: 'deny' as const, reason: 'RBAC: access denied' } }
				: {})
		});

	it('counts a request seen by two proxies once, and its 403 by code', () => {
		const ledger = new EdgeLedger();
		const ids = ['1', '2', '3'].map((c) => c.repeat(32));
		// Each request: curl's ztunnel reports it, then the waypoint (one of them refused).
		ledger.addTraffic(
			ids.flatMap((id, i) => [
				event({ traceId: id, waypoint: 'default/waypoint' }),
				...(i === 2 ? [waypointHop(id, 403)] : [])
			]),
			inv,
			0
		);
		const [edge] = buildTopology(inv, ledger, 0).edges;
		expect(edge?.id).toBe(`${CURL}->${WAYPOINT}`);
		expect([edge?.requests, edge?.errors, edge?.summary]).toEqual([
			3,
			[{ code: '403', count: 1 }],
			'3 · 1×403'
		]);
	});

	it('counts both ends of a hop once: source and destination ztunnels report the same request', () => {
		const ledger = new EdgeLedger();
		const id = 'b'.repeat(32);
		ledger.addTraffic(
			[event({ traceId: id }), event({ traceId: id, direction: 'inbound' })],
			inv,
			0
		);
		expect(buildTopology(inv, ledger, 0).edges[0]?.summary).toBe('1');
	});

	it('counts connections from the capture when no proxy reported, and refusals as errors', () => {
		const ledger = new EdgeLedger();
		ledger.addCapture(
			[
				...connection('10.244.1.5:32768', '10.244.2.4:9080'),
				...connection('10.244.1.5:32769', '10.244.2.4:9080', { reset: 'refused' })
			],
			inv,
			0
		);
		const [edge] = buildTopology(inv, ledger, 0).edges;
		expect([edge?.summary, edge?.secure]).toEqual(['2 · 1×refused', false]);
	});

	it('a denial of plaintext traffic stays dashed; of HBONE traffic, solid', () => {
		const plain = new EdgeLedger();
		plain.addTraffic(
			[
				event({
					traceId: 'c'.repeat(32),
					protocol: 'TCP',
					mtls: false,
					decision: { result: 'deny', reason: 'no ALLOW policy matched' }
				})
			],
			inv,
			0
		);
		const sealed = new EdgeLedger();
		sealed.addTraffic(
			[
				event({
					traceId: 'd'.repeat(32),
					decision: { result: 'deny', reason: 'no ALLOW policy matched' }
				})
			],
			inv,
			0
		);
		const edgeOf = (l: EdgeLedger) => buildTopology(inv, l, 0).edges[0];
		expect([edgeOf(plain)?.state, edgeOf(plain)?.secure, edgeOf(plain)?.summary]).toEqual([
			'denied',
			false,
			'1 · 1×denied'
		]);
		expect([edgeOf(sealed)?.state, edgeOf(sealed)?.secure]).toEqual(['denied', true]);
	});
});
