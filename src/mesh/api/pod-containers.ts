/**
 * A pod's containers as the kubelet runs them. Kubernetes' sidecar containers (KEP-753, on by
 * default since 1.29) are init containers with `restartPolicy: Always`: they start in order
 * before the app containers, keep running beside them, count in READY and report under
 * `status.initContainerStatuses`. Istio 1.27+ injects `istio-proxy` this way. Plain init
 * containers (no `restartPolicy`, such as `istio-init`) run to completion first, in spec order
 * with the sidecars, and are never running beside the app.
 */
import type { Container, ContainerStatus, Pod } from './objects.ts';

type PodLike = { readonly spec: Pod['spec']; readonly status?: Pod['status'] };

/** A restartable init container: KEP-753's sidecar. */
export function isSidecarContainer(c: Container): boolean {
	return c.restartPolicy === 'Always';
}

/** The pod's init containers, whatever they are. */
export function initContainersOf(pod: PodLike): readonly Container[] {
	return Array.isArray(pod.spec.initContainers) ? pod.spec.initContainers : [];
}

/** Sidecar (restartable init) containers, in spec order. */
export function sidecarContainers(pod: PodLike): readonly Container[] {
	return initContainersOf(pod).filter(isSidecarContainer);
}

/** Run-to-completion init containers, in spec order. */
export function plainInitContainers(pod: PodLike): readonly Container[] {
	return initContainersOf(pod).filter((c) => !isSidecarContainer(c));
}

/** Every container in the order kubelet starts it: init containers (plain and sidecar) as listed, then the app. */
export function startOrder(pod: PodLike): readonly Container[] {
	const apps = Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
	return [...initContainersOf(pod), ...apps];
}

/** Every container the kubelet keeps running, in start order: sidecars, then app containers. */
export function runningContainers(pod: PodLike): readonly Container[] {
	const apps = Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
	return [...sidecarContainers(pod), ...apps];
}

/** Whether `name` is one of the pod's init containers (sidecar or not). */
export function isInitContainer(pod: PodLike, name: string): boolean {
	return initContainersOf(pod).some((c) => c.name === name);
}

/** The field path events and errors name a container by: `spec.initContainers{istio-proxy}`. */
export function containerFieldPath(pod: PodLike, name: string): string {
	return `spec.${isInitContainer(pod, name) ? 'initContainers' : 'containers'}{${name}}`;
}

/** Statuses of every running container, sidecars first (init, then app statuses). */
export function runningContainerStatuses(pod: PodLike): readonly ContainerStatus[] {
	return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** A container's status, wherever the kubelet reports it. */
export function containerStatusOf(pod: PodLike, name: string): ContainerStatus | undefined {
	return runningContainerStatuses(pod).find((s) => s.name === name);
}
