/**
 * The CronJob controller (kubernetes pkg/controller/cronjob/cronjob_controllerv2.go and utils.go,
 * v1.34), on sim time: at each scheduled minute it creates a Job named `<cronjob>-<minutes since
 * the Unix epoch>` from `jobTemplate` (Forbid skips a run while one is active, Replace deletes
 * it first), keeps `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, removes finished
 * Jobs past the history limits, and records its Events. A timer wakes it at the next run.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { CRON_JOBS, JOBS } from '../api/builtin-resources.ts';
import { nextRun, parseSchedule } from '../api/cron-schedule.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import { SIM_EPOCH_MS } from '../epoch.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ms } from '../types.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { keyOf, ownedBy, splitKey, WorkQueue } from './informers.ts';
import { controllerRef } from './pods.ts';

interface CronJob extends KubeObject {
	spec: {
		schedule: string;
		suspend?: boolean;
		concurrencyPolicy?: string;
		successfulJobsHistoryLimit?: number;
		failedJobsHistoryLimit?: number;
		jobTemplate: { metadata?: KubeObject['metadata']; spec: Record<string, unknown> };
	};
	status?: {
		active?: {
			apiVersion: string;
			kind: string;
			name: string;
			namespace: string;
			uid: string;
			resourceVersion: string;
		}[];
		lastScheduleTime?: string;
		lastSuccessfulTime?: string;
	};
}

type Condition = { type?: string; status?: string; lastTransitionTime?: string };
const finishedAs = (job: KubeObject): string | undefined =>
	((job.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find(
		(c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True'
	)?.type;

/** Unix ms of an RFC 3339 time the playground wrote. */
const unixMs = (t: string | undefined): number => (t ? Date.parse(t) : NaN);

interface CronContext {
	readonly api: ClusterApiServer;
	readonly events: EventRecorder;
	readonly runtime: Pick<Runtime, 'now' | 'after'>;
	/** Wakes the CronJob at Unix ms `at` (its next scheduled run). */
	readonly wakeAt: (cronJob: CronJob, at: number) => void;
}

/** `getJobFromTemplate2`: the Job for one scheduled time. */
function jobFor(cj: CronJob, scheduledMs: number): KubeObject {
	const template = clone(cj.spec.jobTemplate);
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {
			name: `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`,
			namespace: cj.metadata.namespace,
			labels: { ...template.metadata?.labels },
			annotations: {
				...template.metadata?.annotations,
				'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(scheduledMs)
					.toISOString()
					.replace(/\.\d{3}Z$/, 'Z')
			},
			ownerReferences: [
				{
					apiVersion: 'batch/v1',
					kind: 'CronJob',
					name: cj.metadata.name,
					uid: cj.metadata.uid,
					controller: true,
					blockOwnerDeletion: true
				}
			]
		},
		spec: template.spec
	} as unknown as KubeObject;
}

/** `cleanupFinishedJobs`: the oldest finished Jobs past each history limit go. */
function cleanup(ctx: CronContext, cj: CronJob, jobs: readonly KubeObject[]): void {
	for (const [type, limit] of [
		['Complete', cj.spec.successfulJobsHistoryLimit ?? 3],
		['Failed', cj.spec.failedJobsHistoryLimit ?? 1]
	] as const) {
		const done = jobs.filter((j) => finishedAs(j) === type);
		for (const j of done.slice(0, Math.max(0, done.length - limit)))
			if (!isApiError(ctx.api.delete(JOBS, j.metadata.namespace, j.metadata.name ?? '')))
				ctx.events.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
	}
}

