/**
 * Linux's signals as bash 5.2 names them on x86-64 (support/signames.c: SIGRTMIN is 34 under
 * glibc, the real-time signals are `SIGRTMIN+n` up to the middle and `SIGRTMAX-n` after it),
 * with glibc's strsignal texts (what `jobs` prints for a job a signal ended) and each signal's
 * default action (signal(7)). 32 and 33 are glibc's own and have no name, as in bash.
 */

export type SignalAction = 'term' | 'core' | 'ign' | 'stop' | 'cont';

export interface SignalInfo {
	readonly number: number;
	/** Without `SIG`, as `kill -l 15` prints it. */
	readonly name: string;
	readonly text: string;
	readonly action: SignalAction;
}

const STANDARD: readonly (readonly [string, string, SignalAction])[] = [
	['HUP', 'Hangup', 'term'],
	['INT', 'Interrupt', 'term'],
	['QUIT', 'Quit', 'core'],
	['ILL', 'Illegal instruction', 'core'],
	['TRAP', 'Trace/breakpoint trap', 'core'],
	['ABRT', 'Aborted', 'core'],
	['BUS', 'Bus error', 'core'],
	['FPE', 'Floating point exception', 'core'],
	['KILL', 'Killed', 'term'],
	['USR1', 'User defined signal 1', 'term'],
	['SEGV', 'Segmentation fault', 'core'],
	['USR2', 'User defined signal 2', 'term'],
	['PIPE', 'Broken pipe', 'term'],
	['ALRM', 'Alarm clock', 'term'],
	['TERM', 'Terminated', 'term'],
	['STKFLT', 'Stack fault', 'term'],
	['CHLD', 'Child exited', 'ign'],
	['CONT', 'Continued', 'cont'],
	['STOP', 'Stopped (signal)', 'stop'],
	['TSTP', 'Stopped', 'stop'],
	['TTIN', 'Stopped (tty input)', 'stop'],
	['TTOU', 'Stopped (tty output)', 'stop'],
	['URG', 'Urgent I/O condition', 'ign'],
	['XCPU', 'CPU time limit exceeded', 'core'],
	['XFSZ', 'File size limit exceeded', 'core'],
	['VTALRM', 'Virtual timer expired', 'term'],
	['PROF', 'Profiling timer expired', 'term'],
	['WINCH', 'Window changed', 'ign'],
	['IO', 'I/O possible', 'term'],
	['PWR', 'Power failure', 'term'],
	['SYS', 'Bad system call', 'core']
];

const RTMIN = 34;
const RTMAX = 64;

/** initialize_signames's names of the real-time signals. */
function realTimeName(n: number): string {
	if (n === RTMIN) return 'RTMIN';
	if (n === RTMAX) return 'RTMAX';
	const half = Math.floor((RTMAX - RTMIN - 1) / 2);
	return n - RTMIN <= half + ((RTMAX - RTMIN - 1) % 2)
		? `RTMIN+${n - RTMIN}`
		: `RTMAX-${RTMAX - n}`;
}

/** Every named signal, by number. */
export const SIGNAL_LIST: readonly SignalInfo[] = [
	...STANDARD.map(([name, text, action], i) => ({ number: i + 1, name, text, action })),
	...Array.from({ length: RTMAX - RTMIN + 1 }, (_, i) => ({
		number: RTMIN + i,
		name: realTimeName(RTMIN + i),
		text: `Real-time signal ${i}`,
		action: 'term' as const
	}))
];

const BY_NAME = new Map(SIGNAL_LIST.map((s) => [s.name, s]));
const BY_NUMBER = new Map(SIGNAL_LIST.map((s) => [s.number, s]));

/** NSIG on Linux: numbers at or past it are no signal. */
export const NSIG = 65;

/** decode_signal with DSIG_NOCASE | DSIG_SIGPREFIX: `term`, `SIGTERM`, `15`. */
export function signalBySpec(spec: string): SignalInfo | undefined {
	if (/^\d+$/.test(spec)) return BY_NUMBER.get(Number(spec));
	return BY_NAME.get(spec.toUpperCase().replace(/^SIG/, ''));
}

export function signalByNumber(n: number): SignalInfo | undefined {
	return BY_NUMBER.get(n);
}

/** display_signal_list without arguments: `NN) SIGNAME`, five to a line, tab-separated. */
export function signalTable(): string {
	let out = '';
	SIGNAL_LIST.forEach((s, i) => {
		out += `${String(s.number).padStart(2)}) SIG${s.name}${(i + 1) % 5 === 0 ? '\n' : '\t'}`;
	});
	return SIGNAL_LIST.length % 5 === 0 ? out : `${out}\n`;
}
