/**
 * What `kubectl exec` and `kubectl logs` check before reaching a container, with the errors
 * kubectl prints: pod missing, not scheduled, finished, unknown container, container not
 * running yet. Decide here; `kubelet-server.ts` then talks to the runtime.
 */
import type { ApiServer } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import { apiError, clientError, isApiError, type ApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import { ephemeralContainersOf } from '../api/ephemeral-containers.ts';
import { containerStatusOf, runningContainers, startOrder } from '../api/pod-containers.ts';

export interface Target {
	readonly pod: Pod;
	readonly container: string;
}

/**
 * `kubectl.kubernetes.io/default-container`, else the first app container (kubectl's rule:
 * never a sidecar init container such as a native `istio-proxy`).
 */
export function defaultContainer(pod: Pod): string {
	const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
	if (annotated && runningContainers(pod).some((c) => c.name === annotated)) return annotated;
	return pod.spec.containers[0]?.name ?? '';
}

function findTarget(
	api: ApiServer,
	namespace: string,
	name: string,
	container: string | undefined,
	ephemeral = false,
	/** Logs also read init containers that ran to completion (`kubectl logs POD -c istio-init`). */
	completed = false
): Target | ApiError {
	const got = api.get(PODS, namespace, name);
	if (isApiError(got)) return got;
	const pod = got as Pod;
	const c = container ?? defaultContainer(pod);
	const known = [
		...(completed ? startOrder(pod) : runningContainers(pod)),
		...(ephemeral ? ephemeralContainersOf(pod) : [])
	];
	if (!known.some((x) => x.name === c))
		return apiError('BadRequest', `container ${c} is not valid for pod ${name}`);
	return { pod, container: c };
}

const stateOf = (pod: Pod, container: string) =>
	(
		containerStatusOf(pod, container) ??
		pod.status?.ephemeralContainerStatuses?.find((s) => s.name === container)
	)?.state;

export function execTarget(
	api: ApiServer,
	namespace: string,
	name: string,
	container: string | undefined
): Target | ApiError {
	const t = findTarget(api, namespace, name, container);
	if (isApiError(t)) return t;
	const phase = t.pod.status?.phase;
	if (phase === 'Succeeded' || phase === 'Failed')
		return clientError(
			`cannot exec into a container in a completed pod; current phase is ${phase}`
		);
	if (!t.pod.spec.nodeName)
		return apiError('BadRequest', `pod ${name} does not have a host assigned`);
	if (!stateOf(t.pod, t.container)?.running)
		return clientError(
			`unable to upgrade connection: container not found (${JSON.stringify(t.container)})`
		);
	return t;
}

/** kubelet's reason text for a container that never started (`kubectl logs`). */
function waitingText(reason: string): string {
	switch (reason) {
		case 'ErrImagePull':
			return 'trying and failing to pull image';
		case 'ImagePullBackOff':
			return "image can't be pulled";
		default:
			return reason;
	}
}

export function logsTarget(
	api: ApiServer,
	namespace: string,
	name: string,
	container: string | undefined
): Target | ApiError {
	// An ephemeral container's log is read like any other (`kubectl logs POD -c debugger-x`).
	const t = findTarget(api, namespace, name, container, true, true);
	if (isApiError(t)) return t;
	const state = stateOf(t.pod, t.container);
	if (state?.waiting && state.waiting.reason !== 'CrashLoopBackOff')
		return apiError(
			'BadRequest',
			`container ${JSON.stringify(t.container)} in pod ${JSON.stringify(name)} is waiting to start: ${waitingText(state.waiting.reason)}`
		);
	if (!state) {
		if (!t.pod.spec.nodeName)
			return apiError('BadRequest', `pod ${name} does not have a host assigned`);
		return apiError(
			'BadRequest',
			`container ${JSON.stringify(t.container)} in pod ${JSON.stringify(name)} is waiting to start: ContainerCreating`
		);
	}
	return t;
}
