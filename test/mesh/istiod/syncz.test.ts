import { describe, expect, it, vi } from 'vitest';
import { createSelfSignedCa } from '../../../src/mesh/istiod/ca.ts';
import { type Istiod, createIstiod } from '../../../src/mesh/istiod/istiod.ts';
import { SyncTracker, TYPE_URL } from '../../../src/mesh/istiod/syncz.ts';
import type { IstiodMessage } from '../../../src/mesh/xds/protocol.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { TestClock } from '../tls/pki.ts';
import { authorizationPolicy, namespace, pod, snapshot } from './fixtures.ts';
import { connectTo, servingCertOf } from './xds-conn.ts';

const ZTUNNEL = { proxyId: 'ztunnel-a.istio-system', type: 'ztunnel' as const };
const BOTH = [TYPE_URL.WDS, TYPE_URL.WADS];

describe('SyncTracker', () => {
	type Step = (t: SyncTracker) => void;
	const connect: Step = (t) =>
		t.connect('1', { ...ZTUNNEL, clusterId: 'Kubernetes', istioVersion: '1.30.3' }, BOTH);
	it.each<{ name: string; steps: Step[]; wds: Record<string, unknown> }>([
		{
			name: 'subscribed, nothing sent',
			steps: [connect],
			wds: { sentTime: '0001-01-01T00:00:00Z' }
		},
		{
			name: 'sent, not ACKed yet',
			steps: [connect, (t) => t.sent('1', 'n1', ms(4000))],
			wds: { sent: 'n1', sentTime: '2026-01-01T00:00:04.000Z' }
		},
		{
			name: 'ACKed',
			steps: [connect, (t) => t.sent('1', 'n1', ms(4000)), (t) => t.acked('1', 'n1')],
			wds: { sent: 'n1', acked: 'n1', sentTime: '2026-01-01T00:00:04.000Z' }
		},
		{
			name: 'a newer push not ACKed: the old ACK stays',
			steps: [
				connect,
				(t) => t.sent('1', 'n1', ms(0)),
				(t) => t.acked('1', 'n1'),
				(t) => t.sent('1', 'n2', ms(9000)),
				(t) => t.acked('1', 'n1')
			],
			wds: { sent: 'n2', acked: 'n1', sentTime: '2026-01-01T00:00:09.000Z' }
		},
		{
			name: 'NACKed',
			steps: [connect, (t) => t.sent('1', 'n1', ms(0)), (t) => t.acked('1', 'n1', 'bad config')],
			wds: { sent: 'n1', sentTime: '2026-01-01T00:00:00.000Z', lastError: 'bad config' }
		},
		{
			name: 'sent for WADS only',
			steps: [connect, (t) => t.sent('1', 'n1', ms(0), [TYPE_URL.WADS])],
			wds: { sentTime: '0001-01-01T00:00:00Z' }
		}
	])('$name', ({ steps, wds }) => {
		const t = new SyncTracker();
		for (const s of steps) s(t);
		const [status] = t.syncz();
		expect(status?.proxy).toBe('ztunnel-a.istio-system');
		expect(status?.proxy_type).toBe('ztunnel');
		expect(status?.cluster_id).toBe('Kubernetes');
		expect(status?.istio_version).toBe('1.30.3');
		expect(Object.keys(status?.resources ?? {})).toEqual([TYPE_URL.WADS, TYPE_URL.WDS]);
		expect(status?.resources[TYPE_URL.WDS]).toEqual(wds);
	});

	it('lists proxies sorted by id, filters by namespace, forgets disconnected ones', () => {
		const t = new SyncTracker();
		t.connect(
			'1',
			{ proxyId: 'ztunnel-b.istio-system', type: 'ztunnel', namespace: 'istio-system' },
			BOTH
		);
		t.connect(
			'2',
			{ proxyId: 'ztunnel-a.istio-system', type: 'ztunnel', namespace: 'istio-system' },
			BOTH
		);
		t.connect('3', { proxyId: 'productpage-x.default', type: 'sidecar', namespace: 'default' }, [
			TYPE_URL.CDS
		]);
		expect(t.syncz().map((s) => s.proxy)).toEqual([
			'productpage-x.default',
			'ztunnel-a.istio-system',
			'ztunnel-b.istio-system'
		]);
		expect(t.syncz('default').map((s) => s.proxy)).toEqual(['productpage-x.default']);
		t.disconnect('2');
		expect(t.syncz('istio-system').map((s) => s.proxy)).toEqual(['ztunnel-b.istio-system']);
	});
});

