/**
 * batch/v1 Job on the API server: the Job strategy's PrepareForCreate (kubernetes
 * pkg/registry/batch/job/strategy.go `generateSelectorIfNeeded`: a selector on the Job's uid and
 * the labels it matches on the pod template), `SetDefaults_Job` (pkg/apis/batch/v1/defaults.go)
 * and the part of `ValidateJob` a learner meets first (pkg/apis/batch/validation).
 */
import { parseSchedule } from './cron-schedule.ts';
import { isPlainObject } from './deep.ts';
import { invalid, notSupported, required, type FieldError } from './field-errors.ts';
import type { KubeObject } from './objects.ts';

type Obj = Record<string, unknown>;

const obj = (parent: Obj, key: string): Obj => {
	if (!isPlainObject(parent[key])) parent[key] = {};
	return parent[key] as Obj;
};

/** The labels a Job's pods carry (`batch.kubernetes.io/…` and the legacy unprefixed pair). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/** PrepareForCreate: the generated selector and template labels (unless `manualSelector`). */
export function prepareJob(job: KubeObject): void {
	const spec = obj(job as unknown as Obj, 'spec');
	if (spec.manualSelector === true) return;
	const uid = job.metadata.uid ?? '';
	const name = job.metadata.name ?? '';
	const template = obj(spec, 'template');
	const labels = obj(obj(template, 'metadata'), 'labels');
	labels[CONTROLLER_UID_LABEL] = uid;
	labels[JOB_NAME_LABEL] = name;
	labels['controller-uid'] = uid;
	labels['job-name'] = name;
	if (spec.selector === undefined) spec.selector = { matchLabels: { [CONTROLLER_UID_LABEL]: uid } };
}

/** SetDefaults_Job. */
export function defaultJob(job: KubeObject): void {
	const spec = obj(job as unknown as Obj, 'spec');
	if (spec.completions === undefined && spec.parallelism === undefined) {
		spec.completions = 1;
		spec.parallelism = 1;
	}
	if (spec.parallelism === undefined) spec.parallelism = 1;
	if (spec.backoffLimit === undefined) spec.backoffLimit = 6;
	if (spec.completionMode === undefined) spec.completionMode = 'NonIndexed';
	if (spec.suspend === undefined) spec.suspend = false;
	if (spec.manualSelector === undefined && spec.selector !== undefined) {
		// Left unset, as the server leaves it.
	}
	if (spec.podReplacementPolicy === undefined) spec.podReplacementPolicy = 'TerminatingOrFailed';
}

const at = (o: unknown, key: string): Obj =>
	isPlainObject(o) && isPlainObject(o[key]) ? (o[key] as Obj) : {};

/** The restartPolicy check of ValidateJobSpec: a Job's pods must not restart forever. */
export function validateJob(job: KubeObject, prefix = 'spec'): FieldError[] {
	const spec = prefix === 'spec' ? at(job, 'spec') : at(at(job, 'spec'), 'jobTemplate').spec;
	const policy = at(at(spec, 'template'), 'spec').restartPolicy;
	const path = `${prefix}.template.spec.restartPolicy`;
	if (policy === undefined || policy === '') return [required(path)];
	if (policy !== 'OnFailure' && policy !== 'Never')
		return [notSupported(path, policy, ['OnFailure', 'Never'])];
	return [];
}

/** SetDefaults_CronJob (and the Job defaults of its template). */
export function defaultCronJob(cronJob: KubeObject): void {
	const spec = obj(cronJob as unknown as Obj, 'spec');
	if (spec.concurrencyPolicy === undefined) spec.concurrencyPolicy = 'Allow';
	if (spec.suspend === undefined) spec.suspend = false;
	if (spec.successfulJobsHistoryLimit === undefined) spec.successfulJobsHistoryLimit = 3;
	if (spec.failedJobsHistoryLimit === undefined) spec.failedJobsHistoryLimit = 1;
	const jobSpec = obj(obj(spec, 'jobTemplate'), 'spec');
	if (jobSpec.backoffLimit === undefined) jobSpec.backoffLimit = 6;
	if (jobSpec.completionMode === undefined) jobSpec.completionMode = 'NonIndexed';
	if (jobSpec.suspend === undefined) jobSpec.suspend = false;
	if (jobSpec.podReplacementPolicy === undefined)
		jobSpec.podReplacementPolicy = 'TerminatingOrFailed';
}

/** ValidateCronJobSpec: the schedule parses (robfig/cron's words), no TZ in it, the template's policy. */
export function validateCronJob(cronJob: KubeObject): FieldError[] {
	const spec = at(cronJob, 'spec');
	const errs: FieldError[] = [];
	const schedule = spec.schedule;
	if (typeof schedule !== 'string' || schedule === '') errs.push(required('spec.schedule'));
	else {
		const parsed = parseSchedule(schedule);
		if ('error' in parsed) errs.push(invalid('spec.schedule', schedule, parsed.error));
		if (schedule.includes('TZ'))
			errs.push(
				invalid(
					'spec.schedule',
					schedule,
					'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'
				)
			);
	}
	return [...errs, ...validateJob(cronJob, 'spec.jobTemplate.spec')];
}
