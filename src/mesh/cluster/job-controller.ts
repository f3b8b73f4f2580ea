/**
 * The Job controller (kubernetes pkg/controller/job/job_controller.go, v1.34; NonIndexed jobs):
 * runs `parallelism` pods at a time, named `<job>-<5 chars>`, until `completions` succeeded, or
 * fails the Job once more pods failed than `backoffLimit` allows (for `restartPolicy: OnFailure`,
 * container restarts count). On success it sets `SuccessCriteriaMet` then `Complete`, on failure
 * `FailureTarget` then `Failed` (both pairs reason-coded as v1.34 does), with its Events.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { JOBS, PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { Rng } from '../random.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ms, type SimMillis } from '../types.ts';
import { SIM_EPOCH_MS } from '../epoch.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { keyOf, ownedBy, podNames, splitKey, WorkQueue } from './informers.ts';
import { createPodWithControllerRef } from './pod-control.ts';
import { controllerRef } from './pods.ts';

interface JobCondition {
	type: string;
	status: string;
	lastProbeTime: string;
	lastTransitionTime: string;
	reason: string;
	message: string;
}

interface Job extends KubeObject {
	spec: {
		parallelism?: number;
		completions?: number;
		backoffLimit?: number;
		suspend?: boolean;
		template: { metadata?: KubeObject['metadata']; spec: Pod['spec'] };
	};
	status?: {
		active?: number;
		ready?: number;
		succeeded?: number;
		failed?: number;
		terminating?: number;
		startTime?: string;
		completionTime?: string;
		conditions?: JobCondition[];
		uncountedTerminatedPods?: Record<string, unknown>;
	};
}

const isFinished = (job: Job): boolean =>
	(job.status?.conditions ?? []).some(
		(c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True'
	);

const isActive = (p: Pod): boolean =>
	p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;

const isReady = (p: Pod): boolean =>
	(p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

const restarts = (p: Pod): number =>
	(p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);

/** `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff` (job_controller.go). */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

/** What one sync reads and writes. */
interface JobContext {
	readonly api: ClusterApiServer;
	readonly rng: Rng;
	readonly events: EventRecorder;
	readonly now: () => SimMillis;
	readonly taken: ReturnType<typeof podNames>;
	/** Looks at the Job again after `delay` (a failed pod's back-off). */
	readonly requeueAfter: (job: Job, delay: number) => void;
}

function condition(ctx: JobContext, type: string, reason: string, message: string): JobCondition {
	const at = timestamp(ctx.now());
	return { type, status: 'True', lastProbeTime: at, lastTransitionTime: at, reason, message };
}

/** When the last failed pod's containers finished (the back-off counts from there). */
function lastFailure(pods: readonly Pod[]): number {
	let last = 0;
	for (const p of pods)
		if (p.status?.phase === 'Failed')
			for (const c of p.status.containerStatuses ?? []) {
				const at = Date.parse(c.state?.terminated?.finishedAt ?? '');
				if (at > last) last = at;
			}
	return last;
}

/** Pods to make now: up to `parallelism` running, after the back-off of the last failure. */
function manageJob(
	ctx: JobContext,
	job: Job,
	pods: readonly Pod[],
	succeeded: number,
	failed: number
): void {
	const completions = job.spec.completions ?? 1;
	const parallelism = job.spec.parallelism ?? 1;
	const active = pods.filter(isActive).length;
	const want = Math.min(parallelism, completions - succeeded) - active;
	if (want <= 0 || job.spec.suspend) return;
	if (failed > 0) {
		const delay = Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS);
		const wait = lastFailure(pods) + delay - (SIM_EPOCH_MS + ctx.now());
		if (wait > 0) {
			ctx.requeueAfter(job, wait);
			return;
		}
	}
	for (let i = 0; i < want; i++) createPodWithControllerRef(ctx, job, 'batch/v1', 'Job');
}

