/**
 * Runs one fuzz input on a playground and says what is wrong with the outcome: a rejection or a
 * hang, a non-integer exit code, a failure without a message, JavaScript leaking into the output,
 * a broken store invariant, or a store that changed although it must not have.
 */
import { availableParallelism, loadavg } from 'node:os';
import { checkInvariants } from '../../src/mesh/cluster/invariants.ts';
import type { Playground } from '../../src/shell/playground.ts';

export interface FuzzInput {
	readonly label: string;
	/** The command line, as typed. */
	readonly source: string;
	readonly stdin?: string;
	/**
	 * When the store must be identical afterwards: `always` (a dry run), `on-failure` (a failed
	 * single-object apply), `on-silent-failure` (a failed command that reported no success on
	 * stdout: `kubectl delete pod a missing` deletes `a` and fails, as in kubectl).
	 */
	readonly unchanged?: 'always' | 'on-failure' | 'on-silent-failure';
}

export interface FuzzOutcome {
	readonly code: number | undefined;
	readonly millis: number;
	readonly problems: string[];
	readonly stderr: string;
	/** Whether the store was compared with its state before the input. */
	readonly storeCompared: boolean;
}

export interface FuzzLimits {
	/** Ctrl-C after this long (a long `kubectl wait` is legal, but not this long on a fuzz input). */
	readonly interruptMs: number;
	/** Give up on the input: it ignored Ctrl-C. */
	readonly hangMs: number;
}

const LIMITS: FuzzLimits = { interruptMs: 3_000, hangMs: 5_000 };

/**
 * The limits, stretched by how loaded the machine is (1-minute load per core, at least 1): a
 * shared CI box running other work must not report its own slowness as a hang. A real hang
 * (a promise that never settles) still trips them, only later.
 */
export function loadScaledLimits(base: FuzzLimits = LIMITS): FuzzLimits {
	const factor = Math.max(1, Math.min(8, loadavg()[0]! / Math.max(1, availableParallelism())));
	return { interruptMs: base.interruptMs * factor, hangMs: base.hangMs * factor };
}
/** How late after Ctrl-C a command may still finish with its own exit code. */
const GRACE_MS = 100;

/**
 * Output a program prints only when a JavaScript error or a missing value leaks through. The
 * generators never type these words, so they cannot come from the input.
 */
const LEAKS: readonly RegExp[] = [
	/\n\s+at .*:\d+:\d+\)?/,
	/\b(Type|Range|Reference|Syntax|Internal)Error\b/,
	/undefined is not/,
	/\bundefined\b/,
	/\bNaN\b/,
	/\[object Object\]/,
	/Cannot (read|set) propert/,
	/is not a function/,
	/is not iterable/,
	/Maximum call stack/,
	/Invalid (string|array) length/,
	/Invalid regular expression/,
	/internal error/
];

/** Every object of every served type, as JSON: what "the store is unchanged" compares. */
export function snapshotStore(pg: Playground): string {
	const api = pg.cluster.api;
	// Events are the controllers' log, not state a command sets: a controller retrying another
	// object's failing work (a ReplicaSet whose pods are invalid) records them meanwhile.
	return JSON.stringify(
		api
			.resources()
			.filter((type) => !(type.group === '' && type.kind === 'Event'))
			.map((type) => [`${type.plural}.${type.group}`, api.list(type)])
	);
}

/** Which resources differ between two snapshots, to say what a failed command changed. */
function changedKinds(before: string, after: string): string {
	const a = new Map(JSON.parse(before) as [string, unknown][]);
	const b = new Map(JSON.parse(after) as [string, unknown][]);
	const kinds = new Set([...a.keys(), ...b.keys()]);
	return [...kinds].filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))).join(', ');
}

const MAX_CAPTURE = 1 << 20;

