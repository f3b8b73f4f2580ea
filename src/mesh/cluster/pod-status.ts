/**
 * Pod status as the kubelet reports it at each stage: sandbox being created, running and ready,
 * or stuck (ErrImagePull, CrashLoopBackOff). Condition order and wording follow kubelet v1.34
 * (`kubectl get pod -o yaml`, `kubectl describe pod`).
 */
import type {
	ContainerStateTerminated,
	ContainerStatus,
	Pod,
	PodCondition,
	PodStatus
} from '../api/objects.ts';
import {
	initContainersOf,
	isInitContainer,
	plainInitContainers,
	runningContainers,
	runningContainerStatuses
} from '../api/pod-containers.ts';
import { podQosClass } from '../api/pod-qos.ts';
import { hashString } from '../random.ts';

/** `curlimages/curl` → `docker.io/curlimages/curl:latest`, as containerd names images. */
export function normalizeImage(image: string): string {
	const parts = image.split('/');
	const first = parts[0] ?? '';
	let full = image;
	if (parts.length === 1) full = `docker.io/library/${image}`;
	else if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
		full = `docker.io/${image}`;
	const last = full.slice(full.lastIndexOf('/') + 1);
	if (!last.includes(':') && !full.includes('@')) full += ':latest';
	return full;
}

/** A stable fake digest, so `Image ID` looks real and never changes between runs. */
export function imageId(image: string): string {
	const full = normalizeImage(image);
	const repo = full.replace(/:[^/:]+$/, '');
	let hex = '';
	for (let i = 0; hex.length < 64; i++)
		hex += hashString(`${full}#${i}`).toString(16).padStart(8, '0');
	return `${repo}@sha256:${hex.slice(0, 64)}`;
}

export interface PodAddresses {
	readonly podIP: string;
	readonly hostIP: string;
}

function cond(
	type: string,
	ok: boolean,
	at: string,
	reason?: string,
	message?: string
): PodCondition {
	const c: PodCondition = { type, status: ok ? 'True' : 'False', lastTransitionTime: at };
	if (reason) c.reason = reason;
	if (message) c.message = message;
	return c;
}

function scheduledAt(pod: Pod, fallback: string): string {
	return (
		pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? fallback
	);
}

function base(pod: Pod, addr: PodAddresses, at: string): PodStatus & Record<string, unknown> {
	return {
		phase: 'Pending',
		hostIP: addr.hostIP,
		hostIPs: [{ ip: addr.hostIP }],
		podIP: addr.podIP,
		podIPs: [{ ip: addr.podIP }],
		qosClass: pod.status?.qosClass ?? podQosClass(pod.spec),
		startTime: pod.status?.startTime ?? at
	};
}

function notReadyConditions(
	pod: Pod,
	at: string,
	sandbox: boolean,
	waiting: string[]
): PodCondition[] {
	const msg = `containers with unready status: [${waiting.join(' ')}]`;
	return [
		cond('PodReadyToStartContainers', sandbox, at),
		cond('Initialized', true, at),
		cond('Ready', false, at, 'ContainersNotReady', msg),
		cond('ContainersReady', false, at, 'ContainersNotReady', msg),
		cond('PodScheduled', true, scheduledAt(pod, at))
	];
}

const waitingStatus = (
	name: string,
	image: string,
	reason: string,
	message?: string
): ContainerStatus => ({
	name,
	image: normalizeImage(image),
	imageID: '',
	ready: false,
	restartCount: 0,
	started: false,
	state: { waiting: message ? { reason, message } : { reason } }
});

/**
 * Statuses made in start order (runningContainers) sorted out as the kubelet reports them:
 * init containers under `initContainerStatuses` in spec order, app containers under
 * `containerStatuses`. A run-to-completion init container keeps the status it was last given
 * (`completed`, or the pod's), else it is still waiting (`PodInitializing`: `Init:0/2`).
 */
function byKind(
	pod: Pod,
	statuses: readonly ContainerStatus[],
	completed: readonly ContainerStatus[] = []
): Pick<PodStatus, 'containerStatuses' | 'initContainerStatuses'> {
	const before = pod.status?.initContainerStatuses ?? [];
	const init = initContainersOf(pod).map(
		(c) =>
			statuses.find((s) => s.name === c.name) ??
			completed.find((s) => s.name === c.name) ??
			before.find((s) => s.name === c.name) ??
			waitingStatus(c.name, c.image, 'PodInitializing')
	);
	return {
		...(init.length > 0 ? { initContainerStatuses: init } : {}),
		containerStatuses: statuses.filter((s) => !isInitContainer(pod, s.name))
	};
}

