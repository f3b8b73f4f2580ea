/**
 * istiod's cluster id (`CLUSTER_ID`, default `Kubernetes`): stamped on every workload's uid,
 * given to proxies as `ISTIO_META_CLUSTER_ID`, and reported in the `*_cluster` metric labels.
 */
export const CLUSTER_ID = 'Kubernetes';
