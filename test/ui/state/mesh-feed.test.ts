import { afterEach, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { MeshFeed } from '../../../src/ui/state/mesh-feed.svelte.ts';
import { createPlayground } from '../../../src/shell/playground.ts';
import { inProcessRuntime, playground } from '../../support/playground.ts';

const CURL = 'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage';
const isCurlToProductpage = (id: string) => /curl-.*->.*productpage-/.test(id);

describe('MeshFeed on the in-process runtime', () => {
	let p: Playground | undefined;
	let feed: MeshFeed | undefined;

	afterEach(async () => {
		feed?.disconnect();
		await p?.cluster.dispose();
	});

	it('follows plaintext, then mTLS after enrolment, with bounded buffers', async () => {
		p = await playground('inprocess', 'bookinfo');
		let clock = 0;
		feed = new MeshFeed({ maxSegments: 10, now: () => clock });
		feed.connect(p.cluster);
		await runTranscript(CURL, p.shell);
		await feed.poll();
		const plain = feed.topology.edges.find((e) => isCurlToProductpage(e.id));
		expect(plain).toMatchObject({ state: 'plaintext', live: true });
		expect(feed.segments.length).toBe(10);
		// Numbered by journal index: the last row is the capture's last frame.
		expect(feed.segments.at(-1)?.no).toBe((await p.cluster.runtime.capture(0)).next);
		const numbers = feed.segments.map((s) => s.no);
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));

		await runTranscript(
			[
				'istioctl install --set profile=ambient -y',
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				CURL
			].join('\n'),
			p.shell
		);
		clock = 10_000;
		await feed.poll();
		const edge = feed.topology.edges.find((e) => isCurlToProductpage(e.id));
		expect(edge?.state).toBe('mtls');
		expect(edge?.counts.plaintext).toBeGreaterThan(0);
		const ambient = [...feed.topology.items.values()].filter(
			(i) => i.kind === 'pod' && i.mode === 'ambient'
		);
		expect(ambient.length).toBe(7);
		expect(feed.topology.regions.every((r) => r.ztunnel)).toBe(true);

		clock = 20_000;
		await feed.poll();
		expect(feed.topology.edges.every((e) => !e.live)).toBe(true);
	}, 60_000);

	it('stops polling when disconnected', async () => {
		p = await playground('inprocess', 'bookinfo');
		feed = new MeshFeed();
		feed.connect(p.cluster);
		feed.disconnect();
		await runTranscript(CURL, p.shell);
		await feed.poll();
		expect(feed.segments).toEqual([]);
	}, 60_000);
});

describe('MeshFeed gathers only while a view is on screen', () => {
	let p: Playground | undefined;
	let feed: MeshFeed | undefined;

	afterEach(async () => {
		feed?.disconnect();
		await p?.cluster.dispose();
	});

	it('asks the runtime nothing with no view open, and shows the recent history when one opens', async () => {
		p = await playground('inprocess', 'bookinfo');
		const real = p.cluster.runtime;
		const calls = { capture: 0, traffic: 0 };
		const counted = Object.create(real) as typeof real;
		counted.capture = (from) => (calls.capture++, real.capture(from));
		counted.traffic = (from) => (calls.traffic++, real.traffic(from));
		feed = new MeshFeed({ intervalMs: 5 });
		feed.connect({ ...p.cluster, runtime: counted });
		await runTranscript(CURL, p.shell);
		await new Promise((r) => setTimeout(r, 100));
		expect(calls).toEqual({ capture: 0, traffic: 0 });
		expect(feed.segments).toEqual([]);

		// The Capture tab comes on screen: what crossed the wire meanwhile is there.
		const leave = feed.view();
		await pollUntil(feed, () => feed!.segments.length > 0);
		const { next } = await real.capture(0);
		expect(feed.segments.at(-1)?.no).toBe(next);
		expect(feed.segments.some((s) => s.info.includes('GET /productpage'))).toBe(true);
		// A second view shares the rounds; the rounds stop when the last one leaves.
		const leaveToo = feed.view();
		leave();
		const during = calls.capture;
		await new Promise((r) => setTimeout(r, 60));
		expect(calls.capture).toBeGreaterThan(during);
		leaveToo();
		await new Promise((r) => setTimeout(r, 20));
		const after = calls.capture;
		await new Promise((r) => setTimeout(r, 100));
		expect(calls.capture).toBe(after);
	}, 60_000);
});

