/**
 * What the kubelet does with a container's life: the outcome of a start (Running, an image
 * pull error, a crash), a container that exits, and its restart as the pod's restartPolicy
 * says: at once the first time, later after CrashLoopBackOff's back-off.
 */
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import type { ExitListener, HostStartResult } from '../runtime/host.ts';
import { ms } from '../types.ts';
import { goDuration } from './backoff.ts';
import { backOffEvent, containerEvents, restartEvents } from './kubelet-events.ts';
import { livePod, report, type KubeletContext, type Managed } from './kubelet-pod.ts';
import { completedInitStatus, exitedStatus, imagePullStatus, runningStatus } from './pod-status.ts';
import type { ContainerStatus, Pod as PodObject } from '../api/objects.ts';
import type { InitRun } from '../runtime/host.ts';
import { containerFieldPath } from '../api/pod-containers.ts';
import { podRef } from './kubelet-events.ts';
import { initialResults, startProbes, stopProbes, type ProbeEffects } from './prober.ts';
import { podProbes } from './probe-spec.ts';
import { withProbes } from './probe-status.ts';

/** kubelet's generic PLEG relists containers every second (pkg/kubelet/kubelet.go genericPlegRelistPeriod). */
const PLEG_RELIST_PERIOD = 1000;

/** The init containers that ran to completion, as kubelet reports them. */
function completed(
	pod: PodObject,
	runs: readonly InitRun[],
	id: (name: string) => string
): ContainerStatus[] {
	return runs.flatMap((r) => {
		const status = completedInitStatus(
			pod,
			r.container,
			id(r.container),
			timestamp(r.startedAt),
			timestamp(r.finishedAt)
		);
		return status ? [status] : [];
	});
}

export function onStarted(ctx: KubeletContext, m: Managed, result: HostStartResult): void {
	if (m.stopping) return;
	switch (result.type) {
		case 'ready': {
			const at = timestamp(result.at);
			const restarted = m.restarting;
			m.restarting = undefined;
			ctx.reports.queue(() => {
				if (m.stopping) return;
				m.startedAt = at;
				const id = (name: string): string => {
					const fresh = ctx.containerId();
					m.ids.set(name, fresh);
					return fresh;
				};
				const live = livePod(ctx, m);
				const probes = live && podProbes(live).length > 0 ? initialResults(live) : undefined;
				m.probes = probes;
				report(
					ctx,
					m,
					(pod) =>
						withProbes(
							runningStatus(
								pod,
								m.addr,
								at,
								id,
								m.history,
								completed(pod, result.initRuns ?? [], id)
							),
							probes,
							at,
							pod.status
						),
					restarted ? undefined : { type: 'ready' }
				);
				if (restarted) runningAgain(ctx, m, restarted);
				if (live && probes) startProbes(ctx, m, live, probes, probeEffects(ctx));
			});
			return;
		}
		case 'image-pull-error': {
			const at = ctx.now();
			ctx.reports.queue(() => {
				if (!m.stopping)
					report(ctx, m, (pod) => imagePullStatus(pod, m.addr, at, result.container), result);
			});
			return;
		}
		case 'crash':
			crashed(ctx, m, result);
	}
}

function crashed(
	ctx: KubeletContext,
	m: Managed,
	result: Extract<HostStartResult, { type: 'crash' }>
): void {
	const at = ctx.now();
	const restarted = m.restarting;
	m.restarting = undefined;
	ctx.reports.queue(() => {
		if (m.stopping) return;
		if (!restarted) m.startedAt = at;
		const live = livePod(ctx, m);
		const events = ctx.recorders.get(m.node.name);
		if (!live || !events) return;
		if (restarted) restartEvents(events, live, restarted);
		else m.running = containerEvents(events, live, result);
	});
	died(ctx, m, result.container, result.exitCode ?? 1, at);
}

/** A restarted container is running again: its events, and it counts as running. */
function runningAgain(ctx: KubeletContext, m: Managed, container: string): void {
	const live = livePod(ctx, m);
	const events = ctx.recorders.get(m.node.name);
	if (!live || !events) return;
	const started = restartEvents(events, live, container);
	m.running = [...(m.running ?? []).filter((c) => c.container !== container), started];
}

export const exitListener =
	(ctx: KubeletContext, m: Managed): ExitListener =>
	(exit) => {
		if (!m.stopping) died(ctx, m, exit.container, exit.exitCode, timestamp(exit.at));
	};

/**
 * A container died: kubelet records its run, then restarts it as the pod's restartPolicy
 * says: at once the first time, later after its back-off (CrashLoopBackOff meanwhile).
 */
