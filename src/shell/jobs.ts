/**
 * bash's job table (jobs.c): the background jobs `cmd &` starts, their numbers, `+`/`-` marks,
 * states and the lines `jobs` and the prompt's notifications print. Formats are bash 5.2's
 * (jobs.c print_pipeline, pretty_print_job, printable_job_status; jobs.h LONGEST_SIGNAL_DESC 24).
 * A job is a promise the interpreter runs with its own AbortSignal: a signal ends it at once
 * (its later output is dropped, as a dead process writes nothing), whatever the command does.
 */
import { signalBySpec } from './signals.ts';
import { HOME } from './vfs-impl.ts';

/**
 * Jobs one shell runs at once: the playground's `ulimit -u` (docs/limits.md). Past it, `cmd &`
 * fails as a fork does when the process limit is reached.
 */
export const MAX_RUNNING_JOBS = 256;

/** `$$` of every shell here; background jobs' pids count up from it. */
export const SHELL_PID = 4242;

/** A signal's name without `SIG` (../signals.ts). */
export type SignalName = string;

export type JobStatus =
	| { readonly type: 'running' }
	| { readonly type: 'exited'; readonly code: number }
	| { readonly type: 'signaled'; readonly signal: SignalName };

export interface Job {
	/** The job number, `%1`. */
	readonly id: number;
	readonly pid: number;
	/** The command as typed, without its `&`. */
	readonly command: string;
	/** The working directory it started in (bash prints `(wd: …)` when the shell's differs). */
	readonly wd: string;
	readonly status: JobStatus;
	/** Resolves with the job's exit status ($?: 128+N after signal N) once it ended. */
	readonly ended: Promise<number>;
}

/** jobs.h LONGEST_SIGNAL_DESC in bash 5.2: the status column's width. */
const STATUS_WIDTH = 24;

/** The `$?` of a status. */
export function exitStatus(status: JobStatus): number {
	if (status.type === 'exited') return status.code;
	if (status.type === 'signaled') return 128 + (signalBySpec(status.signal)?.number ?? 0);
	return 0;
}

/** printable_job_status: `Running`, `Done`, `Exit 2`, `Terminated`. */
function statusText(status: JobStatus): string {
	if (status.type === 'running') return 'Running';
	if (status.type === 'signaled') return signalBySpec(status.signal)?.text ?? status.signal;
	return status.code === 0 ? 'Done' : `Exit ${status.code}`;
}

/** polite_directory_format: `$HOME` as `~`. */
function polite(dir: string): string {
	return dir === HOME || dir.startsWith(`${HOME}/`) ? `~${dir.slice(HOME.length)}` : dir;
}

interface Entry {
	readonly job: Job;
	status: JobStatus;
	notified: boolean;
	readonly controller: AbortController;
	readonly resolve: (code: number) => void;
}

/** How a job runs: `signal` aborts when it is killed; `live()` turns false once it is dead. */
export type JobRun = (signal: AbortSignal, live: () => boolean) => Promise<number>;

export type JobLookup = Job | { readonly error: string };

export class JobTable {
	readonly #entries: Entry[] = [];
	/** Most recently started or foregrounded first: [0] is `%+`, [1] is `%-`. */
	#recent: Entry[] = [];
	/** `$!`: the last background job's pid. */
	lastPid: number | undefined;

	constructor(
		/** Only an interactive shell prints `[1] PID` and notifications. */
		readonly interactive: boolean,
		readonly nextPid: () => number
	) {}

	/** Jobs still running. */
	running(): number {
		return this.#entries.filter((e) => e.status.type === 'running').length;
	}

