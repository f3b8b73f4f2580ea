/**
 * What the engine needs from the place a lesson runs: the cluster, a way to run commands (unseen
 * for setup replays, seen for Solve), the command log, and a fresh start. The headless host
 * (headless-host.ts) backs lessons:check, `npm run sim -- --lesson` and tests; the page's host
 * (src/ui/lesson) types commands into the terminal's pty.
 */
import type { Cluster } from '../mesh/cluster.ts';
import type { Scenario } from '../shell/playground.ts';
import type { CommandLog, CommandRecord } from './command-log.ts';
import type { LookView } from './types.ts';

export interface RunOptions {
	readonly signal?: AbortSignal;
}

export interface LessonHost {
	/** The cluster now: a restart replaces it. */
	readonly cluster: Cluster;
	readonly log: CommandLog;
	/**
	 * Runs a command line without showing it (setup replays); logged as the engine's. `signal`
	 * is the command's Ctrl-C: the engine fires it when setup runs out of time or the lesson
	 * closes, and the command ends (exit code 130).
	 */
	run(command: string, options?: RunOptions): Promise<CommandRecord>;
	/** Runs a command line where the learner sees it (Solve, "run" buttons). */
	show(command: string): Promise<CommandRecord>;
	/**
	 * Replaces the cluster with a fresh one booted with `scenario`. Resolves false when this host
	 * cannot (the page without a restart hook): the caller then reloads instead.
	 */
	restart(scenario: Scenario, seed: number): Promise<boolean>;
	/** Puts a view on show (Solve on a look step); a host without views leaves it out. */
	look?(view: LookView): void;
}