const namesOf = (pod: Pod) => runningContainers(pod).map((c) => c.name);

/**
 * Scheduled, IP assigned, containers being created. A pod with sidecars is still initializing
 * (kubelet waits for them before the app containers: `Init:0/1`, every container
 * `PodInitializing`).
 */
export function creatingStatus(pod: Pod, addr: PodAddresses, at: string): PodStatus {
	const sidecars = initContainersOf(pod);
	const reason = sidecars.length > 0 ? 'PodInitializing' : 'ContainerCreating';
	const conditions = notReadyConditions(pod, at, false, namesOf(pod));
	if (sidecars.length > 0)
		conditions[1] = cond(
			'Initialized',
			false,
			at,
			'ContainersNotInitialized',
			`containers with incomplete status: [${sidecars.map((c) => c.name).join(' ')}]`
		);
	return {
		...base(pod, addr, at),
		conditions,
		...byKind(
			pod,
			runningContainers(pod).map((c) => waitingStatus(c.name, c.image, reason))
		)
	};
}

/** Every container running; the pod is Ready. */
export function runningStatus(
	pod: Pod,
	addr: PodAddresses,
	startedAt: string,
	containerId: (name: string) => string,
	history?: ReadonlyMap<string, ContainerHistory>,
	/** The run-to-completion init containers' statuses (`completedInitStatus`). */
	completed: readonly ContainerStatus[] = []
): PodStatus {
	const created = pod.status?.startTime ?? startedAt;
	return {
		...base(pod, addr, created),
		phase: 'Running',
		conditions: [
			cond('PodReadyToStartContainers', true, startedAt),
			cond('Initialized', true, created),
			cond('Ready', true, startedAt),
			cond('ContainersReady', true, startedAt),
			cond('PodScheduled', true, scheduledAt(pod, created))
		],
		...byKind(
			pod,
			runningContainers(pod).map((c) => ({
				containerID: containerId(c.name),
				image: normalizeImage(c.image),
				imageID: imageId(c.image),
				lastState: history?.get(c.name)?.last
					? { terminated: terminatedOf(history.get(c.name)?.last as Terminated) }
					: {},
				name: c.name,
				ready: true,
				restartCount: history?.get(c.name)?.restartCount ?? 0,
				started: true,
				state: { running: { startedAt } }
			})),
			completed
		)
	};
}

/** An init container that ran to completion: `Terminated`, reason `Completed`, exit code 0. */
export function completedInitStatus(
	pod: Pod,
	name: string,
	containerID: string,
	startedAt: string,
	finishedAt: string
): ContainerStatus | undefined {
	const c = plainInitContainers(pod).find((x) => x.name === name);
	if (!c) return undefined;
	return {
		containerID,
		image: normalizeImage(c.image),
		imageID: imageId(c.image),
		lastState: {},
		name,
		// prober_manager.go UpdatePodStatus: an init container that exited 0 is ready.
		ready: true,
		restartCount: 0,
		started: false,
		state: { terminated: { containerID, exitCode: 0, finishedAt, reason: 'Completed', startedAt } }
	};
}

/** One container's image does not exist: kubelet's ErrImagePull, the pod stays Pending. */
export function imagePullStatus(
	pod: Pod,
	addr: PodAddresses,
	at: string,
	container: string
): PodStatus {
	return {
		...base(pod, addr, at),
		conditions: notReadyConditions(pod, at, true, namesOf(pod)),
		...byKind(
			pod,
			runningContainers(pod).map((c) => {
				if (c.name !== container) return waitingStatus(c.name, c.image, 'ContainerCreating');
				const ref = normalizeImage(c.image);
				return waitingStatus(
					c.name,
					c.image,
					'ErrImagePull',
					`rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`
				);
			})
		)
	};
}

/** A container's last run, as `lastState.terminated` shows it. */
export interface Terminated {
	readonly reason: string;
	readonly exitCode: number;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly containerID: string;
}