describe('istiod sync status', () => {
	async function world() {
		const ca = await createSelfSignedCa({
			crypto: globalThis.crypto,
			rng: createRng(3),
			clock: new TestClock()
		});
		let now = 1000;
		const state = {
			snap: snapshot({
				namespaces: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' })],
				pods: [
					pod('ztunnel-a', {
						namespace: 'istio-system',
						labels: { app: 'ztunnel' },
						node: 'ambient-worker',
						ip: '10.244.1.2'
					}),
					pod('curl', {
						sa: 'curl',
						labels: { app: 'curl' },
						node: 'ambient-worker',
						ip: '10.244.1.9'
					})
				]
			})
		};
		const serving = await servingCertOf(ca);
		const istiod: Istiod = createIstiod({
			crypto: globalThis.crypto,
			ca,
			servingCert: () => serving,
			snapshot: () => state.snap,
			now: () => ms(now)
		});
		const conn = connectTo(istiod, ca, new TestClock());
		const next = async () => (await conn.next()) as IstiodMessage;
		return {
			state,
			istiod,
			send: conn.send,
			next,
			setNow: (t: number) => (now = t),
			close: conn.close
		};
	}

	const wds = (istiod: Istiod) => istiod.syncz()[0]?.resources[TYPE_URL.WDS];

	it('records the push, the ACK, and a newer push left unACKed (STALE)', async () => {
		const w = await world();
		w.send({
			type: 'subscribe',
			node: 'ambient-worker',
			ztunnel: 'ztunnel-a',
			metadata: { CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: '1.30.3', NAMESPACE: 'istio-system' }
		});
		const first = await w.next();
		if (first.type !== 'config' || !first.nonce) throw new Error('expected a config with a nonce');
		expect(w.istiod.syncz()).toEqual([
			{
				cluster_id: 'Kubernetes',
				proxy: 'ztunnel-a.istio-system',
				proxy_type: 'ztunnel',
				istio_version: '1.30.3',
				resources: {
					[TYPE_URL.WADS]: { sent: first.nonce, sentTime: '2026-01-01T00:00:01.000Z' },
					[TYPE_URL.WDS]: { sent: first.nonce, sentTime: '2026-01-01T00:00:01.000Z' }
				}
			}
		]);

		w.send({ type: 'ack', nonce: first.nonce });
		// The ACK travels sealed: give the decryption its (real) time.
		await vi.waitFor(() =>
			expect(wds(w.istiod)).toMatchObject({ sent: first.nonce, acked: first.nonce })
		);

		w.setNow(5000);
		w.state.snap = {
			...w.state.snap,
			authorizationPolicies: [
				authorizationPolicy('deny-all', { selector: { matchLabels: { app: 'curl' } } })
			]
		};
		w.istiod.notify();
		const second = await w.next();
		// After the first whole state, pushes are deltas; their nonces are tracked the same way.
		if (second.type !== 'delta' || !second.nonce) throw new Error('expected a delta');
		expect(second.nonce).not.toBe(first.nonce);
		expect(wds(w.istiod)).toEqual({
			sent: second.nonce,
			acked: first.nonce,
			sentTime: '2026-01-01T00:00:05.000Z'
		});

		w.close();
		await vi.waitFor(() => expect(w.istiod.syncz()).toEqual([]));
	});
});
