/** Plain API objects, capture entries and TrafficEvents for the UI's pure-model tests. */
import type { KubeObject, NodeObject, Pod, Service } from '../../src/mesh/api/objects.ts';
import type { CaptureEntry } from '../../src/mesh/net/capture.ts';
import type { TrafficEvent } from '../../src/mesh/telemetry/traffic.ts';
import { connId, ip, ms, nodeName } from '../../src/mesh/types.ts';

const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
	name,
	...(namespace ? { namespace } : {}),
	uid: name,
	resourceVersion: '1',
	creationTimestamp: '',
	...extra
});

export function node(name: string, address: string): NodeObject {
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: meta(name),
		spec: {},
		status: {
			addresses: [{ type: 'InternalIP', address }],
			conditions: [{ type: 'Ready', status: 'True' }],
			nodeInfo: {}
		}
	};
}

export interface PodOptions {
	readonly namespace?: string;
	readonly labels?: Record<string, string>;
	readonly annotations?: Record<string, string>;
	readonly containers?: string[];
}

export function pod(name: string, nodeName: string, podIP: string, o: PodOptions = {}): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: meta(name, o.namespace ?? 'default', {
			labels: o.labels ?? {},
			...(o.annotations ? { annotations: o.annotations } : {})
		}),
		spec: { nodeName, containers: (o.containers ?? ['app']).map((n) => ({ name: n, image: n })) },
		status: { phase: 'Running', podIP }
	};
}

export function service(
	name: string,
	selector: Record<string, string>,
	clusterIP: string,
	namespace = 'default'
): Service {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta(name, namespace),
		spec: { selector, clusterIP, ports: [{ port: 9080 }] }
	};
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
	return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { labels }) };
}

export const AMBIENT = { 'ambient.istio.io/redirection': 'enabled' };

/** Bookinfo-ish: curl on worker, productpage on worker2, ztunnels, a waypoint, istiod. */
export function cluster(enrolled = false) {
	const a = enrolled ? { annotations: AMBIENT } : {};
	return {
		nodes: [node('ambient-worker2', '172.18.0.3'), node('ambient-worker', '172.18.0.2')],
		pods: [
			pod('curl-dbf564c7f-fwxst', 'ambient-worker', '10.244.1.5', {
				labels: { app: 'curl' },
				...a
			}),
			pod('productpage-v1-56b474697c-c76m6', 'ambient-worker2', '10.244.2.4', {
				labels: { app: 'productpage' },
				...a
			}),
			pod('reviews-v1-687f8dfb78-2v5jb', 'ambient-worker', '10.244.1.3', {
				labels: { app: 'reviews' },
				...a
			}),
			pod('ztunnel-mjv7k', 'ambient-worker', '10.244.1.7', {
				namespace: 'istio-system',
				labels: { app: 'ztunnel' }
			}),
			pod('ztunnel-hjn9v', 'ambient-worker2', '10.244.2.7', {
				namespace: 'istio-system',
				labels: { app: 'ztunnel' }
			}),
			pod('istio-cni-node-5ltvm', 'ambient-worker', '10.244.1.6', {
				namespace: 'istio-system',
				labels: { 'k8s-app': 'istio-cni-node' }
			}),
			pod('istiod-555746879c-rvvqq', 'ambient-worker2', '10.244.2.5', {
				namespace: 'istio-system',
				labels: { app: 'istiod' }
			}),
			pod('waypoint-5d9c7b8f4-abcde', 'ambient-worker2', '10.244.2.9', {
				labels: {
					'gateway.istio.io/managed': 'istio.io-mesh-controller',
					'gateway.networking.k8s.io/gateway-name': 'waypoint'
				}
			}),
			pod('sleep-sidecar-6b7f6dd6c8-q2w3e', 'ambient-worker', '10.244.1.8', {
				labels: { app: 'sleep' },
				annotations: { 'sidecar.istio.io/status': '{}' },
				containers: ['sleep', 'istio-proxy']
			}),
			pod('pending-7d9f', '', '', {})
		],
		services: [
			service('productpage', { app: 'productpage' }, '10.96.192.20'),
			service('reviews', { app: 'reviews' }, '10.96.238.191'),
			service('curl', { app: 'curl' }, '10.96.1.1')
		],
		namespaces: [
			namespace('default', enrolled ? { 'istio.io/dataplane-mode': 'ambient' } : {}),
			namespace('istio-system')
		]
	};
}

let conns = 0;

/** The segments of one connection: SYN, SYN-ACK, one data segment each way, FINs. */
export function connection(
	src: string,
	dst: string,
	o: {
		conn?: string;
		at?: number;
		request?: Uint8Array;
		reset?: 'refused' | 'reset';
		redirected?: boolean;
		dropped?: boolean;
		node?: string;
	} = {}
): CaptureEntry[] {
	const [sip, sport] = src.split(':');
	const [dip, dport] = dst.split(':');
	const s = { ip: ip(sip!), port: Number(sport) };
	const d = { ip: ip(dip!), port: Number(dport) };
	const conn = connId(o.conn ?? `default/c/${++conns}`);
	const n = nodeName(o.node ?? 'ambient-worker');
	const t = o.at ?? 1000;
	const seg = (
		i: number,
		type: CaptureEntry['type'],
		fwd: boolean,
		extra: Partial<CaptureEntry> = {}
	): CaptureEntry => ({
		sent: ms(t + i),
		at: ms(t + i + 0.1),
		conn,
		type,
		src: fwd ? s : d,
		dst: fwd ? d : s,
		srcNode: n,
		dstNode: n,
		length: extra.payload?.length ?? 0,
		...(o.redirected ? { redirected: true } : {}),
		...extra
	});
	if (o.dropped) return [seg(0, 'connect', true, { dropped: true })];
	if (o.reset) return [seg(0, 'connect', true), seg(1, 'reset', false, { reason: o.reset })];
	const request = o.request ?? new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
	return [
		seg(0, 'connect', true),
		seg(1, 'accept', false),
		seg(2, 'data', true, { payload: request }),
		seg(3, 'close', true),
		seg(4, 'close', false)
	];
}

/** A TLS 1.3 application_data record header with some ciphertext. */
export const TLS_RECORD = new Uint8Array([
	0x17, 0x03, 0x03, 0x00, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x01
]);

export function event(o: Partial<TrafficEvent> & { traceId: string }): TrafficEvent {
	return {
		reporter: 'ztunnel',
		proxy: 'istio-system/ztunnel-mjv7k',
		node: nodeName('ambient-worker'),
		direction: 'outbound',
		layer: 'L4',
		start: ms(1000),
		end: ms(1010),
		src: { ip: ip('10.244.1.5'), workload: 'default/curl-dbf564c7f-fwxst', namespace: 'default' },
		dst: {
			ip: ip('10.244.2.4'),
			port: 9080,
			workload: 'default/productpage-v1-56b474697c-c76m6',
			service: 'productpage.default.svc.cluster.local'
		},
		protocol: 'HBONE',
		mtls: true,
		decision: { result: 'allow', reason: 'allow: no policies' },
		bytesSent: 100,
		bytesReceived: 200,
		...o
	};
}
