/**
 * A LessonHost without a page: a playground per (re)start, commands run straight on its shell.
 * lessons:check, `npm run sim -- --lesson` and the tests use it; `onShow` lets the CLI print
 * what the learner would have seen in the terminal.
 */
import type { Runtime } from '../mesh/runtime/runtime.ts';
import { createPlayground, type Playground, type Scenario } from '../shell/playground.ts';
import { CommandLog, type CommandRecord } from './command-log.ts';
import type { LessonHost, RunOptions } from './host.ts';

export interface HeadlessHostOptions {
	/** A new runtime for each fresh cluster. */
	readonly runtime: () => Runtime;
	/** Every command shown (Solve) or typed by the learner, with its output. */
	readonly onShow?: (record: CommandRecord) => void;
}

export interface HeadlessHost extends LessonHost {
	/** Runs a command as the learner typing it. */
	type(command: string): Promise<CommandRecord>;
	dispose(): Promise<void>;
}

export function createHeadlessHost(options: HeadlessHostOptions): HeadlessHost {
	const log = new CommandLog();
	let playground: Playground | undefined;
	const current = (): Playground => {
		if (!playground) throw new Error('the lesson host has no cluster yet: call restart first');
		return playground;
	};
	const exec = async (
		command: string,
		by: CommandRecord['by'],
		options: RunOptions = {}
	): Promise<CommandRecord> => {
		let output = '';
		const sink = (t: string): void => void (output += t);
		log.begin();
		let exitCode: number;
		try {
			exitCode = await current().shell.execute(
				command,
				{ stdin: '', stdout: sink, stderr: sink },
				options.signal ? { signal: options.signal } : {}
			);
		} finally {
			log.end();
		}
		return log.record({ command, exitCode, output, by });
	};
	return {
		get cluster() {
			return current().cluster;
		},
		log,
		run: (command, runOptions) => exec(command, 'engine', runOptions),
		async show(command) {
			const record = await exec(command, 'engine');
			options.onShow?.(record);
			return record;
		},
		async type(command) {
			const record = await exec(command, 'learner');
			options.onShow?.(record);
			return record;
		},
		async restart(scenario: Scenario, seed: number) {
			await playground?.cluster.dispose();
			playground = await createPlayground({ runtime: options.runtime(), seed, scenario });
			return true;
		},
		async dispose() {
			await playground?.cluster.dispose();
			playground = undefined;
		}
	};
}
