/**
 * Every `kubectl <verb>` the dispatcher (index.ts) knows. Read verbs are listed here by the
 * read-side owner; the write side (apply, create, delete, label, annotate, exec, logs, rollout,
 * wait, scale …) ADDS ITS VERBS TO THIS ARRAY: import the `KubectlVerb` from your file and append
 * it below the marker. Order does not matter: `kubectl --help` groups verbs by `group`.
 */
import { apiResourcesVerb } from './api-resources.ts';
import { clusterInfoVerb } from './cluster-info.ts';
import { configVerb } from './config.ts';
import { describeVerb } from './describe.ts';
import { eventsVerb } from './events.ts';
import { explainVerb } from './explain.ts';
import { getVerb } from './get.ts';
import type { KubectlVerb } from './verb.ts';
import { versionVerb } from './version.ts';
// write side
import { annotateVerb } from './annotate.ts';
import { applyVerb } from './apply.ts';
import { createVerb } from './create.ts';
import { debugVerb } from './debug.ts';
import { deleteVerb } from './delete.ts';
import { editVerb } from './edit.ts';
import { execVerb } from './exec.ts';
import { kustomizeVerb } from './kustomize.ts';
import { labelVerb } from './label.ts';
import { logsVerb } from './logs.ts';
import { patchVerb } from './patch.ts';
import { portForwardVerb } from './port-forward.ts';
import { rolloutVerb } from './rollout.ts';
import { runVerb } from './run.ts';
import { scaleVerb } from './scale.ts';
import { setVerb } from './set.ts';
import { waitVerb } from './wait.ts';

export type { KubectlVerb } from './verb.ts';

export const verbs: readonly KubectlVerb[] = [
	// read side
	getVerb,
	describeVerb,
	eventsVerb,
	explainVerb,
	apiResourcesVerb,
	versionVerb,
	clusterInfoVerb,
	configVerb,
	// write side
	applyVerb,
	createVerb,
	deleteVerb,
	editVerb,
	labelVerb,
	annotateVerb,
	execVerb,
	debugVerb,
	logsVerb,
	patchVerb,
	portForwardVerb,
	rolloutVerb,
	runVerb,
	scaleVerb,
	setVerb,
	waitVerb,
	kustomizeVerb
];

/** Finds a verb by name or alias. */
export function findVerb(name: string): KubectlVerb | undefined {
	return verbs.find((v) => v.name === name || v.aliases?.includes(name));
}