/** What kubelet remembers of a container across restarts. */
export interface ContainerHistory {
	restartCount: number;
	/** The run that ended last (`lastState`, or `state` until the restart). */
	last?: Terminated;
}

/**
 * A container died (`exited`) and kubelet has not restarted it yet: `state.terminated`
 * (STATUS `Error`) until it decides, `state.waiting` CrashLoopBackOff while it backs off, or
 * for good when the pod's restartPolicy says not to restart (phase Failed or Succeeded).
 * Other containers keep the status they had.
 */
export function exitedStatus(
	pod: Pod,
	addr: PodAddresses,
	at: string,
	exited: string,
	history: ReadonlyMap<string, ContainerHistory>,
	backoff?: string,
	final?: boolean
): PodStatus {
	if (plainInitContainers(pod).some((c) => c.name === exited))
		return initFailedStatus(pod, addr, at, exited, history, backoff, final);
	const before = runningContainerStatuses(pod);
	const h = history.get(exited);
	const last = h?.last;
	const phase: PodStatus['phase'] = !final
		? 'Running'
		: last?.exitCode === 0
			? 'Succeeded'
			: 'Failed';
	return {
		...base(pod, addr, at),
		phase,
		conditions: notReadyConditions(pod, at, !final, namesOf(pod)),
		...byKind(
			pod,
			runningContainers(pod).map((c) => {
				const prior = before.find((b) => b.name === c.name);
				if (c.name !== exited)
					return prior
						? { ...prior, ready: false }
						: waitingStatus(c.name, c.image, 'ContainerCreating');
				const status: ContainerStatus = {
					...waitingStatus(c.name, c.image, 'CrashLoopBackOff'),
					...(last ? { containerID: last.containerID } : {}),
					imageID: imageId(c.image),
					restartCount: h?.restartCount ?? 0,
					started: false
				};
				if (backoff && last) {
					status.state = {
						waiting: {
							reason: 'CrashLoopBackOff',
							message: `back-off ${backoff} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`
						}
					};
					status.lastState = { terminated: terminatedOf(last) };
				} else {
					status.state = last ? { terminated: terminatedOf(last) } : status.state;
					const previous = prior?.lastState;
					status.lastState = previous ?? {};
				}
				return status;
			})
		)
	};
}

function terminatedOf(t: Terminated): ContainerStateTerminated {
	return { ...t };
}

/**
 * A run-to-completion init container failed: the pod stays Pending and not Initialized, the
 * rest wait (`PodInitializing`), and the init container shows its run (`Init:Error`) or its
 * back-off (`Init:CrashLoopBackOff`) until kubelet runs it again (computeInitContainerActions).
 */
function initFailedStatus(
	pod: Pod,
	addr: PodAddresses,
	at: string,
	exited: string,
	history: ReadonlyMap<string, ContainerHistory>,
	backoff?: string,
	final?: boolean
): PodStatus {
	const c = plainInitContainers(pod).find((x) => x.name === exited);
	const h = history.get(exited);
	const last = h?.last;
	const status: ContainerStatus = {
		...waitingStatus(exited, c?.image ?? '', 'PodInitializing'),
		...(last ? { containerID: last.containerID } : {}),
		imageID: c ? imageId(c.image) : '',
		restartCount: h?.restartCount ?? 0
	};
	if (backoff && last) {
		status.state = {
			waiting: {
				reason: 'CrashLoopBackOff',
				message: `back-off ${backoff} restarting failed container=${exited} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`
			}
		};
		status.lastState = { terminated: terminatedOf(last) };
	} else if (last) status.state = { terminated: terminatedOf(last) };
	const incomplete = initContainersOf(pod).map((x) => x.name);
	const conditions = notReadyConditions(pod, at, true, namesOf(pod));
	conditions[1] = cond(
		'Initialized',
		false,
		at,
		'ContainersNotInitialized',
		`containers with incomplete status: [${incomplete.join(' ')}]`
	);
	return {
		...base(pod, addr, at),
		phase: final ? 'Failed' : 'Pending',
		conditions,
		...byKind(
			pod,
			runningContainers(pod).map((x) => waitingStatus(x.name, x.image, 'PodInitializing')),
			[status]
		)
	};
}
