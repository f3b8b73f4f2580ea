/**
 * `createCluster`: the API server, the nodes of a kind cluster named `ambient`, the controllers
 * (deployment, replicaset, daemonset, scheduler, kubelet, endpoints, garbage collector,
 * serviceaccount, root-ca-cert-publisher) and the runtime they start hosts in, wired into the
 * `Cluster` facade of `../cluster.ts`.
 */
import { startInternet } from './internet.ts';
import { createIpAllocateController } from './ipallocate-controller.ts';
import { bootstrapApi } from '../api/bootstrap.ts';
import { apiError, clientError, isApiError, formatApiError, type ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { createApiServer, type ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { Cluster, ClusterOptions } from '../cluster.ts';
import type { NetworkTables } from '../net/tables.ts';
import { createRng } from '../random.ts';
import type { ExecResult } from '../runtime/host.ts';
import type { SimMillis } from '../types.ts';
import { ControllerManager } from './controller.ts';
import { createDaemonSetController } from './daemonset-controller.ts';
import { createDeploymentController } from './deployment-controller.ts';
import { createEndpointsController } from './endpoints-controller.ts';
import { createEndpointSliceController } from './endpointslice-controller.ts';
import { execTarget, logsTarget } from './exec.ts';
import { createGarbageCollector } from './garbage-collector.ts';
import { createPodAdmission } from '../api/pod-admission.ts';
import { createEventBroadcaster } from './events.ts';
import { createKubelet, podHostId } from './kubelet.ts';
import { createNetworkPublisher } from './network-tables.ts';
import { createCniController } from './cni-controller.ts';
import { createConfigMapVolumes } from './configmap-volumes.ts';
import { createIstiodFeed } from './istiod-feed.ts';
import { createGatewayController } from './gateway-controller.ts';
import { clusterNodes, DEFAULT_WORKERS, nodeObject, type NodeInfo } from './nodes.ts';
import { createReplicaSetController } from './replicaset-controller.ts';
import { createScheduler } from './scheduler.ts';
import { createRootCaPublisher, createKubeRootCa } from './root-ca-publisher.ts';
import { createServiceAccountController } from './serviceaccount-controller.ts';
import { createSidecarInjector } from '../sidecar/injector.ts';

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
}

/** The safety net for `settle()`: a host that never finishes starting must not hang the shell. */
const MAX_SETTLE_ROUNDS = 10_000;

function mustCreate(api: ClusterApiServer, o: KubeObject): void {
	const r = api.create(o);
	if (isApiError(r)) throw new Error(`cluster bootstrap: ${formatApiError(r)}`);
}

export async function createCluster(options: ClusterOptions): Promise<SimCluster> {
	const { runtime } = options;
	const rng = createRng(options.seed);
	const now = (): SimMillis => runtime.now();
	const api = createApiServer({ rng: rng.fork('api'), now });
	const execRng = rng.fork('exec');
	bootstrapApi(api);
	// kube-apiserver's own mutating plugins run before any webhook.
	api.addAdmission(createPodAdmission(api, rng.fork('kube-api-access')));
	// istiod's sidecar injection webhook (active once istiod runs).
	api.addAdmission(createSidecarInjector(api));
	const nodes = clusterNodes(options.nodes ?? DEFAULT_WORKERS);
	for (const n of nodes) mustCreate(api, nodeObject(n, timestamp(now())));
	const controlPlane = nodes[0];
	if (controlPlane) {
		// The `kubernetes` Service's endpoint is the API server on the control-plane node.
		mustCreate(api, {
			apiVersion: 'v1',
			kind: 'Endpoints',
			metadata: {
				name: 'kubernetes',
				namespace: 'default',
				labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' }
			} as unknown as KubeObject['metadata'],
			subsets: [
				{
					addresses: [{ ip: controlPlane.internalIp }],
					ports: [{ name: 'https', port: 6443, protocol: 'TCP' }]
				}
			]
		});
	}

	// kubeadm's cluster CA, which kube-controller-manager publishes into every namespace.
	// Made before any host runs, so not through a host's ctx.crypto; only its certificate shows.
	const kubeRootCa = await createKubeRootCa(rng.fork('kube-ca'), now(), globalThis.crypto);
	const events = createEventBroadcaster(api, now);
	const volumes = createConfigMapVolumes(api, runtime, (ns, name) => kubelet.hostOf(ns, name));
	const kubelet = createKubelet(
		api,
		runtime,
		nodes,
		options.seed,
		rng.fork('kubelet'),
		events,
		options.generation,
		volumes
	);
	const network = createNetworkPublisher(api, runtime);
	const istiodFeed = createIstiodFeed(api, runtime);
	const replicaSets = createReplicaSetController(
		api,
		rng.fork('replicaset'),
		events.recorder({ component: 'replicaset-controller' })
	);
	const manager = new ControllerManager(
		api,
		[
			createServiceAccountController(api),
			createRootCaPublisher(api, kubeRootCa),
			createDeploymentController(api, now, events.recorder({ component: 'deployment-controller' })),
			replicaSets,
			createDaemonSetController(
				api,
				rng.fork('daemonset'),
				events.recorder({ component: 'daemonset-controller' })
			),
			createScheduler(
				api,
				now,
				events.recorder({
					component: 'default-scheduler',
					reportingInstance: `default-scheduler-${controlPlane?.name ?? ''}`
				})
			),
			kubelet,
			volumes,
			createEndpointsController(api),
			createEndpointSliceController(api, rng.fork('endpointslice')),
			createCniController(api),
			network,
			createGatewayController(api, now),
			createIpAllocateController(api),
			istiodFeed,
			createGarbageCollector(api)
		],
		runtime.yieldToHost?.bind(runtime)
	);
	// The servers on the simulated internet are up before the cluster is (kind's docker network).
	await startInternet(runtime, options.seed);
	manager.start();

	async function settle(): Promise<void> {
		for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
			// A scale-up past one burst is under way: as with kubectl, the command returns and the
			// pods appear over later passes (`controllersIdle()` waits for them).
			if (!manager.stopped && replicaSets.throttled()) return;
			const pending = [...kubelet.pending(), ...istiodFeed.pending(), ...volumes.pending()];
			if (pending.length === 0) {
				// What the last change set in motion on the network (config pushes) finishes too.
				await runtime.settle();
				// Reactions to the last completion may start more work in a later microtask.
				await Promise.resolve();
				const more = [...kubelet.pending(), ...istiodFeed.pending(), ...volumes.pending()];
				if (more.length === 0) return;
				continue;
			}
			await Promise.allSettled(pending);
		}
	}

	const runtimeError = (e: unknown): ApiError =>
		clientError(e instanceof Error ? e.message : String(e));

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
		async exec(namespace, pod, container, argv, stdin, abort): Promise<ExecResult | ApiError> {
			const target = execTarget(api, namespace, pod, container);
			if (isApiError(target)) return target;
			try {
				const result = await runtime.exec(
					podHostId(namespace, pod),
					target.container,
					argv,
					stdin,
					abort
				);
				if (result.startError === undefined) return result;
				// containerd's wording, as kubectl relays it; the exec id is 32 random bytes in hex.
				let execId = '';
				for (let i = 0; i < 8; i++)
					execId += execRng
						.int(2 ** 32)
						.toString(16)
						.padStart(8, '0');
				return clientError(
					`Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": ${result.startError}`
				);
			} catch (e) {
				return runtimeError(e);
			}
		},
		async logs(namespace, pod, container, options): Promise<readonly string[] | ApiError> {
			const target = logsTarget(api, namespace, pod, container);
			if (isApiError(target)) return target;
			if (options?.previous) {
				// kubelet's GetContainerLogs with Previous: the last terminated run, or this error.
				const lines = kubelet.previousLogs(namespace, pod, target.container);
				return (
					lines ??
					apiError(
						'BadRequest',
						`previous terminated container "${target.container}" in pod "${pod}" not found`
					)
				);
			}
			try {
				return await runtime.logs(podHostId(namespace, pod), target.container);
			} catch (e) {
				return runtimeError(e);
			}
		},
		tables: () => network.current(),
		controllersIdle: () => manager.idle(),
		errors: () => [...manager.errors, ...api.listenerErrors().map(String)],
		async dispose() {
			// No settle first: pod starts still in flight report through the stopped controller
			// manager, so waiting for them could hang a restart; they belong to this cluster.
			manager.stop();
			await runtime.dispose();
		}
	};
	await settle();
	return cluster;
}
