/**
 * What the page's current cluster has been through, so opening a lesson starts it from the
 * lesson's own state without losing the learner's sandbox work unasked:
 * - `as-is`: the cluster is as the page booted it, which is the lesson's start (a deep link);
 * - `restart`: a lesson used it (its state is the lesson's, rebuilt by replay), or it is not the
 *   lesson's scenario; nothing of the learner's is lost;
 * - `ask`: the learner changed it in the sandbox; replacing it needs their yes.
 */
import type { CommandRecord } from '../../lessons/command-log.ts';
import type { Scenario } from '../../shell/playground.ts';

export type LessonStart = 'as-is' | 'restart' | 'ask';

/** The scenario the page boots (src/platform/boot.ts). */
export const BOOT_SCENARIO: Scenario = 'bookinfo';

// kubectl verbs that write to the API server; every other verb only reads (get, describe, logs,
// exec, port-forward, wait …).
const KUBECTL_WRITES = new Set([
	'apply',
	'create',
	'delete',
	'label',
	'annotate',
	'scale',
	'rollout',
	'patch',
	'replace',
	'set',
	'expose',
	'run',
	'edit',
	'taint',
	'cordon',
	'uncordon',
	'drain',
	'autoscale'
]);
// istioctl's writes: install, uninstall, waypoint apply|delete (and `x waypoint …`).
const ISTIOCTL_WRITES = new Set(['install', 'uninstall', 'upgrade', 'apply', 'delete']);
// kubectl flags that take a separate value, so the value is not read as the verb.
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server']);

// Words before a simple command's program (`for …; do kubectl …`, `{ kubectl …; }`).
const KEYWORDS = new Set(['do', 'then', 'else', '{', '(', '!', 'time']);

function verbOf(words: readonly string[]): string | undefined {
	for (let i = 0; i < words.length; i++) {
		const w = words[i]!;
		if (VALUE_FLAGS.has(w)) i++;
		else if (!w.startsWith('-')) return w;
	}
	return undefined;
}

/** Whether a command line may have changed the cluster's objects (not only read them). */
export function mayChangeCluster(line: string): boolean {
	// Each simple command of pipes, lists, loops and substitutions, roughly: enough to find the
	// program and its verb, which is all this needs.
	for (const part of line.split(/\|\||&&|[|;&\n`]|\$\(/)) {
		const words = part.trim().split(/\s+/);
		const at = words.findIndex((w) => !KEYWORDS.has(w) && !/^\w+=/.test(w));
		const args = words.slice(at + 1);
		if (words[at] === 'kubectl' && KUBECTL_WRITES.has(verbOf(args) ?? '')) return true;
		if (words[at] === 'istioctl' && args.some((w) => ISTIOCTL_WRITES.has(w))) return true;
	}
	return false;
}

export class ClusterUse {
	#cluster: unknown;
	#usedByLesson = false;
	#sandboxChanges = 0;

	/** The page's cluster now; a different one than before starts with a clean record. */
	cluster(cluster: unknown): void {
		if (cluster === this.#cluster) return;
		this.#cluster = cluster;
		this.#usedByLesson = false;
		this.#sandboxChanges = 0;
	}

	/** A lesson set this cluster up (or ran on it). */
	lessonRan(): void {
		this.#usedByLesson = true;
	}

	/** A command the terminal ran; `lessonOpen`: while a lesson was open (its own work). */
	command(record: CommandRecord, lessonOpen: boolean): void {
		if (record.by !== 'learner' || lessonOpen) return;
		if (mayChangeCluster(record.command)) this.#sandboxChanges++;
	}

	/** Sandbox commands that may have changed the cluster since it started. */
	get sandboxChanges(): number {
		return this.#sandboxChanges;
	}

	/** How a lesson of `scenario` should start on this cluster. */
	start(scenario: Scenario, lessonOpen: boolean): LessonStart {
		if (this.#sandboxChanges > 0) return 'ask';
		if (lessonOpen || this.#usedByLesson || scenario !== BOOT_SCENARIO) return 'restart';
		return 'as-is';
	}
}
