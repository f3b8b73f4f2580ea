/**
 * The started embed: opens its lesson through the LessonChannel once the terminal is up, runs
 * the author's start commands visibly, forwards the lesson's activity and the learner's commands
 * to the page, acts on goto/reset/run, and pauses a mesh that has been out of view.
 */
import type { LessonChannel } from '../../lessons/activity.ts';
import type { CommandLog } from '../../lessons/command-log.ts';
import type { Cluster } from '../../mesh/cluster.ts';
import { isPausable } from '../../mesh/runtime/stepping.ts';
import type { Pty } from '../../shell/pty-types.ts';
import {
	MAX_QUEUED_ACTIONS,
	tooManyActions,
	type ActionMessage,
	type EmbedBridge
} from './embed-bridge.svelte.ts';

/** Out of view this long, the mesh pauses (its clocks stop; nothing is lost). */
export const PAUSE_AFTER_MS = 10_000;
const TYPE_TIMEOUT_MS = 60_000;

export class EmbedSession {
	/** The embed paused its mesh because it was out of view. */
	paused = $state(false);
	/** Set once `ready` was sent. */
	ready = $state(false);
	readonly #bridge: EmbedBridge;
	readonly #channel: LessonChannel;
	readonly #log: CommandLog;
	#pty: Pty | undefined;
	#pauseTimer: ReturnType<typeof setTimeout> | undefined;
	#cluster: Cluster | undefined;
	/**
	 * The page's actions (start commands, `run`, `goto`, `reset`) go one at a time, in the order
	 * sent: a `run` after a `goto` types into the step the page asked for, not into a replay.
	 */
	#queue: Promise<void> = Promise.resolve();
	/** Tasks in `#queue` not finished yet. */
	#waiting = 0;

	constructor(bridge: EmbedBridge, channel: LessonChannel, log: CommandLog) {
		this.#bridge = bridge;
		this.#channel = channel;
		this.#log = log;
	}

	/** Forwards activity and commands to the page; returns the cleanup. */
	forward(): () => void {
		const offActivity = this.#channel.subscribe((a) => {
			if (a.type === 'step' || a.type === 'check' || a.type === 'complete') this.#bridge.post(a);
		});
		const offLog = this.#log.subscribe((r) => {
			if (r.by === 'learner')
				this.#bridge.post({ type: 'command', text: r.command, exitCode: r.exitCode });
		});
		return () => {
			offActivity();
			offLog();
		};
	}

	/** The terminal's pty, new after each restart of the mesh (a `goto` back, `reset`). */
	attach(pty: Pty | undefined): void {
		this.#pty = pty;
	}

	/** The terminal is attached to `pty`: open the lesson, say `ready`, run the start commands. */
	async begin(pty: Pty, hasLesson: boolean): Promise<void> {
		this.#pty = pty;
		const { config, inline } = this.#bridge;
		let opened: { lesson: string; step: number } | undefined;
		if (hasLesson) {
			const control = await this.#channel.control();
			// No `step`: where this origin's learner left off.
			const step = config.step;
			const problem = inline?.error
				? `the inline lesson could not be read: ${inline.error}`
				: inline?.markdown !== undefined
					? await control.openText(inline.markdown, 'inline lesson', step)
					: config.lessonUrl
						? control.openUrl
							? await control.openUrl(config.lessonUrl, step)
							: 'this playground cannot open lessons from a URL'
						: config.lesson
							? await control.open(config.lesson, step)
							: undefined;
			if (problem) this.#bridge.error(problem);
			opened = control.current();
		}
		this.#bridge.flushUrlProblems();
		this.#bridge.post({
			type: 'ready',
			lesson: opened?.lesson ?? null,
			step: opened?.step ?? null
		});
		this.ready = true;
		for (const c of config.commands) void this.type(c);
	}

	/** Runs `task` after every action queued before it. */
	#enqueue(task: () => Promise<void>): Promise<void> {
		this.#waiting++;
		const next = this.#queue.then(task, task).finally(() => this.#waiting--);
		this.#queue = next;
		return next;
	}

	/**
	 * Types `text` into the terminal, lines as separate Enters (a heredoc arrives as written), and
	 * waits for it to finish (the command log records it).
	 */
	type(text: string): Promise<void> {
		return this.#enqueue(
			() =>
				new Promise<void>((resolve) => {
					const pty = this.#pty;
					if (!pty) return resolve();
					// A line the shell records nothing for (blank, a syntax error) must not block the
					// queue for ever.
					const timer = setTimeout(done, TYPE_TIMEOUT_MS);
					const off = this.#log.subscribe(done);
					function done(): void {
						clearTimeout(timer);
						off();
						resolve();
					}
					pty.write(text.replace(/\r?\n/g, '\r') + '\r');
				})
		);
	}

	act(m: ActionMessage): Promise<void> {
		// Each run may wait up to a minute for its command: a page that floods runs is refused.
		if (this.#waiting >= MAX_QUEUED_ACTIONS) {
			this.#bridge.error(tooManyActions(m.type));
			return Promise.resolve();
		}
		if (m.type === 'run') return this.type(m.text);
		return this.#enqueue(async () => {
			const control = await this.#channel.control();
			const problem = m.type === 'goto' ? await control.goTo(m.step) : await control.reset(m.scope);
			if (problem) this.#bridge.error(problem);
		});
	}

	/** The mesh the embed runs (boot, restart). */
	follow(cluster: Cluster | undefined): void {
		this.#cluster = cluster;
		this.paused = false;
	}

	/** In view or not: a mesh out of view for PAUSE_AFTER_MS pauses, and resumes. */
	visibility(visible: boolean): void {
		clearTimeout(this.#pauseTimer);
		const runtime = this.#cluster?.runtime;
		if (!runtime || !isPausable(runtime)) return;
		if (visible) {
			if (this.paused && runtime.paused) runtime.resume();
			this.paused = false;
			return;
		}
		this.#pauseTimer = setTimeout(() => {
			// A mesh the learner paused in step mode is theirs: leave it be.
			if (runtime.paused) return;
			runtime.pause();
			this.paused = true;
		}, PAUSE_AFTER_MS);
	}

	dispose(): void {
		clearTimeout(this.#pauseTimer);
	}
}
