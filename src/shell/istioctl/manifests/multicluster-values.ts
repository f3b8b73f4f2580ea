/**
 * The values Istio's multicluster install pages set (docs/ambient/install/multicluster): the mesh,
 * cluster and network names (`values.global.meshID`, `.multiCluster.clusterName`, `.network`) and
 * extra istiod env (`AMBIENT_ENABLE_MULTI_NETWORK`). Where each lands, as Istio 1.30.3's charts
 * render it: istiod's `CLUSTER_ID` and the mesh's `defaultConfig.meshId`
 * (istio-discovery/templates/deployment.yaml, configmap.yaml); ztunnel's `NETWORK` and
 * `ISTIO_META_CLUSTER_ID` (ztunnel/templates/daemonset.yaml, globals flattened by zzz_profile.yaml);
 * the istio-system namespace's `topology.istio.io/network` (operator/pkg/util/k8s.go CreateNamespace).
 */

export interface EnvVar {
	readonly name: string;
	readonly value: string;
}

export interface MulticlusterValues {
	readonly meshID?: string;
	readonly clusterName?: string;
	readonly network?: string;
	/** The chart's `env` (helm `--set env.X=…`, istioctl `values.pilot.env.X`): after CA_TRUSTED_NODE_ACCOUNTS. */
	readonly pilotEnv?: readonly EnvVar[];
	/**
	 * IstioOperator `components.pilot.k8s.env`: istioctl's post-render strategic merge patch
	 * (operator/pkg/render/postprocess.go), which appends new names after the chart's env.
	 */
	readonly pilotK8sEnv?: readonly EnvVar[];
}

/** `global.*` value paths that carry the names above. */
export const GLOBAL_PATHS = {
	'global.meshID': 'meshID',
	'global.multiCluster.clusterName': 'clusterName',
	'global.network': 'network'
} as const;

export type GlobalPath = keyof typeof GLOBAL_PATHS;

export const isGlobalPath = (p: string): p is GlobalPath => p in GLOBAL_PATHS;

/** `CLUSTER_ID` / `ISTIO_META_CLUSTER_ID`: the chart's `clusterName | default "Kubernetes"`. */
export const clusterId = (v: MulticlusterValues | undefined): string =>
	v?.clusterName || 'Kubernetes';

/** An env list with `extra` merged as a strategic merge patch by name: replaced in place, else appended. */
export function mergeEnv<T extends { name: string }>(
	base: readonly T[],
	extra: readonly EnvVar[]
): (T | EnvVar)[] {
	const out: (T | EnvVar)[] = [...base];
	for (const e of extra) {
		const i = out.findIndex((x) => x.name === e.name);
		if (i >= 0) out[i] = e;
		else out.push(e);
	}
	return out;
}
