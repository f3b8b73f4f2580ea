/**
 * A small mesh for waypoint tests on a virtual clock: a client that plays the source ztunnel
 * (mTLS as `curl`, CONNECT to the waypoint with `forwarded`), the waypoint under test, a real
 * destination ztunnel on node 2 and HTTP apps behind it. Time moves only when nothing else can
 * (no promise reaction pending, no WebCrypto operation in flight), so timeouts are exact.
 */
import { HboneClient, hboneConnect, isHboneError } from '../../../src/mesh/hbone/connect.ts';
import type { Header, HttpResponse } from '../../../src/mesh/net/http/message.ts';
import { makeResponse, serializeRequest, utf8 } from '../../../src/mesh/net/http/message.ts';
import { Http1Parser } from '../../../src/mesh/net/http/parser.ts';
import { readResponse } from '../../../src/mesh/net/http/read.ts';
import { type ServerRequest, serve } from '../../../src/mesh/net/http/server.ts';
import { isConnectError, type Socket } from '../../../src/mesh/net/socket.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { EventQueue } from '../../../src/mesh/runtime/event-queue.ts';
import type { HostContext } from '../../../src/mesh/runtime/host.ts';
import type { TrafficEvent } from '../../../src/mesh/telemetry/traffic.ts';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { secureClient } from '../../../src/mesh/tls/handshake.ts';
import type { SecureStream } from '../../../src/mesh/tls/stream.ts';
import { type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { hostId, ip, ms, nodeName } from '../../../src/mesh/types.ts';
import type { WaypointConfig } from '../../../src/mesh/xds/waypoint-config.ts';
import {
	createWaypoint,
	type Waypoint,
	type WaypointRole
} from '../../../src/mesh/waypoint/waypoint.ts';
import type { Service, Workload } from '../../../src/mesh/xds/workload-api.ts';
import { createZtunnel } from '../../../src/mesh/ztunnel/ztunnel.ts';
import { type Pki, createPki } from '../tls/pki.ts';
import { service, workload } from '../ztunnel/fixtures.ts';
import { MeshNet } from '../ztunnel/mesh-net.ts';

export const WAYPOINT_IP = '10.244.1.9';
export const CLIENT_IP = '10.244.1.5';
const ZTUNNEL_2 = '10.244.2.2';
export const WAYPOINT_ID = spiffeId('default', 'waypoint');

const onNode2 = (name: string, address: string, over: Partial<Workload> = {}) =>
	workload(name, address, { node: 'node-2', ...over });

export const curlPod = workload('curl', CLIENT_IP);
export const reviewsV1 = onNode2('reviews-v1', '10.244.2.7', {
	serviceAccount: 'bookinfo-reviews',
	canonicalRevision: 'v1'
});
export const reviewsV2 = onNode2('reviews-v2', '10.244.2.8', {
	serviceAccount: 'bookinfo-reviews',
	canonicalRevision: 'v2'
});
export const flakyPod = onNode2('flaky', '10.244.2.10');
/** Not enrolled: reached in plaintext. */
export const legacyPod = onNode2('legacy', '10.244.2.11', { protocol: 'TCP' });

const withWaypoint = (s: Service): Service => ({
	...s,
	waypoint: {
		hostname: 'waypoint.default.svc.cluster.local',
		namespace: 'default',
		address: ip('10.96.0.99'),
		hboneMtlsPort: 15008
	}
});
export const reviewsSvc = withWaypoint(
	service('reviews', '10.96.0.20', { 9080: 9080 }, [reviewsV1, reviewsV2])
);
export const reviewsV1Svc = service('reviews-v1', '10.96.0.21', { 9080: 9080 }, [reviewsV1]);
export const reviewsV2Svc = service('reviews-v2', '10.96.0.22', { 9080: 9080 }, [reviewsV2]);
export const flakySvc = withWaypoint(service('flaky', '10.96.0.23', { 80: 8080 }, [flakyPod]));
export const legacySvc = service('legacy', '10.96.0.24', { 80: 8080 }, [legacyPod]);
export const emptySvc = withWaypoint(service('empty', '10.96.0.25', { 80: 8080 }, []));

export function baseConfig(over: Partial<WaypointConfig> = {}): WaypointConfig {
	return {
		version: 1,
		gateway: { name: 'waypoint', namespace: 'default' },
		gatewayClassName: 'istio-waypoint',
		services: [reviewsSvc, reviewsV1Svc, reviewsV2Svc, flakySvc, legacySvc, emptySvc],
		workloads: [curlPod, reviewsV1, reviewsV2, flakyPod, legacyPod],
		routes: [],
		policies: [],
		// These tests read Envoy's access log: on, as a Telemetry with the envoy provider sets it.
		accessLogging: true,
		...over
	};
}

/** One HTTP request as a client writes it. */
export interface ClientRequest {
	readonly method?: string;
	readonly path?: string;
	readonly host?: string;
	readonly headers?: readonly Header[];
	readonly body?: string;
}

export interface Mesh {
	readonly queue: EventQueue;
	readonly waypoint: Waypoint;
	/** The waypoint's container log (access log lines among them). */
	readonly logs: string[];
	readonly reports: TrafficEvent[];
	/** The destination ztunnel's log. */
	readonly ztunnelLogs: string[];
	/** Requests each app received, by pod name prefix (`reviews-v1`). */
	readonly received: Map<string, ServerRequest[]>;
	/** How many of the next requests to `flaky` answer 503. */
	flakyFailures: number;
	/** Runs until `p` settles, moving sim time only when nothing else can run. */
	drive<T>(p: Promise<T>): Promise<T>;
	/** Opens an HBONE tunnel to the waypoint for `target`, as curl's ztunnel would. */
	tunnel(target: string, headers?: Record<string, string>): Promise<Socket | string>;
	/** Sends requests on one tunnel (keep-alive) and reads their responses. */
	send(target: string, reqs: readonly ClientRequest[]): Promise<HttpResponse[]>;
	/** One request on its own tunnel. */
	request(target: string, req?: ClientRequest): Promise<HttpResponse>;
	/** A plain HTTP request from outside the mesh to `ip:port` (ingress). */
	plain(target: string, req?: ClientRequest): Promise<HttpResponse>;
	accessLog(): string[];
	/** One mTLS connection to the waypoint's 15008, as a pooling ztunnel holds it. */
	connection(): Promise<HboneClient<SecureStream>>;
	/** Sends requests on `socket` (a tunnel) and reads their responses, under `drive`. */
	exchange(socket: Socket, target: string, reqs: readonly ClientRequest[]): Promise<HttpResponse[]>;
	/** TCP connections `from` opened to an HBONE port (15008): one handshake each. */
	hboneConnectionsFrom(from: string): number;
}

/** Keys are costly; one PKI per test file. */
let pkiPromise: Promise<{ pki: Pki; certs: Map<SpiffeId, WorkloadCerts> }> | undefined;
function sharedPki() {
	pkiPromise ??= (async () => {
		const pki = await createPki(5);
		const certs = new Map<SpiffeId, WorkloadCerts>();
		for (const id of [
			WAYPOINT_ID,
			spiffeId('default', 'curl'),
			spiffeId('default', 'bookinfo-reviews'),
			spiffeId('default', 'flaky'),
			spiffeId('default', 'bookinfo-gateway-istio')
		]) {
			certs.set(id, await pki.issue(pki.ca, id));
		}
		return { pki, certs };
	})();
	return pkiPromise;
}

const setImmediateP = () => new Promise<void>((r) => setImmediate(r));

export async function createMesh(
	config: WaypointConfig = baseConfig(),
	role: WaypointRole = 'waypoint',
	/** The destination ztunnel answers for the key's identity with the value's certificate. */
	impersonate: ReadonlyMap<SpiffeId, SpiffeId> = new Map()
): Promise<Mesh> {
	const { pki, certs } = await sharedPki();
	const net = new MeshNet();
	const queue = new EventQueue();
	const clock = queue.clock();
	let pending = 0;
	const idle: (() => void)[] = [];
	const track = <T>(p: Promise<T>): Promise<T> => {
		pending++;
		return p.finally(() => {
			if (--pending === 0) for (const f of idle.splice(0)) f();
		});
	};
	const cryptoDone = () =>
		pending === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r));
	const subtle = new Proxy(globalThis.crypto.subtle, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => track(Promise.resolve(value.apply(target, args)));
		}
	});
	const crypto = {
		subtle,
		getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto)
	} as Crypto;

	const contexts = new Map<string, { logs: string[]; reports: TrafficEvent[] }>();
	const host = (address: string, name: string, transparent = false): HostContext => {
		const sink = { logs: [] as string[], reports: [] as TrafficEvent[] };
		contexts.set(name, sink);
		return {
			crypto,
			work: track,
			readFile: () => undefined,
			exit: (container, code) => {
				throw new Error(`${container} exited with ${code} in a harness that has no kubelet`);
			},
			spec: {
				id: hostId(name),
				kind: 'pod',
				ip: ip(address),
				node: nodeName(address.startsWith('10.244.2.') ? 'node-2' : 'node-1'),
				namespace: 'default',
				name,
				containers: [],
				seed: 11
			},
			clock,
			rng: createRng(11),
			net: net.stack(address, transparent),
			dns: {
				lookup: () => undefined,
				resolve: () => ({ type: 'not-found' }),
				query: () => ({ type: 'reply', rcode: 'NXDOMAIN', authoritative: false, answers: [] })
			},
			log: (_c, line) => sink.logs.push(line),
			report: (e) => sink.reports.push(e)
		};
	};

	async function drive<T>(p: Promise<T>): Promise<T> {
		let settled = false;
		void p.then(
			() => (settled = true),
			() => (settled = true)
		);
		for (let i = 0; i < 1_000_000; i++) {
			await setImmediateP();
			if (settled) return p;
			if (pending > 0) {
				await cryptoDone();
				continue;
			}
			await setImmediateP();
			if (settled) return p;
			if (pending > 0) continue;
			if (!queue.runNext()) throw new Error('stuck: nothing scheduled and the promise is pending');
		}
		throw new Error('drive: too many steps');
	}

	// The destination node's ztunnel, with the same workloads and services.
	const zt = createZtunnel({
		config: () => ({
			version: 1,
			workloads: config.workloads,
			services: config.services,
			policies: []
		}),
		certificateFor: (id) =>
			Promise.resolve(
				certs.get(impersonate.get(id) ?? id) ?? {
					type: 'identity-error',
					message: `no cert for ${id}`
				}
			),
		trustRoots: () => [pki.ca.root],
		crypto
	});
	const ztCtx = host(ZTUNNEL_2, 'ztunnel-node2', true);
	const container = (image: string) => ({ name: 'istio-proxy', image, env: {}, ports: [] });
	await drive(zt.start(ztCtx, container('istio/ztunnel')));
	for (const w of [reviewsV1, reviewsV2, flakyPod]) net.redirection.set(w.address, ZTUNNEL_2);

	const received = new Map<string, ServerRequest[]>();
	const mesh: { flakyFailures: number } = { flakyFailures: 0 };
	const app = (w: Workload, port: number) => {
		const ctx = host(w.address, w.name);
		const name = w.workloadName;
		serve(ctx, port, async (req) => {
			received.set(name, [...(received.get(name) ?? []), req]);
			if (req.path === '/slow') await ctx.clock.sleep(ms(5000));
			if (name === 'flaky' && mesh.flakyFailures > 0) {
				mesh.flakyFailures--;
				return makeResponse(503, 'try again');
			}
			return makeResponse(200, `${name} ${req.method} ${req.target}`, [
				['content-type', 'text/plain'],
				['x-app', name]
			]);
		});
	};
	app(reviewsV1, 9080);
	app(reviewsV2, 9080);
	app(flakyPod, 8080);
	app(legacyPod, 8080);

	const wpCtx = host(WAYPOINT_IP, 'waypoint-5d9c7b-abcde');
	const waypoint = createWaypoint({
		role,
		serviceAccount: role === 'gateway' ? 'bookinfo-gateway-istio' : 'waypoint',
		certificateFor: (id) =>
			Promise.resolve(certs.get(id) ?? { type: 'identity-error', message: `no cert for ${id}` })
	});
	await drive(waypoint.start(wpCtx, container('istio/proxyv2')));
	waypoint.apply(config);
	const wpSink = contexts.get('waypoint-5d9c7b-abcde') ?? { logs: [], reports: [] };
	const clientCerts = certs.get(spiffeId('default', 'curl'));
	if (!clientCerts) throw new Error('no client cert');
	const client = net.stack(CLIENT_IP);
	const outside = net.stack('10.1.0.1');

	const parseTarget = (t: string) => {
		const [a = '', p = '80'] = t.split(':');
		return { ip: ip(a), port: Number(p) };
	};
	const wire = (target: string, r: ClientRequest) =>
		serializeRequest({
			method: r.method ?? 'GET',
			target: r.path ?? '/',
			version: 'HTTP/1.1',
			headers: [
				['host', r.host ?? target],
				['user-agent', 'curl/8.16.0'],
				...(r.headers ?? []),
				...(r.body !== undefined ? [['content-length', String(utf8(r.body).length)] as const] : [])
			],
			body: utf8(r.body ?? '')
		});

	async function exchange(socket: Socket, target: string, reqs: readonly ClientRequest[]) {
		const parser = new Http1Parser();
		const out: HttpResponse[] = [];
		for (const r of reqs) {
			socket.write(wire(target, r));
			const res = await readResponse(socket, parser, r.method ?? 'GET');
			if (res.type !== 'message') throw new Error(`no response: ${JSON.stringify(res)}`);
			out.push(res.message);
		}
		socket.end();
		return out;
	}

	async function secureToWaypoint(): Promise<SecureStream | string> {
		const s = await client.connect({ ip: ip(WAYPOINT_IP), port: 15008 });
		if (isConnectError(s)) return `connect: ${s.type}`;
		const secure = await secureClient(s, {
			identity: clientCerts as WorkloadCerts,
			trustRoot: [pki.ca.root],
			expectedPeer: WAYPOINT_ID,
			clock,
			crypto
		});
		return isTlsError(secure) ? secure.message : secure;
	}

	async function tunnel(target: string, headers: Record<string, string> = {}) {
		const secure = await secureToWaypoint();
		if (typeof secure === 'string') return secure;
		const t = await hboneConnect(secure, parseTarget(target), {
			forwarded: `for="${CLIENT_IP}:41000"`,
			...headers
		});
		return isHboneError(t) ? t.message : t;
	}

	async function send(target: string, reqs: readonly ClientRequest[]) {
		const t = await tunnel(target);
		if (typeof t === 'string') throw new Error(t);
		return exchange(t, target, reqs);
	}

	return {
		queue,
		waypoint,
		logs: wpSink.logs,
		reports: wpSink.reports,
		ztunnelLogs: contexts.get('ztunnel-node2')?.logs ?? [],
		received,
		get flakyFailures() {
			return mesh.flakyFailures;
		},
		set flakyFailures(n: number) {
			mesh.flakyFailures = n;
		},
		drive,
		tunnel: (target, headers) => drive(tunnel(target, headers)),
		send: (target, reqs) => drive(send(target, reqs)),
		request: async (target, req = {}) => {
			const [res] = await drive(send(target, [req]));
			if (!res) throw new Error('no response');
			return res;
		},
		plain: async (target, req = {}) => {
			const s = await drive(outside.connect(parseTarget(target)));
			if (isConnectError(s)) throw new Error(`connect: ${s.type}`);
			const [res] = await drive(exchange(s, target, [req]));
			if (!res) throw new Error('no response');
			return res;
		},
		accessLog: () => wpSink.logs.filter((l) => l.startsWith('[')),
		connection: async () => {
			const secure = await drive(secureToWaypoint());
			if (typeof secure === 'string') throw new Error(secure);
			return new HboneClient(secure);
		},
		exchange: (socket, target, reqs) => drive(exchange(socket, target, reqs)),
		hboneConnectionsFrom: (from) =>
			net.wires.filter((w) => w.client.ip === from && w.acceptedBy.port === 15008).length
	};
}

export const text = (r: HttpResponse): string => new TextDecoder().decode(r.body);
export const header = (r: HttpResponse, name: string): string | undefined =>
	r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
