/**
 * kind's docker network as istiod's remote cluster clients dial it: each cluster's API server on
 * its control-plane node at 6443 (kubeadm's default port; kind names the node container
 * `<cluster>-control-plane`, which docker's embedded DNS resolves on the `kind` network), never
 * the 127.0.0.1 host port kind writes into the learner's kubeconfig. And the reply istiod sends
 * the feed (which clusters it reads), checked at the edge.
 */
import { describe, expect, it } from 'vitest';
import type { ApiServer } from '../../../src/mesh/api/api-server.ts';
import { clusterNodes } from '../../../src/mesh/cluster/nodes.ts';
import { apiServerUrls, connectKindNetwork } from '../../../src/mesh/cluster/kind-network.ts';
import {
	parseWanted,
	type ApiServerResolver
} from '../../../src/mesh/cluster/remote-cluster-reader.ts';

function member(name: string, firstHost: number) {
	const api = { name } as unknown as ApiServer;
	let resolve: ApiServerResolver = () => undefined;
	return {
		api,
		nodes: clusterNodes([`${name}-worker`], name, firstHost),
		connectPeers: (r: ApiServerResolver) => void (resolve = r),
		dial: (server: string) => resolve(server)
	};
}

describe('kind network', () => {
	it("names each API server by its control-plane node's IP and container name", () => {
		expect(apiServerUrls(member('cluster2', 5))).toEqual([
			'https://172.18.0.5:6443',
			'https://cluster2-control-plane:6443'
		]);
	});

	it('answers at those URLs only: the kubeconfig host port and unknown hosts reach nothing', () => {
		const one = member('cluster1', 2);
		const two = member('cluster2', 5);
		connectKindNetwork([one, two]);
		expect(one.dial('https://172.18.0.5:6443')).toBe(two.api);
		expect(one.dial('https://cluster2-control-plane:6443/')).toBe(two.api);
		expect(two.dial('https://172.18.0.2:6443')).toBe(one.api);
		expect(one.dial('https://127.0.0.1:38651')).toBeUndefined();
		expect(one.dial('https://172.18.0.99:6443')).toBeUndefined();
		expect(one.dial('https://172.18.0.5:443')).toBeUndefined();
	});

	it("reads istiod's reply defensively", () => {
		expect(
			parseWanted({
				remoteClusters: [
					{ id: 'cluster2', server: 'https://172.18.0.5:6443', read: true },
					{ id: 3, server: 'x' },
					null
				]
			})
		).toEqual([{ id: 'cluster2', server: 'https://172.18.0.5:6443', read: true }]);
		expect(parseWanted({ type: 'ok' })).toEqual([]);
		expect(parseWanted(undefined)).toEqual([]);
	});
});
