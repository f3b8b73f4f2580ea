/**
 * One `jq` process on a loaded jq-web instance: its stdout, its stderr and its exit status.
 * Shared by the in-thread engine (Node) and the page's jq worker.
 */
import type { JqInstance } from 'jq-web';

export interface JqRun {
	readonly stdout: string;
	readonly stderr: string;
	readonly code: number;
}

export interface JqRequest {
	readonly input: string;
	readonly filter: string;
	readonly flags: readonly string[];
}

interface JqError {
	readonly exitCode?: number;
	readonly stderr?: string;
	readonly message?: string;
}

/** Runs jq on `input` (jq names it `inputString` in messages; the caller renames it). */
export function runOn(jq: JqInstance, { input, filter, flags }: JqRequest): JqRun {
	// jq-web sends the stderr of a successful run (`debug`, `stderr`) to console.warn: collect it
	// there instead, for the one synchronous call.
	const warn = console.warn;
	let stderr = '';
	console.warn = (...args: unknown[]) => {
		if (args[0] === '%cstderr%c: %c%s' && typeof args[4] === 'string') stderr += `${args[4]}\n`;
		else warn(...args);
	};
	try {
		const out = jq.raw(input, filter, [...flags]);
		return { stdout: out ?? '', stderr, code: 0 };
	} catch (e) {
		const err = e as JqError;
		// An exit status comes with jq's own stderr; anything else is jq-web failing to run.
		const text =
			err.exitCode !== undefined ? (err.stderr ?? '') : `jq: ${err.message ?? String(e)}`;
		return { stdout: '', stderr: text ? `${text}\n` : '', code: err.exitCode ?? 5 };
	} finally {
		console.warn = warn;
	}
}
