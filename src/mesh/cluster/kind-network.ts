/**
 * kind's one docker network seen from inside a cluster: each kind cluster's API server listens on
 * its control-plane node's address at 6443 (`https://172.18.0.5:6443`, or the container's name,
 * `https://cluster2-control-plane:6443`, which docker's DNS resolves on that network). istiod's
 * remote cluster clients dial these (remote-cluster-reader.ts); the host port kind publishes
 * (`https://127.0.0.1:…`) is the learner's machine's, not reachable from a pod. The clusters'
 * runtimes join one docker bridge (net/docker-bridge.ts): a pod reaches the other cluster's
 * node ports and load-balancer addresses (MetalLB's), as the east-west gateway's.
 */
import type { ApiServer } from '../api/api-server.ts';
import { DockerBridge } from '../net/docker-bridge.ts';
import { INTERNET } from '../net/internet.ts';
import { DOCKER_HOST_IP } from './docker-host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ip, type IpAddr, type NodeName } from '../types.ts';
import type { NodeInfo } from './nodes.ts';
import type { ApiServerResolver } from './remote-cluster-reader.ts';

/** kubeadm's API server port on the control-plane node. */
export const KUBE_APISERVER_PORT = 6443;

/** What a cluster on kind's network exposes: its API server behind its control-plane node. */
export interface KindNetworkMember {
	readonly api: ApiServer;
	readonly nodes: readonly NodeInfo[];
	/** Its runtime, which joins the docker bridge (absent in tests of the API servers alone). */
	readonly runtime?: Pick<Runtime, 'joinDockerNetwork'>;
	connectPeers(resolve: ApiServerResolver): void;
}

/** The URLs a pod on kind's network reaches this cluster's API server at. */
export function apiServerUrls(member: Pick<KindNetworkMember, 'nodes'>): string[] {
	const cp = member.nodes.find((n) => n.controlPlane);
	if (!cp) return [];
	return [cp.internalIp, cp.name].map((host) => `https://${host}:${KUBE_APISERVER_PORT}`);
}

/** Puts the clusters on one docker network: each one's istiod can dial the others' API servers. */
export function connectKindNetwork(members: readonly KindNetworkMember[]): void {
	const byUrl = new Map<string, ApiServer>();
	for (const m of members) for (const url of apiServerUrls(m)) byUrl.set(url, m.api);
	for (const m of members) m.connectPeers((server) => byUrl.get(server.replace(/\/+$/, '')));
	const bridge = new DockerBridge();
	for (const [i, m] of members.entries()) {
		const addresses = new Map<NodeName, IpAddr>(
			m.nodes.map((n) => [n.name as NodeName, ip(n.internalIp)])
		);
		// The terminal's docker host runs in the first cluster's runtime, on the bridge's gateway.
		if (i === 0) addresses.set(INTERNET, DOCKER_HOST_IP);
		m.runtime?.joinDockerNetwork?.(bridge, addresses);
	}
}
