/**
 * kubelet's prober manager and its workers (pkg/kubelet/prober/prober_manager.go, worker.go,
 * results/results_manager.go): one worker per probe of a running container, ticking every
 * `periodSeconds` on the cluster's clock (timers only for pods that have probes). Results need
 * `successThreshold`/`failureThreshold` runs in a row to change; readiness starts as Failure,
 * startup as not started (liveness and readiness wait for it), liveness as Success. Readiness
 * drives the container's `ready` (and so the pod's Ready condition and its endpoints); a
 * liveness or startup failure kills the container, which kubelet then restarts.
 *
 * Simplified: the first probe runs `initialDelaySeconds` after the container started (kubelet's
 * worker ticks from the pod's admission and is triggered once the container runs); no jitter.
 */
import type { Pod } from '../api/objects.ts';
import { containerFieldPath } from '../api/pod-containers.ts';
import type { Cancel } from '../clock.ts';
import { ms } from '../types.ts';
import { podRef } from './kubelet-events.ts';
import type { KubeletContext, Managed } from './kubelet-pod.ts';
import { runProbe } from './probe-actions.ts';
import { podProbes, type ContainerProbe } from './probe-spec.ts';

interface Worker {
	readonly p: ContainerProbe;
	/** worker.go lastResult / resultRun. */
	last?: boolean;
	run: number;
	timer?: Cancel;
	stopped: boolean;
}

/** A pod's probe results for its current run (results_manager.go), and its workers. */
export interface PodProbes {
	/** Containers with a readiness probe, and whether it passes. */
	readonly ready: Map<string, boolean>;
	/** Containers with a startup probe, and whether it passed. */
	readonly started: Map<string, boolean>;
	readonly workers: Worker[];
}

/** What the kubelet does when a result changes. */
export interface ProbeEffects {
	/** Readiness or startup changed: the pod's status is reported again. */
	changed(m: Managed): void;
	/** A liveness or startup probe failed `failureThreshold` times: the container is killed. */
	kill(m: Managed, container: string, reason: 'liveness' | 'startup'): void;
}

/** The initial results of `pod`'s probes (before any worker ran). */
export function initialResults(pod: Pod): PodProbes {
	const probes: PodProbes = { ready: new Map(), started: new Map(), workers: [] };
	for (const p of podProbes(pod)) {
		if (p.type === 'Readiness') probes.ready.set(p.container.name, false);
		if (p.type === 'Startup') probes.started.set(p.container.name, false);
	}
	return probes;
}

/** Stops every worker of `m`'s current run (the pod goes, or a container is restarted). */
export function stopProbes(m: Managed): void {
	for (const w of m.probes?.workers ?? []) {
		w.stopped = true;
		w.timer?.();
	}
}

/** Starts a worker per probe of `m`'s running containers; `probes` holds their results. */
export function startProbes(
	ctx: KubeletContext,
	m: Managed,
	pod: Pod,
	probes: PodProbes,
	effects: ProbeEffects
): void {
	const after = ctx.runtime.after?.bind(ctx.runtime);
	if (!after) return;
	for (const p of podProbes(pod)) {
		const w: Worker = { p, run: 0, stopped: false };
		probes.workers.push(w);
		const tick = (delay: number): void => {
			w.timer = after(ms(delay), () => void doProbe(w).then((again) => again && tick(period(w))));
		};
		tick((p.probe.initialDelaySeconds ?? 0) * 1000);
	}

	const period = (w: Worker): number => (w.p.probe.periodSeconds ?? 10) * 1000;

	/** worker.go doProbe; false: the worker stops (startup done, or the container is killed). */
	async function doProbe(w: Worker): Promise<boolean> {
		if (w.stopped || m.stopping || m.probes !== probes) return false;
		const name = w.p.container.name;
		if (w.p.type === 'Startup' && probes.started.get(name) === true) return false;
		// Liveness and readiness wait for the startup probe.
		if (w.p.type !== 'Startup' && probes.started.get(name) === false) return true;
		const outcome = await runProbe(
			{
				runtime: ctx.runtime,
				host: m.host,
				podIP: m.addr.podIP,
				hostIP: m.addr.hostIP,
				container: w.p.container
			},
			w.p.probe
		);
		if (w.stopped || m.stopping || m.probes !== probes) return false;
		if (!outcome.ok) unhealthy(w, outcome.output);
		if (w.last === outcome.ok) w.run++;
		else {
			w.last = outcome.ok;
			w.run = 1;
		}
		const threshold = outcome.ok
			? (w.p.probe.successThreshold ?? 1)
			: (w.p.probe.failureThreshold ?? 3);
		if (w.run < threshold) return true;
		return set(w, outcome.ok);
	}

	/** prober.go: every failed probe is a `Unhealthy` warning with the probe's output. */
	function unhealthy(w: Worker, output: string): void {
		const events = ctx.recorders.get(m.node.name);
		const fieldPath = containerFieldPath(pod, w.p.container.name);
		events?.event(podRef(m), 'Warning', 'Unhealthy', `${w.p.type} probe failed: ${output.trim()}`, {
			fieldPath
		});
	}

	/** The result manager's Set, and what the kubelet does about it; false: the worker stops. */
	function set(w: Worker, ok: boolean): boolean {
		const name = w.p.container.name;
		switch (w.p.type) {
			case 'Readiness':
				if (probes.ready.get(name) !== ok) {
					probes.ready.set(name, ok);
					effects.changed(m);
				}
				return true;
			case 'Startup':
				if (ok) {
					probes.started.set(name, true);
					effects.changed(m);
					return false;
				}
				effects.kill(m, name, 'startup');
				return false;
			case 'Liveness':
				if (ok) return true;
				effects.kill(m, name, 'liveness');
				return false;
		}
	}
}
