/**
 * The commands the learner (or the engine, for setup and Solve) ran, with exit code and output:
 * what `commandRan` and `output` checks read. `recordCommands` wraps the session the terminal's
 * pty drives, so every typed line is logged without the shell knowing about lessons.
 */
import type { CommandIO } from '../shell/command.ts';
import type { PtySession } from '../shell/pty.ts';

export interface CommandRecord {
	/** The command line as typed (a heredoc with its body). */
	readonly command: string;
	readonly exitCode: number;
	/** stdout and stderr interleaved, as the terminal showed them. */
	readonly output: string;
	/** Who ran it: the learner, or the engine replaying setup and solutions. */
	readonly by: 'learner' | 'engine';
}

/** Keeps the last few hundred commands; checks read the ones since their step started. */
export class CommandLog {
	readonly #limit: number;
	#records: CommandRecord[] = [];
	#total = 0;
	/** Commands started and not yet ended (recorded when they end). */
	#running = 0;
	#listeners = new Set<(record: CommandRecord) => void>();
	/** Commands the engine is typing into the terminal, so they are logged as the engine's. */
	#engineTyped: string[] = [];

	constructor(limit = 500) {
		this.#limit = limit;
	}

	get total(): number {
		return this.#total;
	}

	/**
	 * The records plus the commands running now: what the learner had typed when a check passed.
	 * A command still running (its effect already visible to a check) counts as typed.
	 */
	get started(): number {
		return this.#total + this.#running;
	}

	/** A command began running (`recordCommands` calls `end` before recording it). */
	begin(): void {
		this.#running++;
	}

	end(): void {
		this.#running = Math.max(0, this.#running - 1);
	}

	/** The records with running index ≥ `since`. */
	since(since: number): CommandRecord[] {
		const first = this.#total - this.#records.length;
		return this.#records.slice(Math.max(0, since - first));
	}

	record(entry: Omit<CommandRecord, 'by'> & { by?: CommandRecord['by'] }): CommandRecord {
		let by = entry.by ?? 'learner';
		const typed = this.#engineTyped.indexOf(entry.command);
		if (typed >= 0) {
			this.#engineTyped.splice(typed, 1);
			by = 'engine';
		}
		const record: CommandRecord = { ...entry, by };
		this.#records.push(record);
		this.#total++;
		if (this.#records.length > this.#limit) this.#records.shift();
		for (const l of this.#listeners) l(record);
		return record;
	}

	/** Marks the next logged run of `command` as the engine's (it types it into the terminal). */
	expectEngine(command: string): void {
		this.#engineTyped.push(command);
	}

	/** Resolves with the next record of exactly `command`. */
	next(command: string): Promise<CommandRecord> {
		return new Promise((resolve) => {
			const off = this.subscribe((r) => {
				if (r.command !== command) return;
				off();
				resolve(r);
			});
		});
	}

	subscribe(listener: (record: CommandRecord) => void): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}
}

/** Wraps a session so each command line it runs is recorded in `log`. */
export function recordCommands(session: PtySession, log: CommandLog): PtySession {
	return {
		async execute(source, io: CommandIO, options) {
			let output = '';
			const tee: CommandIO = {
				stdin: io.stdin,
				stdout: (t) => {
					output += t;
					io.stdout(t);
				},
				stderr: (t) => {
					output += t;
					io.stderr(t);
				}
			};
			log.begin();
			let exitCode: number;
			try {
				exitCode = await session.execute(source, tee, options);
			} finally {
				log.end();
			}
			log.record({ command: source, exitCode, output });
			return exitCode;
		},
		...(session.complete ? { complete: session.complete.bind(session) } : {}),
		...(session.onJobOutput ? { onJobOutput: session.onJobOutput.bind(session) } : {}),
		...(session.jobNotices ? { jobNotices: session.jobNotices.bind(session) } : {}),
		history: session.history
	};
}
