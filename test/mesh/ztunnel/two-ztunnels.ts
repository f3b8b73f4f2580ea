/**
 * Two ztunnels on a small redirecting network, for proxy tests: curl and ratings on node 1,
 * productpage and a non-mesh `legacy` pod on node 2, echo apps on each, a config that tests can
 * change (and push), and every log line and traffic event each ztunnel writes.
 */
import { isConnectError, type Socket } from '../../../src/mesh/net/socket.ts';
import type { TrafficEvent } from '../../../src/mesh/telemetry/traffic.ts';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import type { ZdsWorkloadInfo } from '../../../src/mesh/cni/zds.ts';
import { type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ip } from '../../../src/mesh/types.ts';
import type { Authorization, Workload, ZtunnelConfig } from '../../../src/mesh/xds/workload-api.ts';
import { type Ztunnel, createZtunnel } from '../../../src/mesh/ztunnel/ztunnel.ts';
import { readAll } from '../../support/socket-pair.ts';
import { type Pki, createPki } from '../tls/pki.ts';
import { config, service, workload } from './fixtures.ts';
import { MeshNet } from './mesh-net.ts';

export const text = (s: string) => new TextEncoder().encode(s);

export const curl = workload('curl', '10.244.1.5', { node: 'node-1' });
export const ratings = workload('ratings-v1', '10.244.1.8', { node: 'node-1' });
export const productpage = workload('productpage-v1', '10.244.2.7', {
	node: 'node-2',
	serviceAccount: 'bookinfo-productpage',
	services: { 'default/productpage.default.svc.cluster.local': { 9080: 9080 } }
});
export const legacy = workload('legacy', '10.244.2.9', { node: 'node-2', protocol: 'TCP' });
const productpageSvc = service('productpage', '10.96.0.10', { 9080: 9080 }, [productpage]);
const ratingsSvc = service('ratings', '10.96.0.11', { 9080: 9080 }, [ratings]);
const emptySvc = service('reviews', '10.96.0.12', { 9080: 9080 }, []);
export const VIP = { ip: ip('10.96.0.10'), port: 9080 };
export const curlPrincipal = [{ exact: 'cluster.local/ns/default/sa/curl' }];

let pki: Promise<{ pki: Pki; certs: Map<SpiffeId, WorkloadCerts> }> | undefined;

/** The PKI these tests share (built once: keys are the costly part). */
export function loadTestPki() {
	pki ??= (async () => {
		const p = await createPki(3);
		const certs = new Map([
			[spiffeId('default', 'curl'), p.curl],
			[spiffeId('default', 'bookinfo-productpage'), p.productpage],
			[spiffeId('default', 'ratings'), await p.issue(p.ca, spiffeId('default', 'ratings'))]
		]);
		return { pki: p, certs };
	})();
	return pki;
}