export async function runFuzzInput(
	pg: Playground,
	input: FuzzInput,
	limits: FuzzLimits = loadScaledLimits()
): Promise<FuzzOutcome> {
	const problems: string[] = [];
	const before = input.unchanged ? snapshotStore(pg) : '';
	let stdout = '';
	let stderr = '';
	const controller = new AbortController();
	const interrupt = setTimeout(() => controller.abort(), limits.interruptMs);
	let hangTimer: ReturnType<typeof setTimeout> | undefined;
	const hang = new Promise<'hang'>((resolve) => {
		hangTimer = setTimeout(() => resolve('hang'), limits.hangMs);
	});
	const started = performance.now();
	let code: number | undefined;
	try {
		const result = await Promise.race([
			pg.shell.execute(
				input.source,
				{
					stdin: input.stdin ?? '',
					stdout: (t) => {
						if (stdout.length < MAX_CAPTURE) stdout += t;
					},
					stderr: (t) => {
						if (stderr.length < MAX_CAPTURE) stderr += t;
					}
				},
				{ signal: controller.signal }
			),
			hang
		]);
		if (result === 'hang')
			problems.push(`did not finish within ${limits.hangMs} ms, even after Ctrl-C`);
		else code = result;
	} catch (e) {
		problems.push(`execute rejected: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
	} finally {
		clearTimeout(interrupt);
		clearTimeout(hangTimer);
	}
	const millis = performance.now() - started;
	if (code !== undefined) {
		// Past the budget a command is sent Ctrl-C (a long `kubectl wait` is legal; on a busy
		// machine even sim time takes wall time to pass): it must then stop with 130. Finishing
		// otherwise after the budget is ignoring Ctrl-C, unless it finished just as it came.
		if (controller.signal.aborted && code !== 130 && millis > limits.interruptMs + GRACE_MS)
			problems.push(`ignored Ctrl-C: exit code ${code} after ${Math.round(millis)} ms`);
		if (!Number.isInteger(code) || code < 0 || code > 255)
			problems.push(`exit code ${String(code)} is not an integer in 0..255`);
		if (code !== 0 && code !== 130 && stderr.trim() === '' && !quietFailure(input.source))
			problems.push(`exit code ${code} with nothing on stderr`);
	}
	const typed = input.source + (input.stdin ?? '');
	const leaks = LEAKS.filter((re) => !re.test(typed));
	for (const [stream, text] of [
		['stderr', stderr],
		['stdout', stdout]
	] as const) {
		const leak = leaks.find((re) => re.test(text));
		if (leak) problems.push(`${stream} matches ${leak}: ${excerpt(text, leak)}`);
	}
	let storeCompared = false;
	if (problems.length === 0) {
		// A settled store: invariants are only promised between commands.
		for (const p of checkInvariants(pg.cluster.api)) problems.push(`invariant: ${p}`);
		const mustMatch =
			input.unchanged === 'always' ||
			(input.unchanged === 'on-failure' && code !== 0) ||
			(input.unchanged === 'on-silent-failure' && code !== 0 && stdout.trim() === '');
		storeCompared = mustMatch === true;
		const after = mustMatch ? snapshotStore(pg) : before;
		if (mustMatch && after !== before)
			problems.push(
				`store changed although ${input.unchanged === 'always' ? 'a dry run' : 'the command failed'}: ${changedKinds(before, after)}`
			);
	}
	return { code, millis, problems, stderr, storeCompared };
}

/**
 * Lines whose status may come from a command that fails silently in bash too: `false`, `test`
 * and `[`, `grep` without a match, `exit N`, `read` at end of input, `! cmd`, `which`, curl's
 * own exit codes, and command substitutions (`x=$(false)`). Lines that send stderr elsewhere
 * (`2>`, `>&`, `&>`) and lines with no command (an empty line keeps the last `$?`) count too.
 */
function quietFailure(source: string): boolean {
	if (/^\s*(#[^\n]*)?$/.test(source) || /\d>|>&|&>/.test(source)) return true;
	return /(^|[\s;|&(`{])(false|test|grep|exit|read|return|which|curl|break|continue)\b|(^|[\s;|&(])(\[\[?|!)(\s|$)|\$\(|`/.test(
		source
	);
}

function excerpt(text: string, re: RegExp): string {
	const at = Math.max(0, text.search(re) - 120);
	return JSON.stringify(text.slice(at, at + 300));
}
