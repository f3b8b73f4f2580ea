/**
 * The one istiod client (src/mesh/xds/client.ts) against a real istiod on a fake network: TLS
 * that authenticates istiod against the mounted root, config pushes and ACKs (the workload API
 * for ztunnel, a WaypointConfig for a Gateway's proxy), CSRs, reconnects with backoff, and key
 * pairs released when a CSR's answer is lost.
 */
import { describe, expect, it } from 'vitest';
import { createSelfSignedCa, type IstioCa } from '../../../src/mesh/istiod/ca.ts';
import { createIstiod, type Istiod } from '../../../src/mesh/istiod/istiod.ts';
import { TYPE_URL } from '../../../src/mesh/istiod/syncz.ts';
import { GATEWAY_NAME_LABEL } from '../../../src/mesh/istiod/waypoints.ts';
import { createRng } from '../../../src/mesh/random.ts';
import type { HostContext } from '../../../src/mesh/runtime/host.ts';
import { toPem, type WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { serverAuthServer } from '../../../src/mesh/tls/handshake.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import {
	connectIstiod,
	type IstiodClientEvent,
	type IstiodClientOptions
} from '../../../src/mesh/xds/client.ts';
import { FrameReader, readProxyMessage } from '../../../src/mesh/xds/protocol.ts';
import { ROOT_CERT_PATH } from '../../../src/mesh/xds/root-cert.ts';
import type { WaypointConfig } from '../../../src/mesh/xds/waypoint-config.ts';
import { fakeHost, FakeNetwork } from '../../support/fake-net.ts';
import { namespace, pod, service, snapshot } from '../istiod/fixtures.ts';
import { waypointGateway } from '../istiod/waypoint-fixtures.ts';
import { servingCertOf } from '../istiod/xds-conn.ts';

const ISTIOD_IP = '10.96.0.12';
const ZTUNNEL_IP = '10.244.1.2';
const CURL = spiffeId('default', 'curl');

/** WebCrypto runs in real time, off the fake clock: count its operations to know when all is idle. */
function trackedCrypto() {
	let pending = 0;
	const subtle = new Proxy(globalThis.crypto.subtle, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				pending++;
				return Promise.resolve(value.apply(target, args)).finally(() => pending--);
			};
		}
	});
	const crypto = {
		subtle,
		getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto)
	} as Crypto;
	return { crypto, busy: () => pending > 0 };
}

// One tracker for the whole file: istiod's CA signs with it too, so signing counts as busy.
const { crypto, busy } = trackedCrypto();
const epoch = { now: () => 0 as never };
const ca = await createSelfSignedCa({ rng: createRng(5), clock: epoch, crypto });
const otherCa = await createSelfSignedCa({ rng: createRng(6), clock: epoch, crypto });
const serving = await servingCertOf(ca);

