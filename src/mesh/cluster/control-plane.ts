/**
 * The control plane a kind cluster starts with (kubeadm init): the API server with its default
 * objects and admission chain (kube-apiserver's own mutating plugins, then istiod's sidecar
 * injection webhook), the Node objects, and the `kubernetes` Service's endpoint on the
 * control-plane node.
 */
import { bootstrapApi } from '../api/bootstrap.ts';
import { formatApiError, isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { createPodAdmission } from '../api/pod-admission.ts';
import { refuseNotSimulated } from '../api/not-simulated.ts';
import { createApiServer, type ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { ClusterOptions } from '../cluster.ts';
import type { Rng } from '../random.ts';
import { createSidecarInjector } from '../istiod/injector.ts';
import type { SimMillis } from '../types.ts';
import {
	clusterNodes,
	DEFAULT_WORKERS,
	KIND_CLUSTER,
	nodeObject,
	WORKER_COUNT,
	workerNames,
	type NodeInfo
} from './nodes.ts';

function mustCreate(api: ClusterApiServer, o: KubeObject): void {
	const r = api.create(o);
	if (isApiError(r)) throw new Error(`cluster bootstrap: ${formatApiError(r)}`);
}

/** The `kubernetes` Service's Endpoints: the API server on the control-plane node. */
function apiServerEndpoints(controlPlane: NodeInfo): KubeObject {
	return {
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
	};
}

export interface ControlPlane {
	readonly api: ClusterApiServer;
	readonly nodes: readonly NodeInfo[];
	/** The first node; undefined only for a cluster of no nodes. */
	readonly controlPlane: NodeInfo | undefined;
}

export function createControlPlane(
	options: Pick<ClusterOptions, 'nodes' | 'name' | 'firstNodeHost'>,
	rng: Rng,
	now: () => SimMillis
): ControlPlane {
	const api = createApiServer({ rng: rng.fork('api'), now });
	bootstrapApi(api);
	// kube-apiserver's own mutating plugins run before any webhook, and again after the webhooks
	// changed the object (so the containers istiod injects mount the service account token too).
	const podAdmission = createPodAdmission(api, rng.fork('kube-api-access'));
	api.addAdmission(podAdmission);
	// istiod's sidecar injection webhook (active once istiod runs).
	api.addAdmission(createSidecarInjector(api));
	api.addAdmission((...args) => podAdmission(...args)); // a second entry: hooks are a Set
	// Kinds served but deliberately not simulated are refused with a note (not-simulated.ts).
	api.addAdmission(refuseNotSimulated);
	const name = options.name ?? KIND_CLUSTER;
	const nodes = clusterNodes(
		options.nodes ?? (options.name ? workerNames(WORKER_COUNT.default, name) : DEFAULT_WORKERS),
		name,
		options.firstNodeHost
	);
	for (const n of nodes) mustCreate(api, nodeObject(n, timestamp(now())));
	const controlPlane = nodes[0];
	if (controlPlane) mustCreate(api, apiServerEndpoints(controlPlane));
	return { api, nodes, controlPlane };
}
