import { afterEach, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { MeshFeed } from '../../../src/ui/state/mesh-feed.svelte.ts';
import { playground } from '../../support/playground.ts';

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
		expect(feed.segments.at(-1)?.no).toBe(24);
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
