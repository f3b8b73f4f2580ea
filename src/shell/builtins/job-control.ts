/**
 * bash 5.2's job-control builtins over the shell's job table (../jobs.ts): `jobs`, `kill`,
 * `wait`, `fg`, `bg`. Messages and statuses are bash's (builtins/jobs.def, kill.def, wait.def,
 * fg_bg.def, common.c sh_badjob/sh_badpid/sh_invalidsig). Waiting (`wait`, `fg`) lets sim time
 * pass in steps, as the foreground waiting for a job would let it pass on a real machine.
 */
import { ms } from '../../mesh/types.ts';
import { SHELL_PID, type Job, type JobTable, type SignalName } from '../jobs.ts';
import { NSIG, signalBySpec, signalByNumber, signalTable } from '../signals.ts';
import type { CommandIO } from '../command.ts';
import type { Builtin, ShellContext } from './types.ts';

/** How much sim time one step of waiting lets pass. */
const WAIT_STEP = ms(100);

type Decoded =
	| { readonly type: 'end'; readonly signal: SignalName }
	| { readonly type: 'none' }
	| { readonly type: 'stop' }
	| { readonly type: 'invalid' };

/** decode_signal: a name (any case, `SIG` optional) or a number, by its default action. */
export function decodeSignal(spec: string): Decoded {
	if (spec === '0') return { type: 'none' };
	const info = signalBySpec(spec);
	if (info === undefined) return { type: 'invalid' };
	if (info.action === 'term' || info.action === 'core') return { type: 'end', signal: info.name };
	return info.action === 'stop' ? { type: 'stop' } : { type: 'none' };
}

function table(ctx: ShellContext): JobTable | undefined {
	return ctx.jobs;
}

/** Lets sim time pass until every `jobs` ended; false when Ctrl-C came first. */
async function untilEnded(jobs: readonly Job[], ctx: ShellContext): Promise<boolean> {
	while (jobs.some((j) => j.status.type === 'running')) {
		if (ctx.signal.aborted) return false;
		await ctx.cluster.advance(WAIT_STEP);
	}
	return !ctx.signal.aborted;
}

function error(io: CommandIO, name: string, message: string, code = 1): number {
	io.stderr(`bash: ${name}: ${message}\n`);
	return code;
}

export const jobs: Builtin = {
	name: 'jobs',
	summary: 'Display status of jobs',
	kind: 'shell',
	async run(argv, io, ctx) {
		const t = table(ctx);
		if (!t) return 0;
		let mode: 'standard' | 'long' | 'pids' = 'standard';
		let only: 'running' | 'stopped' | undefined;
		const specs: string[] = [];
		for (const a of argv) {
			if (specs.length === 0 && /^-[lprsn]+$/.test(a)) {
				for (const c of a.slice(1)) {
					if (c === 'l') mode = 'long';
					else if (c === 'p') mode = 'pids';
					else if (c === 'r') only = 'running';
					else if (c === 's') only = 'stopped';
				}
			} else if (specs.length === 0 && a.startsWith('-') && a !== '-') {
				io.stderr(`bash: jobs: ${a.slice(0, 2)}: invalid option\n`);
				io.stderr('jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n');
				return 2;
			} else specs.push(a);
		}
		let chosen: Job[] = [...t.list()];
		let status = 0;
		if (specs.length > 0) {
			chosen = [];
			for (const spec of specs) {
				const found = t.find(spec);
				if ('error' in found) status = error(io, 'jobs', found.error);
				else chosen.push(found);
			}
		}
		if (only === 'running') chosen = chosen.filter((j) => j.status.type === 'running');
		if (only === 'stopped') chosen = [];
		io.stdout(
			t.report(chosen, (j) =>
				mode === 'pids' ? `${j.pid}\n` : t.format(j, ctx.cwd, mode === 'long')
			)
		);
		return status;
	}
};

const KILL_USAGE =
	'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

