/**
 * Issue 16: with a namespace waypoint, productpage's own calls to details and reviews are L4
 * connections of their own (ztunnel does not read the HTTP traceparent), and the Traces list
 * must still say they went through the waypoint, not just "1 hop · mTLS".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { MeshFeed } from '../../../src/ui/state/mesh-feed.svelte.ts';
import { traceTags } from '../../../src/ui/traces/format.ts';
import { groupTraces, type Trace } from '../../../src/ui/traces/grouping.ts';
import { playground } from '../../support/playground.ts';

describe('traces through a namespace waypoint', () => {
	let p: Playground;
	let traces: Trace[];

	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
		const feed = new MeshFeed();
		feed.connect(p.cluster);
		await runTranscript(
			[
				'istioctl install --set profile=ambient -y',
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml',
				'istioctl waypoint apply --enroll-namespace --wait',
				'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage'
			].join('\n'),
			p.shell
		);
		await feed.poll();
		traces = groupTraces(feed.events);
		feed.disconnect();
	}, 120_000);

	afterAll(async () => {
		await p?.cluster.dispose();
	});

	/** The list line a learner reads: `from → to`, then the tags. */
	const lines = (): string[] =>
		traces.map(
			(t) => `${t.from.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, '')} → ${t.to}: ${traceTags(t)}`
		);

	it('lists productpage’s calls to details and reviews as going through the waypoint', () => {
		const children = lines().filter((l) => l.startsWith('default/productpage-v1 →'));
		expect(children.map((l) => l.replace(/ · [\d.]+ ms/, ''))).toEqual(
			expect.arrayContaining([
				'default/productpage-v1 → details.default.svc.cluster.local: 1 hop · mTLS · waypoint',
				'default/productpage-v1 → reviews.default.svc.cluster.local: 1 hop · mTLS · waypoint'
			])
		);
	});

	it('every trace with a hop to the waypoint pod carries the waypoint tag', () => {
		const toWaypoint = traces.filter((t) =>
			t.hops.some((h) => h.event.dst.workload?.startsWith('default/waypoint-'))
		);
		expect(toWaypoint.length).toBeGreaterThanOrEqual(3);
		for (const t of toWaypoint) expect(traceTags(t)).toMatch(/ · waypoint$/);
	});

	it('the ztunnel hop to the waypoint names the waypoint it went through', () => {
		const hops = traces.flatMap((t) => t.hops.map((h) => h.event));
		const out = hops.filter((e) => e.reporter === 'ztunnel' && e.direction === 'outbound');
		expect(out.length).toBeGreaterThan(0);
		for (const e of out) expect(e.waypoint).toBe('default/waypoint');
	});
});
