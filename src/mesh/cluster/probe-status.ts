/**
 * Probe results in a running pod's status (prober_manager.go UpdatePodStatus, then
 * status/generate.go GeneratePodReadyCondition): a container is `started` once its startup probe
 * passed and `ready` once started and its readiness probe passes; the pod's ContainersReady and
 * Ready follow its containers. A condition keeps its lastTransitionTime while it holds.
 */
import type { ContainerStatus, PodCondition, PodStatus } from '../api/objects.ts';
import type { PodProbes } from './prober.ts';

function update(s: ContainerStatus, probes: PodProbes): ContainerStatus {
	if (!s.state?.running) return s;
	const started = probes.started.get(s.name) ?? true;
	const ready = started && (probes.ready.get(s.name) ?? true);
	return { ...s, ready, started };
}

/** `status` with `probes` applied; `before` (the stored status) keeps unchanged conditions' times. */
export function withProbes(
	status: PodStatus | undefined,
	probes: PodProbes | undefined,
	at: string,
	before?: PodStatus
): PodStatus | undefined {
	if (!status || !probes || status.phase !== 'Running') return status;
	const init = status.initContainerStatuses?.map((s) => (s.state?.running ? update(s, probes) : s));
	const apps = status.containerStatuses?.map((s) => update(s, probes));
	const running = [...(init ?? []).filter((s) => s.state?.running), ...(apps ?? [])];
	const unready = running.filter((s) => !s.ready).map((s) => s.name);
	const previous = (type: string) => before?.conditions?.find((c) => c.type === type);
	const readiness = (type: string): PodCondition => {
		const ok = unready.length === 0;
		const value = ok ? 'True' : 'False';
		const was = previous(type);
		const own = status.conditions?.find((x) => x.type === type)?.lastTransitionTime ?? at;
		const since = was ? (was.status === value ? (was.lastTransitionTime ?? at) : at) : own;
		const c: PodCondition = { type, status: value, lastTransitionTime: since };
		if (!ok) {
			c.reason = 'ContainersNotReady';
			c.message = `containers with unready status: [${unready.join(' ')}]`;
		}
		return c;
	};
	const conditions = (status.conditions ?? []).map((c) =>
		c.type === 'Ready' || c.type === 'ContainersReady' ? readiness(c.type) : c
	);
	return {
		...status,
		conditions,
		...(init ? { initContainerStatuses: init } : {}),
		...(apps ? { containerStatuses: apps } : {})
	};
}
