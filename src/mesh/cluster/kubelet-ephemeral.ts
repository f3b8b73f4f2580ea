/**
 * The kubelet's ephemeral containers (`kubectl debug`): one added through the pod's
 * `ephemeralcontainers` subresource starts inside the running pod's host, records `Pulled`,
 * `Created`, `Started` on `spec.ephemeralContainers{NAME}`, reports Running, then Terminated
 * with its exit code once its command ends. It is never restarted (kubelet
 * kuberuntime_manager.go computePodActions starts each ephemeral container once).
 */
import { ephemeralContainersOf } from '../api/ephemeral-containers.ts';
import type { ContainerStatus, EphemeralContainer, Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import type { EphemeralResult } from '../runtime/host.ts';
import { PODS } from '../api/builtin-resources.ts';
import { imageId, normalizeImage } from './pod-status.ts';
import { livePod, type KubeletContext, type Managed } from './kubelet-pod.ts';

const fieldPath = (name: string): string => `spec.ephemeralContainers{${name}}`;

/** Replaces (or adds) one ephemeral container's status, if the pod is still the one we run. */
function writeStatus(ctx: KubeletContext, m: Managed, status: ContainerStatus): void {
	if (!livePod(ctx, m)) return;
	ctx.api.patch(PODS, m.namespace, m.name, (draft) => {
		const pod = draft as Pod;
		if (!pod.status) return;
		const list = (pod.status.ephemeralContainerStatuses ?? []).filter(
			(s) => s.name !== status.name
		);
		list.push(status);
		pod.status.ephemeralContainerStatuses = list;
	});
}

function terminated(
	c: EphemeralContainer,
	containerID: string,
	result: Extract<EphemeralResult, { type: 'terminated' }>
): ContainerStatus {
	const reason = result.message ? 'StartError' : result.exitCode === 0 ? 'Completed' : 'Error';
	return {
		name: c.name,
		image: normalizeImage(c.image),
		imageID: imageId(c.image),
		containerID,
		ready: false,
		restartCount: 0,
		state: {
			terminated: {
				reason,
				exitCode: result.exitCode,
				...(result.message ? { message: result.message } : {}),
				startedAt: timestamp(result.startedAt),
				finishedAt: timestamp(result.finishedAt),
				containerID
			}
		}
	};
}

/** Starts one ephemeral container and follows it to its end. */
async function run(
	ctx: KubeletContext,
	m: Managed,
	pod: Pod,
	c: EphemeralContainer
): Promise<void> {
	const events = ctx.recorders.get(m.node.name);
	const at = { fieldPath: fieldPath(c.name) };
	const argv = [...(c.command ?? []), ...(c.args ?? [])];
	const containerID = ctx.containerId();
	writeStatus(ctx, m, {
		name: c.name,
		image: c.image,
		imageID: '',
		ready: false,
		restartCount: 0,
		state: { waiting: { reason: 'ContainerCreating' } }
	});
	const result = await ctx.runtime.runEphemeral(m.host, {
		name: c.name,
		image: c.image,
		argv,
		...(c.tty === true ? { tty: true } : {})
	});
	if (m.stopping) return;
	if (result.type === 'no-host') return;
	if (result.type === 'image-pull-error') {
		const ref = normalizeImage(c.image);
		const reason = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
		events?.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, at);
		events?.event(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${reason}`, at);
		events?.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', at);
		writeStatus(ctx, m, {
			name: c.name,
			image: c.image,
			imageID: '',
			ready: false,
			restartCount: 0,
			state: {
				waiting: { reason: 'ErrImagePull', message: reason }
			}
		});
		return;
	}
	events?.event(
		pod,
		'Normal',
		'Pulled',
		`Container image "${c.image}" already present on machine`,
		at
	);
	events?.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, at);
	if (result.message) events?.event(pod, 'Warning', 'Failed', `Error: ${result.message}`, at);
	else events?.event(pod, 'Normal', 'Started', `Started container ${c.name}`, at);
	writeStatus(ctx, m, terminated(c, containerID, result));
}

/**
 * Starts the pod's ephemeral containers the kubelet has not started yet, once its host runs.
 * Each starts once: a pod restart does not run them again.
 */
export function syncEphemeral(ctx: KubeletContext, m: Managed, pod: Pod): void {
	if (m.stopping || m.startedAt === undefined) return;
	for (const c of ephemeralContainersOf(pod)) {
		m.ephemeral ??= new Set();
		if (m.ephemeral.has(c.name)) continue;
		m.ephemeral.add(c.name);
		void ctx.track(run(ctx, m, pod, c));
	}
}
