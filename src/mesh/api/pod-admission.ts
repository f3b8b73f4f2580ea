/**
 * Two of kube-apiserver's built-in mutating admission plugins, which run on every Pod create
 * before any webhook (so before Istio's sidecar injection):
 * - ServiceAccount (plugin/pkg/admission/serviceaccount): unless the pod or its service account
 *   opts out with `automountServiceAccountToken: false`, mounts the bound token as the projected
 *   volume `kube-api-access-<5 chars>` at /var/run/secrets/kubernetes.io/serviceaccount (read
 *   only) in every container and init container.
 *   A mirror pod (the kubelet's copy of a static pod) is left alone, as the plugin does.
 * - DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): tolerates the
 *   not-ready and unreachable NoExecute taints for 300 s unless the pod already does.
 * - Priority (plugin/pkg/admission/priority), for the two built-in classes only: a pod of
 *   `system-node-critical` or `system-cluster-critical` gets their `priority` and preemption
 *   policy. Pods of no class are left without `priority` (the real plugin writes 0).
 */
import type { ResourceType } from './api-server.ts';
import { SERVICE_ACCOUNTS } from './builtin-resources.ts';
import { isApiError } from './errors.ts';
import type { KubeObject } from './objects.ts';
import type { AdmissionHook, ClusterApiServer } from './store.ts';
import type { Rng } from '../random.ts';
import { randomSuffix } from './random-names.ts';

type Obj = Record<string, unknown>;

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** serviceaccount.DefaultAPITokenExpirationSeconds: one hour plus seven seconds. */
const TOKEN_EXPIRATION_SECONDS = 3607;
const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

const isPod = (type: ResourceType): boolean => type.group === '' && type.kind === 'Pod';

function tokenVolume(name: string): Obj {
	return {
		name,
		projected: {
			defaultMode: 420,
			sources: [
				{ serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
				{ configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
				{
					downwardAPI: {
						items: [
							{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }
						]
					}
				}
			]
		}
	};
}

function automount(api: ClusterApiServer, pod: KubeObject, spec: Obj): boolean {
	if (typeof spec['automountServiceAccountToken'] === 'boolean')
		return spec['automountServiceAccountToken'];
	const sa = api.get(
		SERVICE_ACCOUNTS,
		pod.metadata.namespace ?? 'default',
		String(spec['serviceAccountName'] ?? 'default')
	);
	return isApiError(sa) || sa['automountServiceAccountToken'] !== false;
}

function mountToken(spec: Obj, rng: Rng): void {
	// Admission runs before validation: entries that are not objects (`- null`) are left for
	// validation to report.
	const containers = [
		...((Array.isArray(spec['initContainers']) ? spec['initContainers'] : []) as unknown[]),
		...((Array.isArray(spec['containers']) ? spec['containers'] : []) as unknown[])
	].filter(isObject);
	// A pod that already mounts something there keeps it (the plugin skips such containers).
	const mountsTokenPath = (c: Obj): boolean =>
		Array.isArray(c['volumeMounts']) &&
		(c['volumeMounts'] as unknown[]).some(
			(m) => isObject(m) && m['mountPath'] === TOKEN_MOUNT_PATH
		);
	if (containers.every(mountsTokenPath)) return;
	// Run again after a webhook added containers (below), the plugin mounts the volume it made.
	const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as Obj[]) : [];
	const made = volumes.find(
		(v) => isObject(v) && typeof v['name'] === 'string' && v['name'].startsWith('kube-api-access-')
	);
	const name = made ? (made['name'] as string) : `kube-api-access-${randomSuffix(rng)}`;
	if (!made) spec['volumes'] = [...volumes, tokenVolume(name)];
	for (const c of containers) {
		if (mountsTokenPath(c)) continue;
		const mounts = Array.isArray(c['volumeMounts']) ? (c['volumeMounts'] as Obj[]) : [];
		c['volumeMounts'] = [...mounts, { mountPath: TOKEN_MOUNT_PATH, name, readOnly: true }];
	}
}

function tolerateNodeProblems(spec: Obj): void {
	const tolerations = (Array.isArray(spec['tolerations']) ? spec['tolerations'] : []) as unknown[];
	const tolerates = (key: string): boolean =>
		tolerations
			.filter(isObject)
			.some(
				(t) =>
					(t['effect'] === 'NoExecute' || t['effect'] === undefined || t['effect'] === '') &&
					((t['operator'] === 'Exists' && (t['key'] === undefined || t['key'] === '')) ||
						t['key'] === key)
			);
	const added = [NOT_READY, UNREACHABLE]
		.filter((key) => !tolerates(key))
		.map((key) => ({
			effect: 'NoExecute',
			key,
			operator: 'Exists',
			tolerationSeconds: DEFAULT_TOLERATION_SECONDS
		}));
	if (added.length > 0) spec['tolerations'] = [...tolerations, ...added];
}

/** kubelet's `kubernetes.io/config.mirror`: the pod mirrors a static pod of a node. */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** scheduling/v1 SystemPriorityClasses: the values of the built-in classes. */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
	'system-node-critical': 2000001000,
	'system-cluster-critical': 2000000000
};

function setSystemPriority(spec: Obj): void {
	const cls = spec['priorityClassName'];
	const value = typeof cls === 'string' ? SYSTEM_PRIORITY_CLASSES[cls] : undefined;
	if (value === undefined) return;
	spec['priority'] = value;
	spec['preemptionPolicy'] = 'PreemptLowerPriority';
}

function isMirrorPod(pod: KubeObject): boolean {
	return pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
}

/** The plugins as one hook; `rng` names the token volumes (its own stream, see store.ts). */
export function createPodAdmission(api: ClusterApiServer, rng: Rng): AdmissionHook {
	return (operation, type, object) => {
		if (operation !== 'CREATE' || !isPod(type)) return undefined;
		const spec = object['spec'];
		if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
		const s = spec as Obj;
		if (!Array.isArray(s['containers'])) return undefined;
		if (!isMirrorPod(object) && automount(api, object, s)) mountToken(s, rng);
		tolerateNodeProblems(s);
		setSystemPriority(s);
		return undefined;
	};
}

function isObject(x: unknown): x is Obj {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}
