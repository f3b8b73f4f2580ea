/**
 * The kubelet's API as the API server proxies it for kubectl (kubelet `pkg/kubelet/server`:
 * `exec`, `containerLogs`): preconditions from `exec.ts`, then the runtime. A failed exec start
 * reads as containerd's error; a runtime failure becomes a client error, never a throw.
 */
import { PODS } from '../api/builtin-resources.ts';
import { apiError, clientError, isApiError, type ApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Cluster } from '../cluster.ts';
import type { Rng } from '../random.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { execTarget, logsTarget } from './exec.ts';
import type { Kubelet } from './kubelet.ts';
import { podHostId } from './pod-host-spec.ts';

const runtimeError = (e: unknown): ApiError =>
	clientError(e instanceof Error ? e.message : String(e));

/** `kubectl exec`; `execRng` draws containerd's exec ids. */
export function execInContainer(
	api: ClusterApiServer,
	runtime: Runtime,
	execRng: Rng
): Cluster['exec'] {
	return async (namespace, pod, container, argv, stdin, abort) => {
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
	};
}

/** `kubectl logs [-p]`. */
export function containerLogs(
	api: ClusterApiServer,
	runtime: Runtime,
	kubelet: Kubelet
): Cluster['logs'] {
	return async (namespace, pod, container, options) => {
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
		const live = api.peekObject(PODS, namespace, pod) as Pod | undefined;
		const kept = live
			? await kubelet.terminatedLogs(live.metadata.uid ?? '', target.container)
			: undefined;
		if (kept) return [...kept];
		try {
			return await runtime.logs(podHostId(namespace, pod), target.container);
		} catch (e) {
			return runtimeError(e);
		}
	};
}