/** Polls until `ready` (connect's own first poll may still be running). */
async function pollUntil(feed: MeshFeed, ready: () => boolean): Promise<void> {
	for (let i = 0; i < 100 && !ready(); i++) {
		await feed.poll();
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('MeshFeed across a restart', () => {
	const open: Playground[] = [];
	afterEach(async () => {
		for (const p of open.splice(0)) await p.cluster.dispose();
	});

	async function used(generation: number): Promise<Playground> {
		const p = await createPlayground({ runtime: inProcessRuntime(), seed: 1, generation });
		open.push(p);
		await runTranscript(
			[
				'istioctl install --set profile=ambient -y',
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				CURL
			].join('\n'),
			p.shell
		);
		return p;
	}

	it('starts empty with a new cluster and shows only its traffic, under new trace ids', async () => {
		const feed = new MeshFeed();
		const before = await used(0);
		feed.connect(before.cluster);
		await pollUntil(feed, () => feed.events.length > 0);
		const oldIds = new Set(feed.events.map((e) => e.traceId));
		expect(oldIds.size).toBeGreaterThan(0);
		feed.selectedTraceId = [...oldIds][0];
		const oldRows = feed.segments.length;
		expect(oldRows).toBeGreaterThan(0);

		// The page's Restart mesh: the old cluster goes, a new generation comes.
		feed.disconnect();
		await before.cluster.dispose();
		const after = await createPlayground({ runtime: inProcessRuntime(), seed: 1, generation: 1 });
		open.push(after);
		feed.connect(after.cluster);
		expect(feed.events).toEqual([]);
		expect(feed.segments).toEqual([]);
		expect(feed.selectedTraceId).toBeUndefined();

		await runTranscript(
			[
				'istioctl install --set profile=ambient -y',
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				CURL
			].join('\n'),
			after.shell
		);
		await pollUntil(feed, () => feed.events.length > 0);
		const newIds = new Set(feed.events.map((e) => e.traceId));
		expect(newIds.size).toBeGreaterThan(0);
		expect([...newIds].filter((id) => oldIds.has(id))).toEqual([]);
		// Frames are numbered from 1 again, as for a new capture.
		expect(feed.segments[0]?.no).toBe(1);
		feed.disconnect();
	}, 90_000);

	it('polls the new cluster by itself when connected while a round for the old one ran', async () => {
		const feed = new MeshFeed({ intervalMs: 10 });
		const before = await used(0);
		const after = await used(1);
		// The old cluster's round is slow to answer, as a busy worker is.
		let release = (): void => {};
		const gate = new Promise<void>((r) => (release = r));
		const slowRuntime = Object.create(before.cluster.runtime) as typeof before.cluster.runtime;
		slowRuntime.capture = async (from) => {
			await gate;
			return before.cluster.runtime.capture(from);
		};
		feed.view();
		feed.connect({ ...before.cluster, runtime: slowRuntime });
		feed.connect(after.cluster);
		release();
		// No poll() by the test: the feed's own timer must find the new cluster's traffic.
		const deadline = Date.now() + 10_000;
		while (feed.events.length === 0 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		expect(feed.events.length).toBeGreaterThan(0);
		feed.disconnect();
	}, 90_000);

	it('keeps its rows when it reconnects to the same cluster', async () => {
		const feed = new MeshFeed();
		const p = await used(0);
		feed.connect(p.cluster);
		await pollUntil(feed, () => feed.segments.length > 0);
		const rows = feed.segments.length;
		expect(rows).toBeGreaterThan(0);
		feed.disconnect();
		feed.connect(p.cluster);
		expect(feed.segments.length).toBe(rows);
		feed.disconnect();
	}, 60_000);
});
