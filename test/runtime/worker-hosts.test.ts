/**
 * Two pods packed in one worker (src/mesh/runtime/worker-hosts.ts), run here in the test's own
 * thread: the main thread may place a pod in the worker and answer "it is local" before that
 * pod's `init` has arrived. A client's connection then waits for the pod instead of being
 * blackholed (which would cost a SYN retransmission, a second of sim time).
 */
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { LocalDelivery } from '../../src/mesh/runtime/local-link.ts';
import { WorkerHosts, type LinkAnswer } from '../../src/mesh/runtime/worker-hosts.ts';
import { hostId, ip, ms, nodeName } from '../../src/mesh/types.ts';
import { testPrograms } from '../support/test-programs.ts';
import type { NetworkTables } from '../../src/mesh/net/tables.ts';
import { diffTables } from '../../src/mesh/runtime/tables-delta.ts';

const spec = (name: string, addr: string): HostSpec => ({
	id: hostId(`default/${name}`),
	kind: 'pod',
	ip: ip(addr),
	node: nodeName('w1'),
	namespace: 'default',
	name,
	containers: [{ name: 'main', image: 'echo', env: {}, ports: [7] }],
	seed: 7
});

function worker(): WorkerHosts {
	const delivery: LocalDelivery = new LocalDelivery(() => setImmediate(() => delivery.run()));
	return new WorkerHosts({
		programFor: testPrograms,
		wallTimer: (delay, fn) => {
			const t = setTimeout(fn, delay);
			return () => clearTimeout(t);
		},
		crypto: globalThis.crypto,
		delivery
	});
}

const a = spec('a', '10.244.1.2');
const b = spec('b', '10.244.1.3');
/** Wall ms per sim ms: container starts (1.2–1.8 s of sim time) pass in a couple of ms. */
const SCALE = 0.001;

describe('packed worker: a sibling whose init is still on its way', () => {
	it('the main thread answers once the sibling is up: the request goes through', async () => {
		const w = worker();
		let answer: (x: LinkAnswer) => void = () => {};
		w.init(a, () => new Promise<LinkAnswer>((resolve) => (answer = resolve)), SCALE);
		w.setNetwork({ version: 1, dns: {}, services: [] });
		expect((await w.start(a.id, ms(0))).type).toBe('ready');
		const reply = w.exec(a.id, 'main', ['connect', b.ip, '7', 'hi'], '', ms(2000));
		w.init(b, async () => null, SCALE);
		expect((await w.start(b.id, ms(2000))).type).toBe('ready');
		answer('local');
		const r = await reply;
		expect(`${r.stdout}${r.stderr}`).toMatch(/^HI \(eof\) from 10\.244\.1\.3:7 at /);
		expect(w.protocolErrors()).toBe(0);
		w.stop(a.id);
		w.stop(b.id);
	});

	it('the main thread answers first: the SYN waits for the sibling, which refuses at once', async () => {
		const w = worker();
		w.init(a, async () => 'local', SCALE);
		w.setNetwork({ version: 1, dns: {}, services: [] });
		expect((await w.start(a.id, ms(0))).type).toBe('ready');
		const reply = w.exec(a.id, 'main', ['connect', b.ip, '7', 'hi'], '', ms(2000));
		await new Promise((resolve) => setTimeout(resolve, 20));
		// b arrives, not yet listening (its container has not started): a connection refused,
		// as a pod that exists but does not listen answers, not a lost SYN.
		w.init(b, async () => null, SCALE);
		const r = await reply;
		expect(r.stderr).toMatch(/^refused after 0\.\d{3}ms\n$/);
		w.stop(a.id);
		w.stop(b.id);
	});
});

describe('packed worker: network tables as deltas', () => {
	it('a Service added by a delta is reachable by its VIP; a delta for other tables is refused', async () => {
		const w = worker();
		const v1: NetworkTables = { version: 1, dns: {}, services: [] };
		const v2: NetworkTables = {
			...v1,
			version: 2,
			services: [
				{ vip: ip('10.96.0.9'), port: 7, service: 'default/b', endpoints: [{ ip: b.ip, port: 7 }] }
			]
		};
		w.init(a, async () => 'local', SCALE);
		w.init(b, async () => 'local', SCALE);
		w.setNetwork(v1);
		expect((await w.start(a.id, ms(0))).type).toBe('ready');
		expect((await w.start(b.id, ms(0))).type).toBe('ready');
		// A delta made against tables this worker never held changes nothing: it asks for them whole.
		expect(w.updateNetwork(diffTables({ ...v1, version: 5 }, { ...v2, version: 6 }))).toBe(false);
		expect(w.updateNetwork(diffTables(v1, v2))).toBe(true);
		const r = await w.exec(a.id, 'main', ['connect', '10.96.0.9', '7', 'hi'], '', ms(3000));
		// kube-proxy's view: the VIP is rewritten to b, the one endpoint.
		expect(`${r.stdout}${r.stderr}`).toMatch(/^HI \(eof\) from 10\.244\.1\.3:7 at /);
		// Already past it: an old delta arriving late is ignored.
		expect(w.updateNetwork(diffTables(v1, { ...v1, version: 2 }))).toBe(true);
		const again = await w.exec(a.id, 'main', ['connect', '10.96.0.9', '7', 'hi'], '', ms(4000));
		expect(again.stdout).toMatch(/^HI/);
		w.stop(a.id);
		w.stop(b.id);
	});
});

describe('packed worker: the journal notice', () => {
	it('tells once when its hosts record something, and again only after a drain', async () => {
		const w = worker();
		let told = 0;
		w.watchJournal(() => told++);
		w.init(a, async () => 'local', SCALE);
		w.init(b, async () => 'local', SCALE);
		w.setNetwork({ version: 1, dns: {}, services: [] });
		expect((await w.start(a.id, ms(0))).type).toBe('ready');
		expect((await w.start(b.id, ms(0))).type).toBe('ready');
		expect(told).toBe(0);
		await w.exec(a.id, 'main', ['connect', b.ip, '7', 'hi'], '', ms(3000));
		await w.exec(a.id, 'main', ['connect', b.ip, '7', 'again'], '', ms(4000));
		expect(told).toBe(1);
		const drained = w.drainJournal();
		expect(drained.capture.some((e) => e.type === 'data' && e.dst.ip === b.ip)).toBe(true);
		expect(w.drainJournal().capture).toEqual([]);
		await w.exec(a.id, 'main', ['connect', b.ip, '7', 'third'], '', ms(5000));
		expect(told).toBe(2);
		w.stop(a.id);
		w.stop(b.id);
	});
});
