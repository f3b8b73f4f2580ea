/**
 * The topology draws a host on the simulated internet only once traffic reached it, in a region
 * of its own beside the nodes, with the edge from whoever sent the traffic out: the client pod
 * (ztunnel passes unknown addresses through) or, with an egress waypoint, the waypoint.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { MeshFeed } from '../../../src/ui/state/mesh-feed.svelte.ts';
import { playground } from '../../support/playground.ts';

describe('external hosts in the topology', () => {
	let p: Playground | undefined;
	let feed: MeshFeed | undefined;
	afterEach(async () => {
		feed?.disconnect();
		await p?.cluster.dispose();
	});

	it('appear once used, with the edge that left the cluster', async () => {
		p = await playground('inprocess', 'bookinfo');
		feed = new MeshFeed({ now: () => 0 });
		feed.connect(p.cluster);
		await runTranscript(
			'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/',
			p.shell
		);
		await feed.poll();
		expect(feed.topology.regions.map((r) => r.name)).not.toContain('internet (simulated)');
		expect([...feed.topology.items.values()].some((i) => i.kind === 'external')).toBe(false);

		await runTranscript(
			'kubectl exec deploy/curl -- curl -s -o /dev/null http://httpbin.org/get',
			p.shell
		);
		await feed.poll();
		const internet = feed.topology.regions.find((r) => r.name === 'internet (simulated)');
		expect(internet?.groups.flatMap((g) => g.items.map((i) => i.name))).toEqual(['httpbin.org']);
		const out = feed.topology.edges.find((e) => /curl-.*->ext:httpbin\.org/.test(e.id));
		expect(out?.state).toBe('plaintext');
		// example.com was never called: not drawn.
		expect(feed.topology.items.has('ext:example.com')).toBe(false);
	}, 60_000);

	it('draws the egress waypoint as the one that reaches the host', async () => {
		p = await playground('inprocess', 'bookinfo');
		feed = new MeshFeed({ now: () => 0 });
		feed.connect(p.cluster);
		await runTranscript(
			`istioctl install --set profile=ambient -y
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl create namespace istio-egress
kubectl label namespace istio-egress istio.io/dataplane-mode=ambient
istioctl waypoint apply --for service --enroll-namespace --namespace istio-egress --wait
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  hosts: [httpbin.org]
  ports:
  - {number: 80, name: http, protocol: HTTP}
  resolution: DNS
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null http://httpbin.org/get`,
			p.shell
		);
		await p.cluster.settle();
		await feed.poll();
		const ids = feed.topology.edges.map((e) => e.id);
		expect(ids.some((id) => /curl-.*->pod:istio-egress\/waypoint-/.test(id))).toBe(true);
		expect(ids.some((id) => /pod:istio-egress\/waypoint-.*->ext:httpbin\.org/.test(id))).toBe(true);
		expect(ids.some((id) => /curl-.*->ext:httpbin\.org/.test(id))).toBe(false);
	}, 60_000);
});
