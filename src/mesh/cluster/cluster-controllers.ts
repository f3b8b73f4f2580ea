/**
 * Every loop that makes the store come alive, in the order they sync after each write
 * (kube-controller-manager's controllers, the scheduler, the kubelets, istio-cni, istiod's
 * Gateway controller and feed), started under one ControllerManager. The order decides the
 * order of writes, hence names and uids in every transcript: append, never reorder.
 */
import { timestamp } from '../api/time.ts';
import type { ClusterOptions } from '../cluster.ts';
import type { Rng } from '../random.ts';
import type { SimMillis } from '../types.ts';
import { createCniController } from './cni-controller.ts';
import { createConfigMapVolumes, type ConfigMapVolumes } from './configmap-volumes.ts';
import { createPrometheusSd, type PrometheusSd } from './prometheus-sd.ts';
import { ControllerManager } from './controller.ts';
import type { ControlPlane } from './control-plane.ts';
import { createDaemonSetController } from './daemonset-controller.ts';
import { createDeploymentController } from './deployment-controller.ts';
import { createEndpointsController } from './endpoints-controller.ts';
import { createEndpointSliceController } from './endpointslice-controller.ts';
import { createEventBroadcaster } from './events.ts';
import { createGarbageCollector } from './garbage-collector.ts';
import { createGatewayController } from './gateway-controller.ts';
import { createIpAllocateController } from './ipallocate-controller.ts';
import { createIstiodFeed, type IstiodFeed } from './istiod-feed.ts';
import { createCronJobController } from './cronjob-controller.ts';
import { createJobController } from './job-controller.ts';
import { createKubelet, type Kubelet } from './kubelet.ts';
import { createMetallbController } from './metallb-controller.ts';
import { createNetworkPublisher, type NetworkPublisher } from './network-tables.ts';
import { createNodeNetworkController } from './node-network.ts';
import { createReplicaSetController, type ReplicaSetController } from './replicaset-controller.ts';
import { createResourceQuotaController } from './resourcequota-controller.ts';
import { createRootCaPublisher } from './root-ca-publisher.ts';
import { createScheduler } from './scheduler.ts';
import { createServiceAccountController } from './serviceaccount-controller.ts';
import { createZdsFeed, type ZdsFeed } from './zds-feed.ts';

/** The started controllers the cluster facade still talks to. */
export interface ClusterControllers {
	readonly manager: ControllerManager;
	readonly kubelet: Kubelet;
	readonly volumes: ConfigMapVolumes;
	readonly network: NetworkPublisher;
	readonly istiodFeed: IstiodFeed;
	readonly replicaSets: ReplicaSetController;
	readonly zdsFeed: ZdsFeed;
	readonly prometheusSd: PrometheusSd;
}

export function startControllers(
	{ api, nodes, controlPlane }: ControlPlane,
	options: ClusterOptions,
	rng: Rng,
	/** kubeadm's cluster CA certificate, published into every namespace. */
	kubeRootCa: string,
	/** True while kind's add-ons boot (boot-rng.ts). */
	booting: () => boolean = () => false
): ClusterControllers {
	const { runtime } = options;
	const now = (): SimMillis => runtime.now();
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
		volumes,
		booting
	);
	const prometheusSd = createPrometheusSd(api, runtime, (ns, name) => kubelet.hostOf(ns, name));
	const network = createNetworkPublisher(api, runtime);
	const istiodFeed = createIstiodFeed(api, runtime);
	const zdsFeed = createZdsFeed(api, runtime);
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
			createResourceQuotaController(api),
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
			createMetallbController(api, events.recorder({ component: 'metallb-controller' })),
			createGatewayController(api, now),
			createIpAllocateController(api),
			istiodFeed,
			createGarbageCollector(api),
			createNodeNetworkController(api, () => timestamp(now())),
			zdsFeed,
			prometheusSd,
			createJobController(
				api,
				rng.fork('job'),
				events.recorder({ component: 'job-controller' }),
				runtime
			),
			createCronJobController(api, events.recorder({ component: 'cronjob-controller' }), runtime)
		],
		runtime.yieldToHost?.bind(runtime)
	);
	manager.start();
	return { manager, kubelet, volumes, network, istiodFeed, replicaSets, zdsFeed, prometheusSd };
}