/** Resolves once `pred` holds, letting promises (and WebCrypto) run in between; 4 s at most. */
export async function until(pred: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + 4000;
	while (performance.now() < deadline) {
		if (pred()) return;
		await new Promise<void>((r) => setImmediate(r));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Answers once the client half-closes: what it sent and who it saw. */
function echoApp(net: MeshNet, address: string, port: number): void {
	net.stack(address).listen(port, (s: Socket) => {
		void readAll(s).then(({ text: got, end }) => {
			if (end.type !== 'eof') return;
			s.write(text(`hello ${s.remote.ip}, you sent ${got}`));
			s.end();
		});
	});
}

export interface Mesh {
	readonly net: MeshNet;
	readonly zt1: Ztunnel;
	readonly zt2: Ztunnel;
	readonly logs1: string[];
	readonly logs2: string[];
	readonly events1: TrafficEvent[];
	readonly events2: TrafficEvent[];
	/** Changes the config; with `push`, tells the ztunnels at once (as an xDS push does). */
	setPolicies(p: Authorization[], options?: { push?: boolean }): void;
	/** A selector policy: istiod sends it and lists it on the workloads it selects. */
	setSelectorPolicy(p: Authorization, selects: readonly Workload[]): void;
	/** Connects from `from` to `to`, sends `ping`, half-closes and reads everything. */
	request(from: string, to: { ip: string; port: number }): ReturnType<typeof readAll>;
	/** A connection from `from` to `to`, left open. */
	open(from: string, to: { ip: string; port: number }): Promise<Socket>;
	/** Connections accepted on a ztunnel's 15008 so far (one mTLS handshake each). */
	hboneConnections(): number;
}

export async function createMesh(
	policies: Authorization[] = [],
	options: {
		crypto?: Crypto;
		/** Certificates one ztunnel holds instead of the right ones (an impostor, a foreign domain). */
		override?: { node: 1 | 2; certs: Map<SpiffeId, WorkloadCerts> };
		/** false: keep no wires, bytes, log lines or traffic events (the bench's pair). */
		keep?: boolean;
		/** The pods each ztunnel's in-pod manager serves (uid → workload), for workloadState. */
		inpod?: Partial<Record<1 | 2, ReadonlyMap<string, ZdsWorkloadInfo>>>;
	} = {}
): Promise<Mesh> {
	const { pki: p, certs } = await loadTestPki();
	const net = new MeshNet({ keepWires: options.keep ?? true });
	let current: ZtunnelConfig = config(
		[curl, ratings, productpage, legacy],
		[productpageSvc, ratingsSvc, emptySvc],
		policies
	);
	const watchers: (() => void)[] = [];
	const deps = {
		config: () => current,
		certificateFor: (id: SpiffeId) =>
			Promise.resolve(
				certs.get(id) ?? { type: 'identity-error' as const, message: `no certificate for ${id}` }
			),
		trustRoots: () => [p.ca.root],
		watchConfig: (onPush: () => void) => void watchers.push(onPush),
		crypto: options.crypto ?? globalThis.crypto
	};
	const inpod = (node: 1 | 2) => {
		const pods = options.inpod?.[node];
		return pods ? { inpodWorkloads: () => pods } : {};
	};
	const overridden = (node: 1 | 2) =>
		options.override?.node !== node
			? { ...deps, ...inpod(node) }
			: {
					...inpod(node),
					...deps,
					certificateFor: (id: SpiffeId) =>
						options.override?.certs.get(id)
							? Promise.resolve(options.override.certs.get(id)!)
							: deps.certificateFor(id)
				};
	const zt1 = createZtunnel(overridden(1));
	const zt2 = createZtunnel(overridden(2));
	const h1 = net.host('10.244.1.2', 'ztunnel-aaaaa', {
		transparent: true,
		namespace: 'istio-system'
	});
	const h2 = net.host('10.244.2.2', 'ztunnel-bbbbb', {
		transparent: true,
		namespace: 'istio-system'
	});
	const container = { name: 'istio-proxy', image: 'docker.io/istio/ztunnel', env: {}, ports: [] };
	await zt1.start(h1.ctx, container);
	await zt2.start(h2.ctx, container);
	for (const w of [curl, ratings]) net.redirection.set(w.address, '10.244.1.2');
	net.redirection.set(productpage.address, '10.244.2.2');
	echoApp(net, productpage.address, 9080);
	echoApp(net, ratings.address, 9080);
	echoApp(net, legacy.address, 8080);
	const clients = new Map<string, ReturnType<MeshNet['stack']>>();
	const access = (logs: Map<string, string[]>) => {
		const list = logs.get('istio-proxy') ?? [];
		logs.set('istio-proxy', list);
		return list;
	};
	const open = async (from: string, to: { ip: string; port: number }) => {
		let stack = clients.get(from);
		if (!stack) {
			stack = net.stack(from);
			clients.set(from, stack);
		}
		const s = await stack.connect({ ip: ip(to.ip), port: to.port });
		if (isConnectError(s)) throw new Error(`connect: ${s.type}`);
		return s;
	};
	return {
		net,
		zt1,
		zt2,
		logs1: access(h1.logs),
		logs2: access(h2.logs),
		events1: h1.reports,
		events2: h2.reports,
		setPolicies(next, options = {}) {
			current = { ...current, version: current.version + 1, policies: next };
			if (options.push) for (const w of watchers) w();
		},
		setSelectorPolicy(p, selects) {
			const key = `${p.namespace}/${p.name}`;
			const uids = new Set(selects.map((w) => w.uid));
			current = {
				...current,
				version: current.version + 1,
				workloads: current.workloads.map((w) =>
					uids.has(w.uid) ? { ...w, authorizationPolicies: [...w.authorizationPolicies, key] } : w
				),
				policies: [...current.policies, { ...p, scope: 'WorkloadSelector' }]
			};
		},
		async request(from, to) {
			const s = await open(from, to);
			s.write(text('ping'));
			s.end();
			return readAll(s);
		},
		open,
		hboneConnections: () => net.wires.filter((w) => w.acceptedBy.port === 15008).length
	};
}

export const accessLines = (logs: string[], level?: string) =>
	logs.filter((l) => l.split('\t')[2] === 'access' && (!level || l.split('\t')[1] === level));

export function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