function died(
	ctx: KubeletContext,
	m: Managed,
	container: string,
	exitCode: number,
	at: string
): void {
	// The run's probe workers end with it; the restarted run gets new ones.
	stopProbes(m);
	m.probes = undefined;
	const h = m.history.get(container) ?? { restartCount: 0 };
	m.history.set(container, h);
	h.last = {
		reason: exitCode === 0 ? 'Completed' : 'Error',
		exitCode,
		startedAt: m.startedAt ?? at,
		finishedAt: at,
		containerID: m.ids.get(container) ?? ctx.containerId()
	};
	m.running = m.running?.filter((c) => c.container !== container);
	const live = ctx.api.get(PODS, m.namespace, m.name);
	const policy = isApiError(live) ? 'Always' : ((live as Pod).spec.restartPolicy ?? 'Always');
	const exited = (serving?: string, final?: boolean) => (pod: Pod) =>
		exitedStatus(pod, m.addr, at, container, m.history, serving, final);
	if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
		ctx.reports.queue(() => {
			if (!m.stopping) report(ctx, m, exited(undefined, true));
		});
		return;
	}
	const key = `${m.uid}/${container}`;
	const finished = ctx.runtime.now();
	const delay = ctx.backoff.delay(key, finished, finished);
	if (delay === 0) {
		ctx.reports.queue(() => {
			if (!m.stopping) report(ctx, m, exited());
		});
		// kubelet notices the death at its next PLEG relist, then restarts at once.
		m.backoffTimer = ctx.runtime.after?.(ms(PLEG_RELIST_PERIOD), () => restart(ctx, m, container));
		return;
	}
	const serving = goDuration(ctx.backoff.current(key));
	ctx.reports.queue(() => {
		if (m.stopping) return;
		report(ctx, m, exited(serving));
		const events = ctx.recorders.get(m.node.name);
		const pod = ctx.api.get(PODS, m.namespace, m.name);
		if (events && !isApiError(pod)) backOffEvent(events, pod as Pod, container);
	});
	m.backoffTimer = ctx.runtime.after?.(ms(delay), () => restart(ctx, m, container));
}

function restart(ctx: KubeletContext, m: Managed, container: string): void {
	const { runtime } = ctx;
	m.backoffTimer = undefined;
	const spec = m.spec;
	if (m.stopping || !spec) return;
	ctx.backoff.next(`${m.uid}/${container}`, runtime.now());
	const h = m.history.get(container);
	if (h) h.restartCount++;
	m.restarting = container;
	const onExit = exitListener(ctx, m);
	// The kubelet keeps the last terminated run's log (the runtime keeps one per container).
	const saved = Promise.all(
		spec.containers.map((c) =>
			runtime.logs(m.host, c.name).then(
				(lines): [string, readonly string[]] => [c.name, lines],
				(): [string, readonly string[]] => [c.name, []]
			)
		)
	);
	const started = saved.then((logs) => {
		m.previousLogs = new Map(logs);
		return runtime.restartHost
			? runtime.restartHost(spec, onExit)
			: runtime.stopHost(m.host).then(() => runtime.startHost(spec, onExit));
	});
	m.started = ctx.track(
		started.then(
			(result) => onStarted(ctx, m, result),
			(e: unknown) => onStarted(ctx, m, { type: 'crash', container, message: String(e) })
		)
	);
}

/**
 * What the kubelet does with probe results: a readiness or startup change is reported in the
 * next status batch; a failed liveness or startup probe kills the container
 * (kuberuntime_manager.go computePodActions: "Container %s failed liveness probe", then
 * killContainer's `Killing` event ", will be restarted"), and it restarts as any dead one does.
 * Simplified: the kill is immediate (SIGKILL, exit code 137), with no grace period.
 */
function probeEffects(ctx: KubeletContext): ProbeEffects {
	return {
		changed(m) {
			ctx.reports.queue(() => {
				if (m.stopping || !m.probes) return;
				const probes = m.probes;
				const at = ctx.now();
				report(ctx, m, (pod) => withProbes(pod.status, probes, at, pod.status));
			});
		},
		kill(m, container, reason) {
			const live = livePod(ctx, m);
			const events = ctx.recorders.get(m.node.name);
			if (live && events)
				events.event(
					podRef(m),
					'Normal',
					'Killing',
					`Container ${container} failed ${reason} probe, will be restarted`,
					{ fieldPath: containerFieldPath(live, container) }
				);
			died(ctx, m, container, 137, ctx.now());
		}
	};
}
