/**
 * CPU time per thread of this process, from /proc/self/task (Linux; empty elsewhere): which
 * threads a request's CPU goes to. Threads started after a mark are the pod workers'; the ones
 * before it, but the main thread, are V8's platform threads (concurrent GC and compilation,
 * shared by every isolate) and libuv's.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Microseconds of CPU (user + system) per thread id. */
export type ThreadCpu = ReadonlyMap<string, number>;

const TICK_US = 10_000;

export function threadCpu(): ThreadCpu {
	const m = new Map<string, number>();
	let tasks: string[];
	try {
		tasks = readdirSync('/proc/self/task');
	} catch {
		return m;
	}
	for (const t of tasks) {
		try {
			const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
			// Fields after the command name, which may hold spaces: utime and stime are 14 and 15.
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			m.set(t, (Number(f[11]) + Number(f[12])) * TICK_US);
		} catch {
			// The thread ended between the listing and the read.
		}
	}
	return m;
}

export interface CpuSplit {
	/** Threads that did not exist at `existing`: pod workers. */
	readonly workers: number;
	/** Threads that existed, but the main thread: V8's platform threads (GC, compilation). */
	readonly platform: number;
	readonly main: number;
}

/** CPU µs spent between `from` and `to`, split by thread kind. */
export function splitCpu(existing: ThreadCpu, from: ThreadCpu, to: ThreadCpu): CpuSplit {
	const main = String(process.pid);
	let workers = 0;
	let platform = 0;
	let mainUs = 0;
	for (const [id, us] of to) {
		const d = us - (from.get(id) ?? 0);
		if (id === main) mainUs += d;
		else if (existing.has(id)) platform += d;
		else workers += d;
	}
	return { workers, platform, main: mainUs };
}
