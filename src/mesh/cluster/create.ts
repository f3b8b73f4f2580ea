/**
 * `createCluster`: the API server, the nodes of a kind cluster named `ambient`, the controllers
 * (deployment, replicaset, daemonset, scheduler, kubelet, endpoints, garbage collector,
 * serviceaccount, root-ca-cert-publisher) and the runtime they start hosts in, wired into the
 * `Cluster` facade of `../cluster.ts`. Its parts: `control-plane.ts` (API server, nodes),
 * `cluster-controllers.ts` (the controllers, in sync order), `settle.ts`, `kubelet-server.ts`
 * (exec and logs).
 */
import type { ClusterApiServer } from '../api/store.ts';
import type { Cluster, ClusterOptions } from '../cluster.ts';
import type { NetworkTables } from '../net/tables.ts';
import { createBootRng } from './boot-rng.ts';
import type { SimMillis } from '../types.ts';
import { startControllers } from './cluster-controllers.ts';
import { startInternet } from './internet.ts';
import { createControlPlane } from './control-plane.ts';
import { createKindAddons } from './kind-boot.ts';
import { containerLogs, execInContainer } from './kubelet-server.ts';
import type { NodeInfo } from './nodes.ts';
import { createKubeRootCa } from './root-ca-publisher.ts';
import { randomSuffix } from './names.ts';
import { createSettle } from './settle.ts';
import type { ApiServerResolver } from './remote-cluster-reader.ts';

/** The Cluster with what the simulation's own parts (istiod, the UI) may also need. */
export interface SimCluster extends Cluster {
	readonly api: ClusterApiServer;
	readonly nodes: readonly NodeInfo[];
	/** The DNS and Service tables last pushed to the runtime. */
	tables(): NetworkTables;
	/** Controller and watch-listener failures (bugs, never user errors); empty when healthy. */
	errors(): readonly string[];
	/** Resolves once no controller holds work for a later pass (a large scale-up has finished). */
	controllersIdle(): Promise<void>;
	/** kind's docker network: the other clusters' API servers istiod may read (kind-network.ts). */
	connectPeers(resolve: ApiServerResolver): void;
}

export async function createCluster(options: ClusterOptions): Promise<SimCluster> {
	const { runtime } = options;
	const { rng, phase } = createBootRng(options.seed);
	const now = (): SimMillis => runtime.now();
	const plane = createControlPlane(options, rng, now);
	const { api, nodes } = plane;
	// kubeadm's cluster CA, which kube-controller-manager publishes into every namespace.
	// Made before any host runs, so with the cluster's crypto, not a host's; only its certificate shows.
	const kubeRootCa = await createKubeRootCa(rng.fork('kube-ca'), now(), options.crypto);
	// The servers on the simulated internet are up before the cluster is (kind's docker network).
	await startInternet(options.runtime, options.seed);
	const controllers = startControllers(plane, options, rng, kubeRootCa, () => phase.booting);
	const { manager, kubelet, network } = controllers;
	const settle = createSettle(runtime, controllers);
	// Forked, not drawn from: other streams stay as they were before kubectl debug existed.
	const clientNames = rng.fork('kubectl-names');
	const cluster: SimCluster = {
		api,
		runtime,
		nodes,
		now,
		settle,
		async advance(delay: SimMillis) {
			await runtime.advance(delay);
			await settle();
		},
		exec: execInContainer(api, runtime, rng.fork('exec')),
		logs: containerLogs(api, runtime, kubelet),
		nameSuffix: () => randomSuffix(clientNames),
		tables: () => network.current(),
		controllersIdle: () => manager.idle(),
		connectPeers: (resolve) =>
			controllers.istiodFeed.connectPeers(resolve, () => manager.poke(controllers.istiodFeed)),
		errors: () => [...manager.errors, ...api.listenerErrors().map(String)],
		async dispose() {
			// No settle first: pod starts still in flight report through the stopped controller
			// manager, so waiting for them could hang a restart; they belong to this cluster.
			manager.stop();
			await runtime.dispose();
		}
	};
	await settle();
	if (plane.controlPlane) {
		// kind's add-ons come up before the learner arrives, drawing from streams of their own.
		phase.begin();
		createKindAddons(api, plane.controlPlane, now());
		await settle();
		phase.end();
	}
	return cluster;
}