/** `syncJob`: count the pods, make or remove some, then write the status. */
function syncJob(ctx: JobContext, job: Job): void {
	if (isFinished(job)) return;
	const { api, events } = ctx;
	const owned = (): Pod[] =>
		ownedBy<Pod>(api, PODS, job.metadata.uid ?? '').filter(
			(p) => p.metadata.namespace === job.metadata.namespace
		);
	const pods = owned();
	const active = pods.filter(isActive);
	const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
	const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
	const backoffLimit = job.spec.backoffLimit ?? 6;
	const onFailure = job.spec.template.spec.restartPolicy === 'OnFailure';
	const status = { ...(job.status ?? {}) };
	status.startTime ??= timestamp(ctx.now());
	const conditions = [...(status.conditions ?? [])];

	const complete = succeeded >= (job.spec.completions ?? 1);
	const restarted = onFailure ? active.reduce((n, p) => n + restarts(p), 0) : 0;
	const pastBackoff = failed + restarted > backoffLimit;
	if (complete) {
		const message = 'Reached expected number of succeeded pods';
		conditions.push(condition(ctx, 'SuccessCriteriaMet', 'CompletionsReached', message));
		conditions.push(condition(ctx, 'Complete', 'CompletionsReached', message));
		status.completionTime = timestamp(ctx.now());
		events.event(job, 'Normal', 'Completed', 'Job completed');
	} else if (pastBackoff) {
		const message = 'Job has reached the specified backoff limit';
		for (const p of active)
			if (!isApiError(api.delete(PODS, p.metadata.namespace, p.metadata.name)))
				events.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
		conditions.push(condition(ctx, 'FailureTarget', 'BackoffLimitExceeded', message));
		conditions.push(condition(ctx, 'Failed', 'BackoffLimitExceeded', message));
		events.event(job, 'Warning', 'BackoffLimitExceeded', message);
	} else manageJob(ctx, job, pods, succeeded, failed);
	const finished = complete || pastBackoff;
	const running = owned().filter(isActive);
	const next: NonNullable<Job['status']> = {
		...status,
		...(finished || running.length === 0 ? {} : { active: running.length }),
		ready: finished ? 0 : running.filter(isReady).length,
		...(succeeded > 0 ? { succeeded } : {}),
		...(failed > 0 ? { failed } : {}),
		terminating: 0,
		uncountedTerminatedPods: {},
		...(conditions.length > 0 ? { conditions } : {})
	};
	if (finished || running.length === 0) delete next.active;
	if (JSON.stringify(next) === JSON.stringify(job.status ?? {})) return;
	api.patch(JOBS, job.metadata.namespace, job.metadata.name ?? '', (draft) => {
		draft.status = next;
	});
}

export function createJobController(
	api: ClusterApiServer,
	rng: Rng,
	events: EventRecorder,
	runtime: Pick<Runtime, 'now' | 'after'>
): Controller {
	const queue = new WorkQueue();
	const keysByUid = new Map<string, string>();
	let wake = (): void => {};
	const ctx: JobContext = {
		api,
		rng,
		events,
		now: () => runtime.now(),
		taken: podNames(api),
		requeueAfter: (job, delay) =>
			void runtime.after?.(ms(delay), () => {
				queue.add(keyOf(job));
				wake();
			})
	};
	const enqueueOwner = (pod: KubeObject): void => {
		const key = keysByUid.get(controllerRef(pod)?.uid ?? '');
		if (key) queue.add(key);
	};
	const existing = api.peek(JOBS);
	for (const job of Array.isArray(existing) ? (existing as readonly KubeObject[]) : []) {
		keysByUid.set(job.metadata.uid ?? '', keyOf(job));
		queue.add(keyOf(job));
	}
	api.addEventHandler(JOBS, {
		onAdd: (job) => {
			keysByUid.set(job.metadata.uid ?? '', keyOf(job));
			queue.add(keyOf(job));
		},
		onUpdate: (_, job) => queue.add(keyOf(job)),
		onDelete: (job) => keysByUid.delete(job.metadata.uid ?? '')
	});
	api.addEventHandler(PODS, {
		onAdd: enqueueOwner,
		onUpdate: (old, pod) => {
			enqueueOwner(old);
			enqueueOwner(pod);
		},
		onDelete: enqueueOwner
	});
	return {
		name: 'job',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'batch' && e.resource.kind === 'Job') ||
			(e.resource.group === '' && e.resource.kind === 'Pod'),
		sync() {
			queue.process((key) => {
				const { namespace, name } = splitKey(key);
				const job = api.peekObject(JOBS, namespace, name) as Job | undefined;
				if (job) syncJob(ctx, job);
			});
		},
		// A back-off timer that fired queues its Job: a later pass syncs it.
		held: () => queue.size > 0,
		attach: (w) => {
			wake = w;
		}
	};
}
