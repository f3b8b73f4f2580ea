/**
 * Pod rows: READY, STATUS and RESTARTS computed as kubectl's printPod does (the first container
 * with a waiting/terminated reason wins; a deletionTimestamp shows `Terminating`). Sidecar
 * (restartable init) containers count in READY; an init container not yet started shows
 * `Init:0/1` (or `Init:<reason>`) until the pod is Initialized.
 */
import type { KubeObject, Pod } from '../../../mesh/api/objects.ts';
import { initContainersOf, isSidecarContainer } from '../../../mesh/api/pod-containers.ts';
import { ageColumn, field, NONE, str, type ColumnDef, type KindColumns } from './cells.ts';
import { humanDuration } from './duration.ts';

interface StatusLike {
	ready?: boolean;
	restartCount?: number;
	state?: {
		running?: unknown;
		waiting?: { reason?: string };
		terminated?: { reason?: string; exitCode?: number; signal?: number };
	};
	lastState?: { terminated?: { finishedAt?: string } };
}

export interface PodSummary {
	readonly ready: string;
	readonly status: string;
	readonly restarts: string;
}

export function podSummary(obj: KubeObject, nowMs: number): PodSummary {
	const pod = obj as Pod;
	const inits = pod.spec ? initContainersOf(pod) : [];
	const sidecars = inits.filter(isSidecarContainer);
	const apps = Array.isArray(pod.spec?.containers) ? pod.spec.containers.length : 0;
	const total = apps + sidecars.length;
	let statuses = (pod.status?.containerStatuses ?? []) as StatusLike[];
	let reason: string = str(pod.status?.phase, 'Pending');
	const podReason = field(pod, 'status', 'reason');
	if (typeof podReason === 'string' && podReason !== '') reason = podReason;
	let ready = 0;
	let restarts = 0;
	let sidecarRestarts = 0;
	let lastRestart: number | undefined;
	let hasRunning = false;
	let initializing = false;
	const initStatuses = (pod.status?.initContainerStatuses ?? []) as (StatusLike & {
		name?: string;
		started?: boolean;
	})[];
	for (const [i, cs] of initStatuses.entries()) {
		restarts += cs.restartCount ?? 0;
		const finished = cs.lastState?.terminated?.finishedAt;
		if (finished && !Number.isNaN(Date.parse(finished)))
			lastRestart = Math.max(lastRestart ?? 0, Date.parse(finished));
		const sidecar = sidecars.some((c) => c.name === cs.name);
		if (sidecar) sidecarRestarts += cs.restartCount ?? 0;
		const terminated = cs.state?.terminated;
		const waiting = cs.state?.waiting?.reason;
		if (terminated && terminated.exitCode === 0) continue;
		if (sidecar && cs.started === true) {
			if (cs.ready) ready++;
			continue;
		}
		initializing = true;
		if (terminated)
			reason = terminated.reason
				? `Init:${terminated.reason}`
				: `Init:ExitCode:${terminated.exitCode ?? 0}`;
		else if (waiting && waiting !== 'PodInitializing') reason = `Init:${waiting}`;
		else reason = `Init:${i}/${inits.length}`;
		break;
	}
	const initialized = (pod.status?.conditions ?? []).some(
		(c) => c.type === 'Initialized' && c.status === 'True'
	);
	// Still initializing: the app containers are not looked at (kubectl's printPod).
	if (initializing && !initialized) statuses = [];
	else restarts = sidecarRestarts;
	for (let i = statuses.length - 1; i >= 0; i--) {
		const cs = statuses[i] as StatusLike;
		restarts += cs.restartCount ?? 0;
		const finished = cs.lastState?.terminated?.finishedAt;
		if (finished && !Number.isNaN(Date.parse(finished)))
			lastRestart = Math.max(lastRestart ?? 0, Date.parse(finished));
		const waiting = cs.state?.waiting?.reason;
		const terminated = cs.state?.terminated;
		if (waiting) reason = waiting;
		else if (terminated?.reason) reason = terminated.reason;
		else if (terminated)
			reason = terminated.signal
				? `Signal:${terminated.signal}`
				: `ExitCode:${terminated.exitCode ?? 0}`;
		else if (cs.ready && cs.state?.running) {
			hasRunning = true;
			ready++;
		}
	}
	if (reason === 'Completed' && hasRunning) reason = 'Running';
	if (pod.metadata.deletionTimestamp) reason = podReason === 'NodeLost' ? 'Unknown' : 'Terminating';
	const restartText =
		lastRestart !== undefined && restarts > 0
			? `${restarts} (${humanDuration(nowMs - lastRestart)} ago)`
			: String(restarts);
	return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(o: KubeObject): string {
	const gates = field(o, 'spec', 'readinessGates');
	if (!Array.isArray(gates) || gates.length === 0) return NONE;
	const conditions = (field(o, 'status', 'conditions') ?? []) as {
		type?: string;
		status?: string;
	}[];
	const trueCount = gates.filter((g: { conditionType?: string }) =>
		conditions.some((c) => c.type === g.conditionType && c.status === 'True')
	).length;
	return `${trueCount}/${gates.length}`;
}

const cols: ColumnDef[] = [
	{ header: 'READY', cell: (o, c) => podSummary(o, c.nowMs).ready },
	{ header: 'STATUS', cell: (o, c) => podSummary(o, c.nowMs).status },
	{ header: 'RESTARTS', cell: (o, c) => podSummary(o, c.nowMs).restarts },
	ageColumn,
	{ header: 'IP', wide: true, cell: (o) => str(field(o, 'status', 'podIP')) },
	{ header: 'NODE', wide: true, cell: (o) => str(field(o, 'spec', 'nodeName')) },
	{
		header: 'NOMINATED NODE',
		wide: true,
		cell: (o) => str(field(o, 'status', 'nominatedNodeName'))
	},
	{ header: 'READINESS GATES', wide: true, cell: readinessGates }
];

export const POD_COLUMNS: KindColumns = { columns: cols };
