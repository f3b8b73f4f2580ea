/**
 * The Events a kubelet records while it starts a pod's containers (kubelet v1.34,
 * pkg/kubelet/images/image_manager.go and kuberuntime_container.go): per container, in start
 * order (sidecar init containers first, api/pod-containers.ts), `Pulled` / `Created` / `Started`; a missing image records
 * `Pulling` and two `Failed`; a container kubelet holds back after it died records `BackOff`.
 *
 * Simplified: every image the simulation can run is preloaded on each node (as `kind load`
 * would), so the kubelet never pulls one and says "already present on machine" even for
 * `imagePullPolicy: Always`.
 */
import type { KubeObject, Pod } from '../api/objects.ts';
import { containerFieldPath, plainInitContainers, startOrder } from '../api/pod-containers.ts';
import type { EventRecorder } from './events.ts';
import { normalizeImage } from './pod-status.ts';

export interface StartedContainer {
	readonly container: string;
	readonly fieldPath: string;
}

export type StartOutcome =
	| { readonly type: 'ready' }
	| { readonly type: 'image-pull-error'; readonly container: string; readonly image: string }
	| { readonly type: 'crash'; readonly container: string };

/** The ObjectReference-shaped object an event about a pod points at. */
export function podRef(m: {
	readonly namespace: string;
	readonly name: string;
	readonly uid: string;
}): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: m.name,
			namespace: m.namespace,
			uid: m.uid,
			resourceVersion: '',
			creationTimestamp: ''
		}
	};
}

/** Records the start of `pod`'s containers; returns those now running. */
export function containerEvents(
	events: EventRecorder,
	pod: Pod,
	outcome: StartOutcome
): StartedContainer[] {
	// Plain init containers ran to completion first; they are not running now.
	const finished = new Set(plainInitContainers(pod).map((c) => c.name));
	const ordered = startOrder(pod).map((c) => ({ c, path: containerFieldPath(pod, c.name) }));
	const started: StartedContainer[] = [];
	for (const { c, path } of ordered) {
		const at = { fieldPath: path };
		if (outcome.type === 'image-pull-error' && outcome.container === c.name) {
			const ref = normalizeImage(c.image);
			events.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, at);
			events.event(
				pod,
				'Warning',
				'Failed',
				`Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
				at
			);
			events.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', at);
			return started;
		}
		events.event(
			pod,
			'Normal',
			'Pulled',
			`Container image "${c.image}" already present on machine`,
			at
		);
		events.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, at);
		events.event(pod, 'Normal', 'Started', `Started container ${c.name}`, at);
		// A container that died as it started is not running (kubelet restarts it: restartEvents);
		// after a failed init container nothing else starts.
		if (outcome.type === 'crash' && outcome.container === c.name) {
			if (finished.has(c.name)) return started;
			continue;
		}
		if (finished.has(c.name)) continue;
		started.push({ container: c.name, fieldPath: path });
	}
	return started;
}

/**
 * The order kubelet stops running containers in when the pod goes (KEP-753): app containers
 * first, then sidecars in reverse start order, so a native istio-proxy outlives the app.
 */
export function stopOrder(running: readonly StartedContainer[]): StartedContainer[] {
	const sidecar = (c: StartedContainer) => c.fieldPath.startsWith('spec.initContainers');
	return [...running.filter((c) => !sidecar(c)), ...running.filter(sidecar).reverse()];
}

/** kubelet starts a dead container again: `Pulled`, `Created`, `Started` for it alone. */
export function restartEvents(
	events: EventRecorder,
	pod: Pod,
	container: string
): StartedContainer {
	const c = startOrder(pod).find((x) => x.name === container);
	const at = { fieldPath: containerFieldPath(pod, container) };
	if (c)
		events.event(
			pod,
			'Normal',
			'Pulled',
			`Container image "${c.image}" already present on machine`,
			at
		);
	events.event(pod, 'Normal', 'Created', `Created container: ${container}`, at);
	events.event(pod, 'Normal', 'Started', `Started container ${container}`, at);
	return { container, fieldPath: at.fieldPath };
}

/** kubelet holds a dead container back (kuberuntime_manager.go doBackOff). */
export function backOffEvent(events: EventRecorder, pod: Pod, container: string): void {
	const { name, namespace, uid } = pod.metadata;
	events.event(
		pod,
		'Warning',
		'BackOff',
		`Back-off restarting failed container ${container} in pod ${name}_${namespace ?? 'default'}(${uid})`,
		{ fieldPath: containerFieldPath(pod, container) }
	);
}