	/**
	 * Starts `run` as job N (one past the highest still in the table, as interactive bash counts);
	 * undefined when MAX_RUNNING_JOBS run already. A non-interactive shell, which reports no
	 * endings, forgets its ended jobs once the table holds that many.
	 */
	start(command: string, wd: string, run: JobRun): Job | undefined {
		if (this.#entries.length >= MAX_RUNNING_JOBS && !this.interactive)
			for (const e of this.#entries.filter((x) => x.status.type !== 'running')) this.remove(e.job);
		if (this.running() >= MAX_RUNNING_JOBS) return undefined;
		const id = (this.#entries.at(-1)?.job.id ?? 0) + 1;
		const pid = this.nextPid();
		const controller = new AbortController();
		let resolve = (_: number): void => {};
		const ended = new Promise<number>((r) => (resolve = r));
		const entry: Entry = {
			job: undefined as unknown as Job,
			status: { type: 'running' },
			notified: false,
			controller,
			resolve
		};
		const job: Job = {
			id,
			pid,
			command,
			wd,
			get status() {
				return entry.status;
			},
			ended
		};
		(entry as { job: Job }).job = job;
		this.#entries.push(entry);
		this.#recent.unshift(entry);
		this.lastPid = pid;
		const live = (): boolean => entry.status.type === 'running';
		// A microtask later, as a forked child runs after the parent's `[1] PID` line.
		void Promise.resolve()
			.then(() => run(controller.signal, live))
			.then(
				(code) => this.#end(entry, { type: 'exited', code }),
				() => this.#end(entry, { type: 'exited', code: 1 })
			);
		return job;
	}

	#end(entry: Entry, status: JobStatus): void {
		if (entry.status.type !== 'running') return;
		entry.status = status;
		entry.resolve(exitStatus(status));
	}

	/** Sends `signal`: the job ends with it at once (SIGTERM's and SIGKILL's default action). */
	kill(job: Job, signal: SignalName): void {
		const entry = this.#entry(job);
		if (!entry || entry.status.type !== 'running') return;
		this.#end(entry, { type: 'signaled', signal });
		entry.controller.abort(signal);
	}

	/** Every job, by number. */
	list(): readonly Job[] {
		return this.#entries.map((e) => e.job);
	}

	/**
	 * wait_for_any_job's first pick: among `among` (every job without it), one that ended and was
	 * not reported yet, by number.
	 */
	endedUnreported(among?: readonly Job[]): Job | undefined {
		return this.#entries.find(
			(e) =>
				!e.notified && e.status.type !== 'running' && (among === undefined || among.includes(e.job))
		)?.job;
	}

	byPid(pid: number): Job | undefined {
		return this.#entries.find((e) => e.job.pid === pid)?.job;
	}

	/** The job a jobspec names (`%1`, `%%`, `%+`, `%-`, `%kube`, `%?forward`); `current` for none. */
	find(spec: string | undefined): JobLookup {
		if (spec === undefined || spec === '%%' || spec === '%+' || spec === '%') {
			const job = this.#recent[0]?.job;
			return job ?? { error: `${spec ?? 'current'}: no such job` };
		}
		if (spec === '%-') {
			const job = (this.#recent[1] ?? this.#recent[0])?.job;
			return job ?? { error: `${spec}: no such job` };
		}
		const body = spec.startsWith('%') ? spec.slice(1) : spec;
		if (/^\d+$/.test(body)) {
			const job = this.#entries.find((e) => e.job.id === Number(body))?.job;
			return job ?? { error: `${spec}: no such job` };
		}
		const contains = body.startsWith('?');
		const text = contains ? body.slice(1) : body;
		const matches = this.#entries.filter((e) =>
			contains ? e.job.command.includes(text) : e.job.command.startsWith(text)
		);
		if (matches.length > 1) return { error: `${spec}: ambiguous job spec` };
		return matches[0]?.job ?? { error: `${spec}: no such job` };
	}

	/** pretty_print_job: `[1]+  Running                 cmd &`; `long` adds the pid (`jobs -l`). */
	format(job: Job, cwd: string, long = false): string {
		const mark = this.#recent[0]?.job === job ? '+' : this.#recent[1]?.job === job ? '-' : ' ';
		const status = statusText(job.status);
		const pad = ' '.repeat(Math.abs(STATUS_WIDTH - status.length));
		const head = long
			? `[${job.id}]${mark} ${String(job.pid).padStart(5)} `
			: `[${job.id}]${mark}  `;
		const bg = job.status.type === 'running' ? ' &' : '';
		const wd = job.wd !== cwd ? `  (wd: ${polite(job.wd)})` : '';
		return `${head}${status}${pad}${job.command}${bg}${wd}\n`;
	}

	/**
	 * `jobs`: the named jobs (every job without names) in `format`'s lines; the dead ones among
	 * them are then reported and leave the table, as after a notification.
	 */
	report(jobs: readonly Job[], line: (job: Job) => string): string {
		const out = jobs.map(line).join('');
		for (const job of jobs) if (job.status.type !== 'running') this.remove(job);
		return out;
	}

	/**
	 * The notifications bash prints before a prompt (notify_of_job_status): a line for each
	 * job that ended since, then `(wd now: …)` when the shell's directory moved; those jobs
	 * leave the table. Empty in a non-interactive shell.
	 */
	notices(cwd: string): string {
		const dead = this.#entries.filter((e) => !e.notified && e.status.type !== 'running');
		if (!this.interactive) return '';
		const out = dead
			.map((e) => this.format(e.job, cwd) + (e.job.wd !== cwd ? `(wd now: ${polite(cwd)})\n` : ''))
			.join('');
		for (const e of dead) this.remove(e.job);
		return out;
	}

	/** `fg`: the job becomes the current one while it runs in the foreground. */
	makeCurrent(job: Job): void {
		const entry = this.#entry(job);
		if (!entry) return;
		this.#recent = [entry, ...this.#recent.filter((e) => e !== entry)];
	}

	/** Forgets a job (reported, or waited for in the foreground). */
	remove(job: Job): void {
		const entry = this.#entry(job);
		if (!entry) return;
		entry.notified = true;
		this.#entries.splice(this.#entries.indexOf(entry), 1);
		this.#recent = this.#recent.filter((e) => e !== entry);
	}

	/** The terminal closed: every job gets SIGHUP and is forgotten, nothing printed. */
	hangup(): void {
		for (const e of [...this.#entries]) {
			this.kill(e.job, 'HUP');
			this.remove(e.job);
		}
	}

	#entry(job: Job): Entry | undefined {
		return this.#entries.find((e) => e.job === job);
	}
}
