import { describe, expect, it, vi } from 'vitest';
import { createSelfSignedCa } from '../../../src/mesh/istiod/ca.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { serverAuthClient } from '../../../src/mesh/tls/handshake.ts';
import { type Istiod, createIstiod } from '../../../src/mesh/istiod/istiod.ts';
import type { ClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import { TYPE_URL } from '../../../src/mesh/istiod/syncz.ts';
import {
	FrameReader,
	type IstiodMessage,
	type ProxyMessage,
	encodeFrame,
	readIstiodMessage
} from '../../../src/mesh/xds/protocol.ts';
import { isConnectError } from '../../../src/mesh/net/socket.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { applyZtunnelDelta, type WireConfig, withEndpoints } from '../../../src/mesh/xds/delta.ts';
import type { ZtunnelConfig } from '../../../src/mesh/xds/workload-api.ts';
import {
	certFacts,
	createCsr,
	generateKeyPair,
	parsePemChain
} from '../../../src/mesh/tls/certificate.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { FakeNetwork } from '../../support/fake-net.ts';
import { TestClock } from '../tls/pki.ts';
import { authorizationPolicy, namespace, pod, snapshot } from './fixtures.ts';
import { connectTo, servingCertOf } from './xds-conn.ts';

const crypto = globalThis.crypto;
const clock = new TestClock();
const ca = await createSelfSignedCa({ crypto: globalThis.crypto, rng: createRng(3), clock });
const serving = await servingCertOf(ca);
const keys = await generateKeyPair(crypto);
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };

function world(): { state: { snap: ClusterSnapshot }; istiod: Istiod; logs: string[] } {
	const state = {
		snap: snapshot({
			namespaces: [namespace('default', AMBIENT), namespace('istio-system')],
			pods: [
				pod('ztunnel-aaaaa', {
					namespace: 'istio-system',
					labels: { app: 'ztunnel' },
					node: 'ambient-worker',
					ip: '10.244.1.2'
				}),
				pod('ztunnel-bbbbb', {
					namespace: 'istio-system',
					labels: { app: 'ztunnel' },
					node: 'ambient-worker2',
					ip: '10.244.2.2'
				}),
				pod('curl', {
					sa: 'curl',
					labels: { app: 'curl' },
					node: 'ambient-worker',
					ip: '10.244.1.9'
				}),
				pod('productpage', {
					sa: 'bookinfo-productpage',
					node: 'ambient-worker2',
					ip: '10.244.2.9'
				})
			]
		})
	};
	const logs: string[] = [];
	const istiod = createIstiod({
		crypto: globalThis.crypto,
		ca,
		servingCert: () => serving,
		snapshot: () => state.snap,
		onLog: (level, scope, message) => logs.push(`${level}\t${scope}\t${message}`)
	});
	return { state, istiod, logs };
}

/** A ztunnel's end of a connection to istiod: TLS that authenticates istiod, then frames. */
const connect = (istiod: Istiod) => connectTo(istiod, ca, clock);

async function expectConfig(m: Promise<unknown>) {
	const r = (await m) as IstiodMessage;
	if (r.type !== 'config') throw new Error(`expected a config, got ${JSON.stringify(r)}`);
	return r.config;
}

/** A ztunnel's state as its pushes leave it: the first whole, the next ones deltas. */
function ztunnelView(conn: { next(): Promise<unknown> }) {
	let wire: WireConfig | undefined;
	let held: ZtunnelConfig | undefined;
	const kinds: string[] = [];
	return {
		kinds,
		async next(): Promise<ZtunnelConfig> {
			const r = (await conn.next()) as IstiodMessage;
			kinds.push(r.type);
			if (r.type === 'config') {
				wire = r.config;
				held = withEndpoints(wire);
			} else if (r.type === 'delta' && wire && held) {
				const next = applyZtunnelDelta(wire, r.delta);
				held = withEndpoints(next, { wire, config: held, delta: r.delta });
				wire = next;
			} else throw new Error(`expected a push, got ${JSON.stringify(r)}`);
			return held;
		}
	};
}

