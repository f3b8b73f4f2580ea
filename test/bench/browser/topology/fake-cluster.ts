/**
 * A cluster stand-in for the topology frame bench: 3 nodes, `pods` enrolled pods behind 10
 * Services, and a runtime whose capture journal and traffic events grow at `rps` synthetic
 * HBONE requests per wall second (16 segments and 2 events each), so the page's MeshFeed,
 * edge ledger and SVG get exactly the load a busy mesh would give them.
 */
import type { ApiServer, ResourceType } from '../../../../src/mesh/api/api-server.ts';
import type { KubeObject } from '../../../../src/mesh/api/objects.ts';
import type { Cluster } from '../../../../src/mesh/cluster.ts';
import type { CaptureEntry } from '../../../../src/mesh/net/capture.ts';
import type { Runtime } from '../../../../src/mesh/runtime/runtime.ts';
import type { TrafficEvent } from '../../../../src/mesh/telemetry/traffic.ts';
import { connId, ip, ms, nodeName } from '../../../../src/mesh/types.ts';

const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
	name,
	...(namespace ? { namespace } : {}),
	uid: name,
	resourceVersion: '1',
	creationTimestamp: '',
	...extra
});

const NODES = ['ambient-control-plane', 'ambient-worker', 'ambient-worker2'];
const SERVICES = 10;

interface FakePod {
	readonly name: string;
	readonly ip: string;
	readonly node: string;
	readonly app: string;
}

function objects(pods: readonly FakePod[]): Record<string, KubeObject[]> {
	const node = (name: string, i: number) => ({
		apiVersion: 'v1',
		kind: 'Node',
		metadata: meta(name),
		spec: {},
		status: {
			addresses: [{ type: 'InternalIP', address: `172.18.0.${i + 2}` }],
			conditions: [{ type: 'Ready', status: 'True' }],
			nodeInfo: {}
		}
	});
	const pod = (
		p: FakePod,
		namespace: string,
		labels: Record<string, string>,
		ambient: boolean
	) => ({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: meta(p.name, namespace, {
			labels,
			...(ambient ? { annotations: { 'ambient.istio.io/redirection': 'enabled' } } : {})
		}),
		spec: { nodeName: p.node, containers: [{ name: 'app', image: 'app' }] },
		status: { phase: 'Running', podIP: p.ip }
	});
	const ztunnels = NODES.map((n, i) =>
		pod(
			{ name: `ztunnel-${i}abcd`, ip: `10.244.${i}.250`, node: n, app: 'ztunnel' },
			'istio-system',
			{ app: 'ztunnel' },
			false
		)
	);
	return {
		nodes: NODES.map(node),
		pods: [...pods.map((p) => pod(p, 'default', { app: p.app }, true)), ...ztunnels],
		services: Array.from({ length: SERVICES }, (_, s) => ({
			apiVersion: 'v1',
			kind: 'Service',
			metadata: meta(`svc-${s}`, 'default'),
			spec: { selector: { app: `svc-${s}` }, clusterIP: `10.96.0.${s + 10}` }
		})),
		namespaces: [
			{
				apiVersion: 'v1',
				kind: 'Namespace',
				metadata: meta('default', undefined, { labels: { 'istio.io/dataplane-mode': 'ambient' } })
			},
			{ apiVersion: 'v1', kind: 'Namespace', metadata: meta('istio-system') }
		]
	};
}

export function fakeCluster(podCount: number, rps: number): Cluster {
	const pods: FakePod[] = Array.from({ length: podCount }, (_, i) => {
		const worker = 1 + (i % 2);
		return {
			name: `app-${i % SERVICES}-7d9f8c6b5-${String(i).padStart(5, 'x')}`,
			ip: `10.244.${worker}.${10 + i}`,
			node: NODES[worker]!,
			app: `svc-${i % SERVICES}`
		};
	});
	const store = objects(pods);
	const type = (plural: string): ResourceType => ({
		plural,
		singular: plural,
		kind: plural,
		group: '',
		version: 'v1',
		shortNames: [],
		namespaced: true
	});
	const api = {
		resolve: (t: string) => (t in store ? type(t) : undefined),
		list: (t: ResourceType) => store[t.plural] ?? [],
		watch: () => () => {}
	} as unknown as ApiServer;

	const capture: CaptureEntry[] = [];
	const traffic: TrafficEvent[] = [];
	const start = performance.now();
	let made = 0;
	let conn = 0;
	const cipher = new Uint8Array(120).map((_, i) => (i < 3 ? [0x17, 3, 3][i]! : (i * 37) & 0xff));
	// Requests are a pseudo-random walk over service pairs: a few hot edges, many cold ones.
	const pick = (n: number, k: number) => (n * 2654435761 + k * 40503) % podCount;
	function generate(): void {
		const due = Math.floor(((performance.now() - start) / 1000) * rps);
		for (; made < due; made++) {
			const a = pods[pick(made, 1)]!;
			const b = pods[pick(made, 7)]!;
			if (a === b) continue;
			const t = made * (1000 / rps);
			const c = connId(`z/${++conn}`);
			const src = { ip: ip(a.ip), port: 30000 + (conn % 30000) };
			const dst = { ip: ip(b.ip), port: 15008 };
			const seg = (
				i: number,
				type: CaptureEntry['type'],
				fwd: boolean,
				payload?: Uint8Array
			): CaptureEntry => ({
				sent: ms(t + i * 0.1),
				at: ms(t + i * 0.1 + 0.1),
				conn: c,
				type,
				src: fwd ? src : dst,
				dst: fwd ? dst : src,
				srcNode: nodeName(a.node),
				dstNode: nodeName(b.node),
				length: payload?.length ?? 0,
				...(payload ? { payload } : {}),
				hop: ip('10.244.1.250')
			});
			const legs = [
				seg(0, 'connect', true),
				seg(1, 'accept', false),
				seg(2, 'data', true, cipher),
				seg(3, 'data', false, cipher),
				seg(4, 'data', true, cipher),
				seg(5, 'data', false, cipher),
				seg(6, 'close', true),
				seg(7, 'close', false)
			];
			// The redirected legs inside each pod's netns double the segment count.
			capture.push(
				...legs,
				...legs.map((e) => ({ ...e, conn: connId(`${c}r`), redirected: true }))
			);
			for (const direction of ['outbound', 'inbound'] as const) {
				traffic.push({
					traceId: made.toString(16).padStart(32, '0'),
					reporter: 'ztunnel',
					proxy: `istio-system/ztunnel-${direction === 'outbound' ? 1 : 2}abcd`,
					node: nodeName(direction === 'outbound' ? a.node : b.node),
					direction,
					layer: 'L4',
					start: ms(t),
					end: ms(t + 2),
					src: { ip: ip(a.ip), port: src.port, workload: `default/${a.name}` },
					dst: { ip: ip(b.ip), port: 9080, workload: `default/${b.name}` },
					protocol: 'HBONE',
					mtls: true,
					decision: { result: 'allow', reason: 'allow: no policies' },
					bytesSent: 240,
					bytesReceived: 240
				});
			}
		}
	}
	const since = <T>(all: T[], from: number) => all.slice(from);
	const runtime = {
		kind: 'inprocess',
		now: () => ms(made * (1000 / rps)),
		async capture(from: number) {
			generate();
			return { entries: since(capture, from), next: capture.length };
		},
		async traffic(from: number) {
			generate();
			return { events: since(traffic, from), next: traffic.length };
		}
	} as unknown as Runtime;
	return { api, runtime, now: runtime.now } as unknown as Cluster;
}