export const kill: Builtin = {
	name: 'kill',
	summary: 'Send a signal to a job',
	kind: 'shell',
	async run(argv, io, ctx) {
		if (argv.length === 0) {
			io.stderr(KILL_USAGE);
			return 2;
		}
		let spec = 'TERM';
		let listing = false;
		let sawSignal = false;
		let i = 0;
		for (; i < argv.length; i++) {
			const a = argv[i] as string;
			if (a === '-l' || a === '-L') {
				listing = true;
				continue;
			}
			if (a === '-s' || a === '-n') {
				const v = argv[++i];
				if (v === undefined) return error(io, 'kill', `${a}: option requires an argument`);
				spec = v;
				sawSignal = true;
			} else if (a === '--') {
				i++;
				break;
			} else if (/^-s[a-zA-Z]/.test(a) || /^-n\d/.test(a)) {
				spec = a.slice(2);
				sawSignal = true;
			} else if (a === '-?') {
				io.stderr(KILL_USAGE);
				return 2;
			} else if (a.startsWith('-') && a.length > 1 && !sawSignal) {
				spec = a.slice(1);
				sawSignal = true;
			} else break;
		}
		if (listing) return listSignals(argv.slice(i), io);
		const signal = decodeSignal(spec);
		if (signal.type === 'invalid')
			return error(io, 'kill', `${spec}: invalid signal specification`);
		const targets = argv.slice(i);
		if (targets.length === 0) {
			io.stderr(KILL_USAGE);
			return 2;
		}
		const t = table(ctx);
		let any = false;
		for (const target of targets) {
			const job = resolveTarget(target, t, io);
			if (job === undefined) continue;
			if (job === 'self') {
				// An interactive bash ignores SIGTERM, SIGINT and SIGQUIT; anything else would close the terminal.
				const ignored =
					signal.type === 'none' ||
					(signal.type === 'end' && ['TERM', 'INT', 'QUIT'].includes(signal.signal));
				if (ignored) any = true;
				else error(io, 'kill', `(${SHELL_PID}) - ending the terminal's own shell is not simulated`);
				continue;
			}
			if (job.status.type !== 'running') {
				error(io, 'kill', `(${job.pid}) - No such process`);
				continue;
			}
			if (signal.type === 'stop') {
				error(io, 'kill', `${spec}: stopping a job is not simulated`);
				continue;
			}
			if (signal.type === 'end') t?.kill(job, signal.signal);
			any = true;
		}
		return any ? 0 : 1;
	}
};

/**
 * `kill -l [sigspec ...]` (common.c display_signal_list): the whole table, or for each
 * argument the name of a number (`$?` past 128 names its signal) or the number of a name.
 */
function listSignals(specs: readonly string[], io: CommandIO): number {
	if (specs.length === 0) {
		io.stdout(signalTable());
		return 0;
	}
	let status = 0;
	for (const spec of specs) {
		if (/^-?\d+$/.test(spec)) {
			let n = Number(spec);
			if (n > 128) n -= 128;
			if (n < 0 || n >= NSIG) {
				status = error(io, 'kill', `${spec}: invalid signal specification`);
				continue;
			}
			const name = n === 0 ? 'EXIT' : signalByNumber(n)?.name;
			// glibc's 32 and 33 have no name: bash skips them.
			if (name !== undefined) io.stdout(`${name}\n`);
			continue;
		}
		const info = /^(SIG)?EXIT$/i.test(spec) ? { number: 0 } : signalBySpec(spec);
		if (info === undefined) status = error(io, 'kill', `${spec}: invalid signal specification`);
		else io.stdout(`${info.number}\n`);
	}
	return status;
}

/** A kill target: a jobspec, a job's pid (or `-pid`, its process group), or this shell. */
function resolveTarget(
	target: string,
	t: JobTable | undefined,
	io: CommandIO
): Job | 'self' | undefined {
	if (/^-?\d+$/.test(target)) {
		const pid = Math.abs(Number(target));
		if (pid === SHELL_PID) return 'self';
		const job = t?.byPid(pid);
		if (!job) error(io, 'kill', `(${target}) - No such process`);
		return job;
	}
	if (!target.startsWith('%')) {
		error(io, 'kill', `${target}: arguments must be process or job IDs`);
		return undefined;
	}
	const found = t?.find(target) ?? { error: `${target}: no such job` };
	if ('error' in found) {
		error(io, 'kill', found.error);
		return undefined;
	}
	return found;
}

const WAIT_USAGE = 'wait: usage: wait [-fn] [-p var] [id ...]\n';

/** A `wait` operand: a pid of this shell's or a jobspec; a message when it names none. */
function waitTarget(id: string, t: JobTable): Job | { readonly error: string } {
	if (/^\d+$/.test(id))
		return t.byPid(Number(id)) ?? { error: `pid ${id} is not a child of this shell` };
	if (id.startsWith('%')) return t.find(id);
	return { error: `\`${id}': not a pid or valid job spec` };
}

/** bash's wait_for_any_job (`wait -n`): the first job among `among` to end; -1 when none runs. */
async function anyEnded(
	t: JobTable,
	among: readonly Job[] | undefined,
	ctx: ShellContext
): Promise<Job | 'interrupted' | undefined> {
	for (;;) {
		const done = t.endedUnreported(among);
		if (done) return done;
		const running = (among ?? t.list()).filter((j) => j.status.type === 'running');
		if (running.length === 0) return undefined;
		if (ctx.signal.aborted) return 'interrupted';
		await ctx.cluster.advance(WAIT_STEP);
	}
}