describe('istiod xDS', () => {
	it('answers a subscription with the node config, then pushes changes with a higher version', async () => {
		const { state, istiod, logs } = world();
		const zt = connect(istiod);
		const view = ztunnelView(zt);
		zt.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		const first = await view.next();
		expect(first.workloads.find((w) => w.name === 'curl')?.protocol).toBe('HBONE');
		expect(first.policies).toEqual([]);
		expect(istiod.connections()).toEqual([
			{ proxyId: 'ztunnel-aaaaa.istio-system', node: 'ambient-worker', version: first.version }
		]);

		state.snap = {
			...state.snap,
			authorizationPolicies: [
				authorizationPolicy('deny-all', { selector: { matchLabels: { app: 'curl' } } })
			]
		};
		istiod.notify();
		const second = await view.next();
		// The first push is the whole state, the next one only what changed.
		expect(view.kinds).toEqual(['config', 'delta']);
		expect(second.version).toBeGreaterThan(first.version);
		expect(second.policies.map((p) => p.name)).toEqual(['deny-all']);
		expect(second.workloads.find((w) => w.name === 'curl')?.authorizationPolicies).toEqual([
			'default/deny-all'
		]);
		expect(istiod.state().statuses.get('default/deny-all')?.message).toBe('attached to ztunnel');

		expect(logs).toContain(
			'info\tdelta\tADS: new delta connection for node:ztunnel-aaaaa.istio-system-1'
		);
		expect(
			logs.some((l) =>
				l.startsWith(
					'info\tads\tPush debounce stable[1] 2 for config AuthorizationPolicy/default/deny-all and 1 more configs'
				)
			)
		).toBe(true);
		expect(
			logs.some((l) =>
				// The subscription's answer: the whole state.
				/^info\tdelta\tWDS: PUSH request for node:ztunnel-aaaaa\.istio-system resources:4 /.test(l)
			)
		).toBe(true);
		// The delta: curl's workload (its policies changed) and the new policy, nothing removed.
		expect(logs).toContainEqual(
			expect.stringMatching(
				/^info\tdelta\tWDS: PUSH for node:ztunnel-aaaaa\.istio-system resources:1 removed:0 /
			)
		);
		expect(logs).toContainEqual(
			expect.stringMatching(
				/^info\tdelta\tWADS: PUSH for node:ztunnel-aaaaa\.istio-system resources:1 removed:0 /
			)
		);
	});

	it('does not push when nothing changed', async () => {
		const { state, istiod } = world();
		const a = connect(istiod);
		const view = ztunnelView(a);
		a.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		const first = await view.next();
		istiod.notify();
		istiod.notify();
		state.snap = { ...state.snap, namespaces: [namespace('default'), namespace('istio-system')] };
		istiod.notify();
		// The next message is the real change: the no-op notifications sent nothing.
		const next = await view.next();
		expect(next.version).toBe(first.version + 1);
		expect(next.workloads.find((w) => w.name === 'curl')?.protocol).toBe('TCP');
	});

	it('pushes a selector policy to every ztunnel, not only the node of its workloads', async () => {
		const { state, istiod } = world();
		const a = connect(istiod);
		const b = connect(istiod);
		const [va, vb] = [ztunnelView(a), ztunnelView(b)];
		a.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		b.send({ type: 'subscribe', node: 'ambient-worker2', ztunnel: 'ztunnel-bbbbb' });
		await va.next();
		await vb.next();
		state.snap = {
			...state.snap,
			authorizationPolicies: [
				authorizationPolicy('pp', { selector: { matchLabels: { app: 'pp' } } })
			],
			pods: state.snap.pods.map((p) =>
				p.metadata.name === 'productpage'
					? { ...p, metadata: { ...p.metadata, labels: { app: 'pp' } } }
					: p
			)
		};
		istiod.notify();
		expect((await vb.next()).policies.map((p) => p.name)).toEqual(['pp']);
		// istiod does not filter RBAC by node: `istioctl zc policies` on any ztunnel lists it.
		expect((await va.next()).policies.map((p) => p.name)).toEqual(['pp']);
	});

	it('sends the whole state again after a NACK, and deltas after that', async () => {
		const { state, istiod } = world();
		const zt = connect(istiod);
		const view = ztunnelView(zt);
		zt.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		await view.next();
		const deny = (name: string) =>
			authorizationPolicy(name, { selector: { matchLabels: { app: 'curl' } } });
		state.snap = { ...state.snap, authorizationPolicies: [deny('a')] };
		istiod.notify();
		await view.next();
		const nonce = istiod.syncz()[0]?.resources[TYPE_URL.WDS]?.sent ?? '';
		zt.send({ type: 'ack', nonce, error: 'rejected for the test' });
		await vi.waitFor(() =>
			expect(istiod.syncz()[0]?.resources[TYPE_URL.WDS]?.lastError).toBe('rejected for the test')
		);
		state.snap = { ...state.snap, authorizationPolicies: [deny('a'), deny('b')] };
		istiod.notify();
		const healed = await view.next();
		state.snap = { ...state.snap, authorizationPolicies: [deny('b')] };
		istiod.notify();
		const last = await view.next();
		expect(view.kinds).toEqual(['config', 'delta', 'config', 'delta']);
		expect(healed.policies.map((p) => p.name)).toEqual(['a', 'b']);
		expect(last.policies.map((p) => p.name)).toEqual(['b']);
	});

	it('refuses a subscription from a pod that is not a ztunnel on that node', async () => {
		const { istiod } = world();
		const zt = connect(istiod);
		zt.send({ type: 'subscribe', node: 'ambient-worker2', ztunnel: 'ztunnel-aaaaa' });
		expect(await zt.next()).toEqual({ type: 'error', id: '', message: 'authentication failure' });
		expect(await zt.next()).toEqual({ type: 'eof' });
	});

	it('answers a malformed message with an error and closes', async () => {
		const { istiod } = world();
		const zt = connect(istiod);
		zt.write(encodeFrame({ type: 'hello' } as unknown as ProxyMessage));
		expect(await zt.next()).toEqual({
			type: 'error',
			id: '',
			message: 'unknown message type "hello"'
		});
		expect(await zt.next()).toEqual({ type: 'eof' });
	});
});

