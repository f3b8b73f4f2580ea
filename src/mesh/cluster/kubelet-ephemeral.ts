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
import { ms } from '../types.ts';
import { PODS } from '../api/builtin-resources.ts';
import { imageId, normalizeImage } from './pod-status.ts';
import { livePod, type KubeletContext, type Managed } from './kubelet-pod.ts';
import { isJsonObject } from '../json.ts';

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

/**
 * How long kubelet's caller waits for a command to end before reporting it Running, on the
 * worker runtime (in-process, a settle runs every event a quick command needs).
 */
const START_GRACE = ms(200);

/** Resolves once a quick command would have ended: the in-process settle, or START_GRACE. */
function startGrace(ctx: KubeletContext): Promise<'running'> {
	if (ctx.runtime.kind === 'inprocess') return ctx.runtime.settle().then(() => 'running');
	const after = ctx.runtime.after;
	return new Promise((resolve) => {
		if (after) after(START_GRACE, () => resolve('running'));
		else resolve('running');
	});
}

function pulled(ctx: KubeletContext, m: Managed, pod: Pod, c: EphemeralContainer): void {
	const events = ctx.recorders.get(m.node.name);
	const at = { fieldPath: fieldPath(c.name) };
	events?.event(
		pod,
		'Normal',
		'Pulled',
		`Container image "${c.image}" already present on machine`,
		at
	);
	events?.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, at);
}

/**
 * Starts one ephemeral container and follows it to its end. `started` resolves once the start's
 * outcome is known: true when the command still runs (status Running, events recorded), as a
 * long-running one (tcpdump) does until stopped; false when it already ended.
 */
function run(
	ctx: KubeletContext,
	m: Managed,
	pod: Pod,
	c: EphemeralContainer
): { started: Promise<boolean>; ended: Promise<void> } {
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
	const pending = ctx.runtime.runEphemeral(m.host, {
		name: c.name,
		image: c.image,
		argv,
		...(c.tty === true ? { tty: true } : {}),
		...addedCapabilities(c)
	});
	let running = false;
	const started = Promise.race([pending, startGrace(ctx)]).then((first) => {
		if (first !== 'running' || m.stopping) return false;
		running = true;
		pulled(ctx, m, pod, c);
		events?.event(pod, 'Normal', 'Started', `Started container ${c.name}`, at);
		writeStatus(ctx, m, {
			name: c.name,
			image: normalizeImage(c.image),
			imageID: imageId(c.image),
			containerID,
			ready: false,
			restartCount: 0,
			started: true,
			state: { running: { startedAt: ctx.now() } }
		});
		return true;
	});
	const ended = (async (): Promise<void> => {
		const result = await pending;
		await started;
		if (m.stopping || result.type === 'no-host') return;
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
				state: { waiting: { reason: 'ErrImagePull', message: reason } }
			});
			return;
		}
		if (!running) {
			pulled(ctx, m, pod, c);
			if (result.message) events?.event(pod, 'Warning', 'Failed', `Error: ${result.message}`, at);
			else events?.event(pod, 'Normal', 'Started', `Started container ${c.name}`, at);
		}
		writeStatus(ctx, m, terminated(c, containerID, result));
	})();
	return { started, ended };
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
		// A settle waits for the start's outcome and for a quick command's end, not for one
		// that runs until stopped (tcpdump).
		const { started, ended } = run(ctx, m, pod, c);
		void ctx.track(started.then((stillRunning) => (stillRunning ? undefined : ended)));
	}
}

/** What the container's securityContext adds to the runtime's default capabilities. */
function addedCapabilities(c: EphemeralContainer): { capabilities?: readonly string[] } {
	// Read defensively: the field is whatever the ephemeralcontainers patch carried.
	const sc = isJsonObject(c.securityContext) ? c.securityContext : undefined;
	if (sc?.['privileged'] === true) return { capabilities: ['ALL'] };
	const caps = sc?.['capabilities'];
	const add = isJsonObject(caps) ? caps['add'] : undefined;
	const names = Array.isArray(add) ? add.filter((x): x is string => typeof x === 'string') : [];
	return names.length > 0 ? { capabilities: names } : {};
}