export const wait: Builtin = {
	name: 'wait',
	summary: 'Wait for job completion and return exit status',
	kind: 'shell',
	async run(argv, io, ctx) {
		const t = table(ctx);
		if (!t) return 0;
		let any = false;
		let pidVar: string | undefined;
		let i = 0;
		// internal_getopt "fnp:": `-f` only matters with job control off, which it never is here.
		for (; i < argv.length; i++) {
			const a = argv[i] as string;
			if (a === '--') {
				i++;
				break;
			}
			if (!/^-./.test(a)) break;
			for (let c = 1; c < a.length; c++) {
				const o = a[c] as string;
				if (o === 'n') any = true;
				else if (o === 'f') continue;
				else if (o === 'p') {
					pidVar = c + 1 < a.length ? a.slice(c + 1) : argv[++i];
					if (pidVar === undefined) {
						io.stderr('bash: wait: -p: option requires an argument\n');
						io.stderr(WAIT_USAGE);
						return 2;
					}
					break;
				} else {
					io.stderr(`bash: wait: -${o}: invalid option\n`);
					io.stderr(WAIT_USAGE);
					return 2;
				}
			}
		}
		if (pidVar !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pidVar))
			return error(io, 'wait', `\`${pidVar}': not a valid identifier`);
		if (pidVar !== undefined) ctx.env.delete(pidVar);
		const ids = argv.slice(i);
		if (any) {
			let among: Job[] | undefined;
			if (ids.length > 0) {
				// set_waitlist: each operand that names no job is reported; none at all is 127.
				among = [];
				for (const id of ids) {
					const found = waitTarget(id, t);
					if ('error' in found) error(io, 'wait', found.error, 127);
					else among.push(found);
				}
				if (among.length === 0) return 127;
			}
			const job = await anyEnded(t, among, ctx);
			if (job === 'interrupted') return 130;
			if (job === undefined) return 127;
			if (pidVar !== undefined) ctx.env.set(pidVar, String(job.pid));
			const status = await job.ended;
			io.stderr(t.notices(ctx.cwd));
			t.remove(job);
			return status;
		}
		if (ids.length === 0) {
			const ok = await untilEnded(t.list(), ctx);
			io.stderr(t.notices(ctx.cwd));
			return ok ? 0 : 130;
		}
		let status = 0;
		// pstat.pid: the last operand's pid, none when it named no job.
		let lastPid: number | undefined;
		for (const id of ids) {
			const job = waitTarget(id, t);
			lastPid = undefined;
			if ('error' in job) {
				// sh_badpid is status 1, an unknown pid or jobspec 127 (POSIX).
				status = error(io, 'wait', job.error, job.error.startsWith('`') ? 1 : 127);
				continue;
			}
			if (!(await untilEnded([job], ctx))) return 130;
			io.stderr(t.notices(ctx.cwd));
			status = await job.ended;
			lastPid = job.pid;
		}
		if (pidVar !== undefined && lastPid !== undefined) ctx.env.set(pidVar, String(lastPid));
		return status;
	}
};

export const fg: Builtin = {
	name: 'fg',
	summary: 'Move job to the foreground',
	kind: 'shell',
	async run(argv, io, ctx) {
		const t = table(ctx);
		const found = t?.find(argv[0]) ?? { error: `${argv[0] ?? 'current'}: no such job` };
		if ('error' in found || !t) return error(io, 'fg', 'error' in found ? found.error : '');
		const job = found;
		if (job.status.type !== 'running') return error(io, 'fg', 'job has terminated');
		// start_job: the command, and `(wd: …)` when the shell's directory moved.
		io.stdout(`${job.command}${job.wd !== ctx.cwd ? `\t(wd: ${job.wd})` : ''}\n`);
		t.makeCurrent(job);
		// Ctrl-C now reaches the job: the terminal's SIGINT goes to the foreground process group.
		const onAbort = (): void => t.kill(job, 'INT');
		ctx.signal.addEventListener('abort', onAbort, { once: true });
		try {
			await untilEnded([job], ctx);
		} finally {
			ctx.signal.removeEventListener('abort', onAbort);
		}
		if (ctx.signal.aborted) t.kill(job, 'INT');
		const status = await job.ended;
		// A foreground job is not reported when it ends, only forgotten.
		t.remove(job);
		return status;
	}
};

export const bg: Builtin = {
	name: 'bg',
	summary: 'Move jobs to the background',
	kind: 'shell',
	async run(argv, io, ctx) {
		const t = table(ctx);
		let status = 0;
		for (const spec of argv.length > 0 ? argv : [undefined]) {
			const found = t?.find(spec) ?? { error: `${spec ?? 'current'}: no such job` };
			if ('error' in found) {
				status = error(io, 'bg', found.error);
				continue;
			}
			if (found.status.type !== 'running') status = error(io, 'bg', 'job has terminated');
			// Every job here runs (nothing stops one): bash says so and succeeds (SUSv3).
			else io.stderr(`bash: bg: job ${found.id} already in background\n`);
		}
		return status;
	}
};