describe('istiod CA over the xDS connection', () => {
	it('signs identities of pods on the ztunnel node only (node authorizer)', async () => {
		const { istiod, logs } = world();
		const zt = connect(istiod);
		zt.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		await expectConfig(zt.next());

		zt.send({
			type: 'csr',
			id: 'curl',
			csrPem: await createCsr(spiffeId('default', 'curl'), keys, crypto)
		});
		const cert = await zt.next();
		if (cert.type !== 'certificate') throw new Error(JSON.stringify(cert));
		expect(cert.id).toBe('curl');
		const chain = parsePemChain(cert.certChainPem.join(''));
		if (!Array.isArray(chain)) throw new Error('bad chain');
		expect(certFacts(chain[0]!).san).toBe('spiffe://cluster.local/ns/default/sa/curl');

		const other = spiffeId('default', 'bookinfo-productpage');
		zt.send({ type: 'csr', id: 'pp', csrPem: await createCsr(other, keys, crypto) });
		expect(await zt.next()).toEqual({
			type: 'error',
			id: 'pp',
			message: 'request impersonation authentication failure'
		});
		expect(logs).toContain(
			'warn\tserverca\timpersonation failed for identity spiffe://cluster.local/ns/default/sa/bookinfo-productpage, error: no pod with this identity on node ambient-worker'
		);
	});

	it('refuses a CSR before the ztunnel subscribed', async () => {
		const { istiod } = world();
		const zt = connect(istiod);
		zt.send({
			type: 'csr',
			id: '1',
			csrPem: await createCsr(spiffeId('default', 'curl'), keys, crypto)
		});
		expect(await zt.next()).toEqual({
			type: 'error',
			id: '1',
			message: 'request authenticate failure'
		});
	});

	it('reports a CSR that is not PEM as the CA error', async () => {
		const { istiod } = world();
		const zt = connect(istiod);
		zt.send({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' });
		await zt.next();
		zt.send({ type: 'csr', id: 'x', csrPem: 'garbage' });
		expect(await zt.next()).toEqual({
			type: 'error',
			id: 'x',
			message: 'CSR signing error (certificate signing request is not properly encoded)'
		});
	});
});

describe('istiod on a NetStack', () => {
	it('listens on 15012; a ztunnel connects, subscribes and is logged out on close', async () => {
		const net = new FakeNetwork();
		const { istiod, logs } = world();
		const istiodStack = net.stack('10.244.2.5');
		expect(istiod.listen(istiodStack)).toMatchObject({ port: 15012 });
		expect(istiod.listen(istiodStack)).toEqual({ type: 'address-in-use', port: 15012 });
		const run = async () => {
			const tcp = await net.stack('10.244.1.2').connect({ ip: istiodStack.ip, port: 15012 });
			if (isConnectError(tcp)) throw new Error(tcp.type);
			const s = await serverAuthClient(tcp, {
				crypto: globalThis.crypto,
				trustRoot: ca.root,
				serverName: 'istiod.istio-system.svc',
				clock
			});
			if (isTlsError(s)) throw new Error(s.message);
			s.write(encodeFrame({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-aaaaa' }));
			const config = await expectConfig(readIstiodMessage(new FrameReader(s)));
			s.end();
			return config;
		};
		const config = await drive(net, run());
		expect(config.workloads).toHaveLength(4);
		await drive(net, new Promise((r) => setTimeout(r, 20)));
		expect(
			logs.some((l) => /ADS: "10\.244\.1\.2:\d+" ztunnel-aaaaa\.istio-system-1 terminated/.test(l))
		).toBe(true);
		expect(istiod.connections()).toEqual([]);
		istiod.close();
	});
});

/** Runs the fake network's timers while WebCrypto (real time, off the clock) works. */
async function drive<T>(net: FakeNetwork, p: Promise<T>): Promise<T> {
	let settled = false;
	p.then(
		() => (settled = true),
		() => (settled = true)
	);
	for (let i = 0; i < 10_000 && !settled; i++)
		if (!net.clock.step()) await new Promise((r) => setTimeout(r, 1));
	return p;
}