function world(options: { root?: IstioCa | 'none'; listen?: boolean } = {}) {
	const net = new FakeNetwork();
	net.addName('istiod.istio-system.svc', ISTIOD_IP);
	const pods = [
		pod('ztunnel-a', {
			namespace: 'istio-system',
			labels: { app: 'ztunnel' },
			node: 'ambient-worker',
			ip: ZTUNNEL_IP
		}),
		pod('curl', { sa: 'curl', node: 'ambient-worker', ip: '10.244.1.9' })
	];
	const ambient = [namespace('default', { 'istio.io/dataplane-mode': 'ambient' })];
	/** What istiod's informers hold; tests add pods and call `istiod.notify()`. */
	const cluster = {
		snap: snapshot({ namespaces: ambient, pods }),
		addPod(p: ReturnType<typeof pod>) {
			pods.push(p);
			cluster.snap = snapshot({ namespaces: ambient, pods });
		}
	};
	const logs: string[] = [];
	const istiod: Istiod = createIstiod({
		ca,
		servingCert: () => serving,
		crypto,
		now: () => net.clock.now(),
		snapshot: () => cluster.snap,
		onLog: (level, scope, message) => logs.push(`${level}\t${scope}\t${message}`)
	});
	if (options.listen !== false) istiod.listen(net.stack(ISTIOD_IP));
	const root = options.root ?? ca;
	const host = fakeHost(net, {
		ip: ZTUNNEL_IP,
		name: 'ztunnel-a',
		namespace: 'istio-system',
		...(root === 'none' ? {} : { files: { [ROOT_CERT_PATH]: toPem(root.root) } })
	});
	const ctx: HostContext = { ...host.ctx, crypto };
	const events: (IstiodClientEvent & { at: number })[] = [];

	/** Fires timers only when nothing else (microtasks, crypto) is left to run. */
	async function drive<T>(p: Promise<T>): Promise<T> {
		let settled = false;
		p.then(
			() => (settled = true),
			() => (settled = true)
		);
		for (let i = 0; i < 100_000; i++) {
			await new Promise<void>((r) => setImmediate(r));
			if (settled) return p;
			// Idle twice in a row, a few real milliseconds apart: only then may sim time move.
			await new Promise<void>((r) => setTimeout(r, 1));
			if (settled) return p;
			if (busy()) continue;
			if (!net.clock.step()) {
				await new Promise<void>((r) => setTimeout(r, 5));
				if (!settled && !busy()) throw new Error('deadlock: nothing left to run');
			}
		}
		throw new Error('too many steps');
	}
	const client = (over: Partial<IstiodClientOptions> = {}) =>
		connectIstiod(ctx, {
			net: ctx.net,
			subscription: { type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-a' },
			onEvent: (e) => events.push({ ...e, at: net.clock.now() }),
			...over
		});
	/** Lets the fake clock run `ms` of sim time (timers due meanwhile fire). */
	const elapse = (ms: number) => drive(new Promise<void>((r) => net.clock.after(ms as never, r)));
	return { net, istiod, logs, events, client, drive, elapse, ctx, cluster };
}

describe('istiod client', () => {
	it('subscribes over TLS, stores and ACKs the push, and gets a CSR signed', async () => {
		const w = world();
		const configs: number[] = [];
		const c = w.client({ onConfig: (config) => configs.push(config.version) });
		const config = await w.drive(c.firstConfig(5000));
		expect(config?.workloads.map((x) => x.name)).toContain('curl');
		expect(configs).toEqual([config?.version]);
		expect(w.events.map((e) => e.type)).toEqual(['connected']);
		const wds = () => w.istiod.syncz()[0]?.resources[TYPE_URL.WDS];
		await w.elapse(10);
		expect(wds()?.acked).toBe(wds()?.sent);

		const certs = (await w.drive(c.certificateFor(CURL))) as WorkloadCerts;
		expect(certs.certChain.map((x) => x.serialNumber)).toContain(ca.root.serialNumber);
		expect(c.trustRoots().map((r) => r.serialNumber)).toEqual([ca.root.serialNumber]);
		expect(c.pendingCsrs()).toBe(0);
		c.close();
	});

	it('NACKs a push it cannot apply, keeps its config, and takes the next good one', async () => {
		const w = world();
		const c = w.client({
			onConfig: () => {},
			// As ztunnel refuses an address it cannot parse (state/validate.ts).
			validate: (config) =>
				config.workloads.some((x) => x.name === 'broken')
					? 'workload broken: bad address'
					: undefined
		});
		const first = await w.drive(c.firstConfig(5000));
		const wds = () => w.istiod.syncz()[0]?.resources[TYPE_URL.WDS];
		w.cluster.addPod(pod('broken', { sa: 'curl', node: 'ambient-worker', ip: '10.244.1.10' }));
		w.istiod.notify();
		await w.elapse(10);
		expect(w.events.map((e) => e.type)).toEqual(['connected', 'nack']);
		expect(c.config()).toBe(first);
		expect(wds()?.lastError).toBe('workload broken: bad address');
		expect(wds()?.acked).not.toBe(wds()?.sent);
		expect(w.logs).toContainEqual(
			'warn\tdelta\tADS:WDS: ACK ERROR ztunnel-a.istio-system-1 Internal:workload broken: bad address'
		);

		w.cluster.addPod(pod('fine', { sa: 'curl', node: 'ambient-worker', ip: '10.244.1.11' }));
		w.cluster.snap = {
			...w.cluster.snap,
			pods: w.cluster.snap.pods.filter((p) => p.metadata.name !== 'broken')
		};
		w.istiod.notify();
		await w.elapse(10);
		expect(c.config()?.workloads.map((x) => x.name)).toContain('fine');
		expect(wds()?.acked).toBe(wds()?.sent);
		c.close();
	});

	it('will not talk to an istiod whose certificate does not chain to the mounted root', async () => {
		const w = world({ root: otherCa });
		const c = w.client({ onConfig: () => {} });
		expect(await w.drive(c.firstConfig(2500))).toBeUndefined();
		expect(w.events[0]).toMatchObject({
			type: 'connect-failed',
			reason: 'tls handshake: certificate signed by unknown authority'
		});
		expect(w.logs).toContainEqual(
			expect.stringMatching(
				/^warn\tgrpc\tTLS handshake error from 10\.244\.1\.2:\d+: received fatal alert: UnknownCA$/
			)
		);
		expect(w.istiod.connections()).toEqual([]);
		c.close();
	});

	it('does not dial without the mounted root; backs off 1s, 2s, 4s, then 5s', async () => {
		const w = world({ root: 'none' });
		const c = w.client({ onConfig: () => {} });
		await w.elapse(17_500);
		expect(w.events.map((e) => [e.at, e.type === 'connect-failed' && e.reason])).toEqual([
			[0, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory'],
			[1000, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory'],
			[3000, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory'],
			[7000, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory'],
			[12000, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory'],
			[17000, 'open /var/run/secrets/istio/root-cert.pem: no such file or directory']
		]);
		c.close();
	});

	it('a CSR whose answer is lost fails and releases its key pair', async () => {
		const w = world({ listen: false });
		// An "istiod" that completes TLS, reads the subscription and the CSR, then resets.
		let csrs = 0;
		w.net.stack(ISTIOD_IP).listen(15012, (socket) => {
			void (async () => {
				const tls = await serverAuthServer(socket, {
					identity: serving,
					clock: w.net.clock,
					crypto: w.ctx.crypto
				});
				if (isTlsError(tls)) return;
				const reader = new FrameReader(tls);
				for (;;) {
					const m = await readProxyMessage(reader);
					if ('type' in m && m.type === 'csr') {
						csrs++;
						tls.reset();
						return;
					}
					if (!('type' in m) || m.type === 'eof' || m.type === 'reset') return;
				}
			})();
		});
		const c = w.client();
		const answer = c.certificateFor(CURL);
		const result = await w.drive(answer);
		expect(result).toEqual({ type: 'identity-error', message: 'connection to istiod lost' });
		expect(csrs).toBe(1);
		expect(c.pendingCsrs()).toBe(0);
		c.close();
	});

	it("a Gateway's proxy gets its Gateway's WaypointConfig, ACKs it, and is listed as a waypoint", async () => {
		const w = world();
		const waypointPod = pod('waypoint-d', {
			labels: { [GATEWAY_NAME_LABEL]: 'waypoint' },
			node: 'ambient-worker',
			ip: '10.244.1.13',
			sa: 'waypoint'
		});
		w.cluster.addPod(waypointPod);
		w.cluster.snap = { ...w.cluster.snap, gateways: [waypointGateway('waypoint')] };
		w.istiod.notify();
		const configs: WaypointConfig[] = [];
		const c = connectIstiod<WaypointConfig>(w.ctx, {
			net: w.ctx.net,
			subscription: {
				type: 'subscribe-gateway',
				proxyType: 'waypoint',
				node: 'ambient-worker',
				pod: 'waypoint-d',
				namespace: 'default',
				metadata: { CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: '1.30.3' }
			},
			onConfig: (config) => configs.push(config)
		});
		const config = await w.drive(c.firstConfig(5000));
		expect(config?.gateway).toEqual({ name: 'waypoint', namespace: 'default' });
		expect(config?.gatewayClassName).toBe('istio-waypoint');
		await w.elapse(10);
		// listener_waypoint.go builds inline routes: a waypoint watches CDS, LDS and EDS, not RDS.
		const [status] = w.istiod.syncz();
		expect(status).toMatchObject({
			proxy: 'waypoint-d.default',
			proxy_type: 'waypoint',
			cluster_id: 'Kubernetes',
			istio_version: '1.30.3'
		});
		expect(Object.keys(status?.resources ?? {}).sort()).toEqual(
			[TYPE_URL.CDS, TYPE_URL.EDS, TYPE_URL.LDS].sort()
		);
		for (const r of Object.values(status?.resources ?? {})) expect(r.acked).toBe(r.sent);

		// The same stream carries its CSRs: its own service account only.
		const own = await w.drive(c.certificateFor(spiffeId('default', 'waypoint')));
		expect('certChain' in own ? own.certChain.length : own).toBe(2);
		const other = await w.drive(c.certificateFor(CURL));
		expect(other).toMatchObject({ type: 'identity-error' });

		// A Service bound to the waypoint changes its config: pushed on the open stream.
		expect(config?.services).toEqual([]);
		const curlSvc = service('curl', { app: 'curl' }, [{ port: 80 }], { clusterIP: '10.96.1.9' });
		curlSvc.metadata.labels = { 'istio.io/use-waypoint': 'waypoint' };
		w.cluster.snap = { ...w.cluster.snap, services: [curlSvc] };
		w.istiod.notify();
		await w.elapse(10);
		expect(configs.at(-1)?.services.map((x) => x.name)).toEqual(['curl']);
		expect(c.config()).toBe(configs.at(-1));
		c.close();
	});

	it('serves a classic router (a pod running `proxy router`) with no listeners until a Gateway selects it', async () => {
		// ads.go accepts any router; its listeners come from the networking.istio.io Gateways
		// selecting the pod (pilot/pkg/model/gateway.go): none here.
		const w = world();
		const router = pod('istio-ingressgateway-a', {
			namespace: 'istio-system',
			labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
			node: 'ambient-worker',
			ip: '10.244.1.20'
		});
		router.spec.containers = [{ name: 'istio-proxy', image: 'proxyv2', args: ['proxy', 'router'] }];
		w.cluster.addPod(router);
		const c = connectIstiod<WaypointConfig>(w.ctx, {
			net: w.ctx.net,
			subscription: {
				type: 'subscribe-gateway',
				proxyType: 'router',
				node: 'ambient-worker',
				pod: 'istio-ingressgateway-a',
				namespace: 'istio-system'
			},
			onConfig: () => {}
		});
		const config = await w.drive(c.firstConfig(2000));
		expect(config).toMatchObject({
			classic: true,
			gatewayClassName: 'istio',
			gateway: { name: 'istio-ingressgateway', namespace: 'istio-system' },
			listeners: []
		});
		c.close();
	});

	it("refuses a gateway subscription from a pod that is not a Gateway's proxy", async () => {
		const w = world();
		const c = connectIstiod<WaypointConfig>(w.ctx, {
			net: w.ctx.net,
			subscription: {
				type: 'subscribe-gateway',
				proxyType: 'router',
				node: 'ambient-worker',
				pod: 'curl',
				namespace: 'default'
			},
			onConfig: () => {},
			onEvent: (e) => w.events.push({ ...e, at: 0 })
		});
		expect(await w.drive(c.firstConfig(2000))).toBeUndefined();
		expect(w.events).toContainEqual({
			type: 'stream-error',
			message: 'authentication failure',
			at: 0
		});
		expect(w.logs).toContainEqual(
			'warn\tads\tADS: authentication failed for curl.default: not a gateway proxy'
		);
		expect(w.istiod.syncz()).toEqual([]);
		c.close();
	});
});
