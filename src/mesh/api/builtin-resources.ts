/**
 * The kinds a fresh cluster serves, as `kubectl api-resources` lists them on Kubernetes v1.34.
 * Gateway API and Istio kinds are not here: they appear when their CRDs are applied.
 */
import type { ResourceType } from './api-server.ts';

const core = (
	plural: string,
	kind: string,
	shortNames: string[],
	namespaced = true
): ResourceType => ({
	plural,
	singular: kind.toLowerCase(),
	kind,
	group: '',
	version: 'v1',
	shortNames,
	namespaced
});

export const NAMESPACES = core('namespaces', 'Namespace', ['ns'], false);
export const NODES = core('nodes', 'Node', ['no'], false);
export const PODS = core('pods', 'Pod', ['po']);
export const SERVICES = core('services', 'Service', ['svc']);
export const SERVICE_ACCOUNTS = core('serviceaccounts', 'ServiceAccount', ['sa']);
export const CONFIG_MAPS = core('configmaps', 'ConfigMap', ['cm']);
export const SECRETS = core('secrets', 'Secret', []);
export const ENDPOINTS = { ...core('endpoints', 'Endpoints', ['ep']), singular: 'endpoints' };
export const EVENTS = core('events', 'Event', ['ev']);
export const RESOURCE_QUOTAS = core('resourcequotas', 'ResourceQuota', ['quota']);

export const DEPLOYMENTS: ResourceType = {
	plural: 'deployments',
	singular: 'deployment',
	kind: 'Deployment',
	group: 'apps',
	version: 'v1',
	shortNames: ['deploy'],
	namespaced: true
};

export const REPLICA_SETS: ResourceType = {
	plural: 'replicasets',
	singular: 'replicaset',
	kind: 'ReplicaSet',
	group: 'apps',
	version: 'v1',
	shortNames: ['rs'],
	namespaced: true
};

export const DAEMON_SETS: ResourceType = {
	plural: 'daemonsets',
	singular: 'daemonset',
	kind: 'DaemonSet',
	group: 'apps',
	version: 'v1',
	shortNames: ['ds'],
	namespaced: true
};

export const ENDPOINT_SLICES: ResourceType = {
	plural: 'endpointslices',
	singular: 'endpointslice',
	kind: 'EndpointSlice',
	group: 'discovery.k8s.io',
	version: 'v1',
	shortNames: [],
	namespaced: true
};

/** batch/v1 Job: run to completion by the Job controller (cluster/job-controller.ts). */
export const JOBS: ResourceType = {
	plural: 'jobs',
	singular: 'job',
	kind: 'Job',
	group: 'batch',
	version: 'v1',
	shortNames: [],
	namespaced: true
};

/** batch/v1 CronJob: Jobs made on a schedule by the CronJob controller (cronjob-controller.ts). */
export const CRON_JOBS: ResourceType = {
	plural: 'cronjobs',
	singular: 'cronjob',
	kind: 'CronJob',
	group: 'batch',
	version: 'v1',
	shortNames: ['cj'],
	namespaced: true
};

/** networking.k8s.io/v1 NetworkPolicy: enforced by the node's CNI (kindnet), not by Istio. */
export const NETWORK_POLICIES: ResourceType = {
	plural: 'networkpolicies',
	singular: 'networkpolicy',
	kind: 'NetworkPolicy',
	group: 'networking.k8s.io',
	version: 'v1',
	shortNames: ['netpol'],
	namespaced: true
};

/**
 * What the API server says on every request for a deprecated kind (kubectl prints it as
 * `Warning: …`): v1 Endpoints since Kubernetes v1.33.
 */
export function deprecationWarning(type: ResourceType): string | undefined {
	return type.group === '' && type.plural === 'endpoints' && type.version === 'v1'
		? 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'
		: undefined;
}

/**
 * rbac.authorization.k8s.io/v1: stored and listed, not enforced (nothing in the playground
 * authenticates to the API server from a pod); the addons in samples/addons bring some.
 */
const rbac = (plural: string, kind: string, namespaced: boolean): ResourceType => ({
	plural,
	singular: kind.toLowerCase(),
	kind,
	group: 'rbac.authorization.k8s.io',
	version: 'v1',
	shortNames: [],
	namespaced
});
export const CLUSTER_ROLES = rbac('clusterroles', 'ClusterRole', false);
export const CLUSTER_ROLE_BINDINGS = rbac('clusterrolebindings', 'ClusterRoleBinding', false);
export const ROLES = rbac('roles', 'Role', true);
export const ROLE_BINDINGS = rbac('rolebindings', 'RoleBinding', true);

/**
 * admissionregistration.k8s.io/v1 webhook configurations: cluster-scoped, no short names
 * (`kubectl api-resources` on v1.34). Stored and listed; nothing calls their webhooks yet.
 */
const admission = (plural: string, kind: string): ResourceType => ({
	plural,
	singular: kind.toLowerCase(),
	kind,
	group: 'admissionregistration.k8s.io',
	version: 'v1',
	shortNames: [],
	namespaced: false
});
export const MUTATING_WEBHOOK_CONFIGURATIONS = admission(
	'mutatingwebhookconfigurations',
	'MutatingWebhookConfiguration'
);
export const VALIDATING_WEBHOOK_CONFIGURATIONS = admission(
	'validatingwebhookconfigurations',
	'ValidatingWebhookConfiguration'
);

export const CRDS: ResourceType = {
	plural: 'customresourcedefinitions',
	singular: 'customresourcedefinition',
	kind: 'CustomResourceDefinition',
	group: 'apiextensions.k8s.io',
	version: 'v1',
	shortNames: ['crd', 'crds'],
	namespaced: false
};

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
	CONFIG_MAPS,
	ENDPOINTS,
	EVENTS,
	NAMESPACES,
	NODES,
	PODS,
	RESOURCE_QUOTAS,
	SECRETS,
	SERVICE_ACCOUNTS,
	SERVICES,
	CRDS,
	DAEMON_SETS,
	DEPLOYMENTS,
	REPLICA_SETS,
	CRON_JOBS,
	JOBS,
	ENDPOINT_SLICES,
	NETWORK_POLICIES,
	CLUSTER_ROLES,
	CLUSTER_ROLE_BINDINGS,
	ROLES,
	ROLE_BINDINGS,
	MUTATING_WEBHOOK_CONFIGURATIONS,
	VALIDATING_WEBHOOK_CONFIGURATIONS
];

/** `v1`, `apps/v1`: the apiVersion a manifest of this resource carries. */
export function apiVersionOf(type: ResourceType): string {
	return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** How kubectl and the server name a resource in messages: `pods`, `deployments.apps`. */
export function qualifiedResource(type: ResourceType): string {
	return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

/** How the server names a kind in `... is invalid` messages: `Pod`, `Deployment.apps`. */
export function qualifiedKind(type: ResourceType): string {
	return type.group === '' ? type.kind : `${type.kind}.${type.group}`;
}

/** Store key for a resource: unique across groups. */
export function resourceKey(type: ResourceType): string {
	return `${type.plural}.${type.group}`;
}