/** `syncCronJob`. */
function syncCronJob(ctx: CronContext, cj: CronJob): void {
	const { api, events } = ctx;
	const nowMs = SIM_EPOCH_MS + ctx.runtime.now();
	const jobs = ownedBy<KubeObject>(api, JOBS, cj.metadata.uid ?? '').filter(
		(j) => j.metadata.namespace === cj.metadata.namespace
	);
	const status = { ...(cj.status ?? {}) };
	const active = jobs.filter((j) => !finishedAs(j));
	for (const j of jobs) {
		const was = (cj.status?.active ?? []).some((a) => a.uid === j.metadata.uid);
		const how = finishedAs(j);
		if (was && how) {
			events.event(
				cj,
				'Normal',
				'SawCompletedJob',
				`Saw completed job: ${j.metadata.name}, condition: ${how}`
			);
			if (how === 'Complete') status.lastSuccessfulTime = timestamp(ctx.runtime.now());
		}
	}
	const schedule = parseSchedule(cj.spec.schedule);
	if (!('error' in schedule) && !cj.spec.suspend) {
		const since = unixMs(status.lastScheduleTime ?? cj.metadata.creationTimestamp);
		const due = nextRun(schedule, since);
		if (due !== undefined && due <= nowMs) {
			const policy = cj.spec.concurrencyPolicy ?? 'Allow';
			if (policy === 'Forbid' && active.length > 0) {
				// Skipped: looked at again at the next run.
			} else {
				if (policy === 'Replace')
					for (const j of active.splice(0))
						if (!isApiError(api.delete(JOBS, j.metadata.namespace, j.metadata.name ?? '')))
							events.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
				const created = api.create(jobFor(cj, due));
				if (!isApiError(created)) {
					events.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
					active.push(created);
				} else if (created.reason !== 'AlreadyExists')
					events.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${created.message}`);
				status.lastScheduleTime = timestamp(ms(due - SIM_EPOCH_MS));
			}
		}
		const next = nextRun(schedule, Math.max(nowMs, unixMs(status.lastScheduleTime) || 0));
		if (next !== undefined) ctx.wakeAt(cj, next);
	}
	cleanup(ctx, cj, jobs);
	const refs = active.map((j) => ({
		apiVersion: 'batch/v1',
		kind: 'Job',
		name: j.metadata.name ?? '',
		namespace: j.metadata.namespace ?? '',
		resourceVersion: j.metadata.resourceVersion ?? '',
		uid: j.metadata.uid ?? ''
	}));
	const next = { ...status, ...(refs.length > 0 ? { active: refs } : {}) };
	if (refs.length === 0) delete next.active;
	if (JSON.stringify(next) === JSON.stringify(cj.status ?? {})) return;
	api.patch(CRON_JOBS, cj.metadata.namespace, cj.metadata.name ?? '', (draft) => {
		draft.status = next;
	});
}

export function createCronJobController(
	api: ClusterApiServer,
	events: EventRecorder,
	runtime: Pick<Runtime, 'now' | 'after'>
): Controller {
	const queue = new WorkQueue();
	const keysByUid = new Map<string, string>();
	const timers = new Map<string, number>();
	let wake = (): void => {};
	const ctx: CronContext = {
		api,
		events,
		runtime,
		wakeAt: (cj, at) => {
			const key = keyOf(cj);
			if (timers.get(key) === at) return;
			timers.set(key, at);
			void runtime.after?.(ms(Math.max(0, at - SIM_EPOCH_MS - runtime.now())), () => {
				if (timers.get(key) !== at) return;
				timers.delete(key);
				queue.add(key);
				wake();
			});
		}
	};
	const enqueueOwner = (job: KubeObject): void => {
		const key = keysByUid.get(controllerRef(job)?.uid ?? '');
		if (key) queue.add(key);
	};
	const existing = api.peek(CRON_JOBS);
	for (const cj of Array.isArray(existing) ? (existing as readonly KubeObject[]) : []) {
		keysByUid.set(cj.metadata.uid ?? '', keyOf(cj));
		queue.add(keyOf(cj));
	}
	api.addEventHandler(CRON_JOBS, {
		onAdd: (cj) => {
			keysByUid.set(cj.metadata.uid ?? '', keyOf(cj));
			queue.add(keyOf(cj));
		},
		onUpdate: (_, cj) => queue.add(keyOf(cj)),
		onDelete: (cj) => {
			keysByUid.delete(cj.metadata.uid ?? '');
			timers.delete(keyOf(cj));
		}
	});
	api.addEventHandler(JOBS, {
		onAdd: enqueueOwner,
		onUpdate: (_, job) => enqueueOwner(job),
		onDelete: enqueueOwner
	});
	return {
		name: 'cronjob',
		wants: (e: WatchEvent) => e.resource.group === 'batch',
		sync() {
			queue.process((key) => {
				const { namespace, name } = splitKey(key);
				const cj = api.peekObject(CRON_JOBS, namespace, name) as CronJob | undefined;
				if (cj) syncCronJob(ctx, cj);
			});
		},
		held: () => queue.size > 0,
		attach: (w) => {
			wake = w;
		}
	};
}
