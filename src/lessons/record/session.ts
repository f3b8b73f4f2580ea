/**
 * Replays a command script (the format `npm run sim` takes) on a playground and records, for each
 * command, what a lesson step could check: the objects it changed (API server read before and
 * after) or the request it sent (the proxies' traffic events, else the capture). Each proposed
 * condition is evaluated right after its command and kept only if it passes there.
 */
import type { Playground } from '../../shell/playground.ts';
import { commandChunks } from '../../shell/transcript.ts';
import { CommandLog } from '../command-log.ts';
import { evaluateCondition } from '../checks/evaluate.ts';
import type { CheckContext, StepWindow } from '../checks/context.ts';
import { flowsFromCapture, flowsFromEvents, type Flow } from '../checks/flows.ts';
import { invocations } from '../checks/invocation.ts';
import { resolveWorkload, waypointIps } from '../checks/workloads.ts';
import { SETUP_BUDGET_MS } from '../engine.ts';
import type { Condition } from '../types.ts';
import { classify, type CommandKind } from './classify.ts';
import { proposeResourceChecks, takeSnapshot } from './diff.ts';

export interface RecordedCommand {
	/** As the script has it (a heredoc with its body). */
	readonly command: string;
	readonly exitCode: number;
	/** stdout and stderr interleaved. */
	readonly output: string;
	readonly kind: CommandKind;
	/** It did not do what it was run for: a non-zero exit, unless it is a request that was denied. */
	readonly failed: boolean;
	/** Why it failed, in one line: its error, or that it was still running and was stopped. */
	readonly why?: string;
	/** Conditions that held right after it (empty for reads and failures). */
	readonly conditions: readonly Condition[];
}

const endless = Number.MAX_SAFE_INTEGER;

export interface RecordOptions {
	/** Wall time a command may run before it is stopped with a Ctrl-C (default 30 s, as setup). */
	readonly budgetMs?: number;
}

/** The line of a failed command's output that says why: its error, else its last line. */
function errorLine(output: string): string {
	const lines = output.trim().split('\n');
	return lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '';
}

/** Runs one command with a Ctrl-C after `budgetMs`; `stopped` says the budget ran out. */
async function runBudgeted(
	playground: Playground,
	command: string,
	budgetMs: number
): Promise<{ exitCode: number; output: string; stopped: boolean }> {
	let output = '';
	const sink = (t: string): void => void (output += t);
	const abort = new AbortController();
	let stopped = false;
	const timer = setTimeout(() => {
		stopped = true;
		abort.abort();
	}, budgetMs);
	try {
		const exitCode = await playground.shell.execute(
			command,
			{ stdin: '', stdout: sink, stderr: sink },
			{ signal: abort.signal }
		);
		return { exitCode, output, stopped };
	} finally {
		clearTimeout(timer);
	}
}

/** The traffic check for a request, as the flow the check itself would judge shows it. */
function trafficCondition(from: string, to: string, flow: Flow): Condition {
	const how = flow.mtls ? 'over mTLS' : 'in plaintext';
	const through = flow.waypoint ? ` through waypoint ${flow.waypoint}` : '';
	const verdict = flow.result === 'denied' ? 'was denied' : 'reached';
	return {
		name:
			flow.result === 'denied'
				? `${from}'s request to ${to} ${verdict}${flow.policy ? ` by ${flow.policy}` : ''}`
				: `${from} ${verdict} ${to} ${how}${through}`,
		traffic: {
			from,
			to,
			mtls: flow.mtls,
			...(flow.result === 'allowed' || flow.result === 'denied' ? { result: flow.result } : {}),
			...(flow.waypoint ? { waypoint: flow.waypoint } : {}),
			...(flow.result === 'denied' && flow.policy ? { policy: flow.policy } : {})
		}
	};
}

async function latestFlow(ctx: CheckContext, from: string, to: string): Promise<Flow | undefined> {
	const api = ctx.cluster.api;
	const a = resolveWorkload(api, from);
	const b = resolveWorkload(api, to);
	const { events } = await ctx.cluster.runtime.traffic(ctx.window.traffic);
	let flows = flowsFromEvents(events, a, b);
	if (flows.length === 0) {
		const { entries } = await ctx.cluster.runtime.capture(ctx.window.capture);
		flows = flowsFromCapture(entries, a, b, waypointIps(api));
	}
	return flows.at(-1);
}

/** Runs `script` on `playground`, one command at a time, and records each. */
export async function recordSession(
	script: string,
	playground: Playground,
	options: RecordOptions = {}
): Promise<RecordedCommand[]> {
	const { cluster } = playground;
	const budgetMs = options.budgetMs ?? SETUP_BUDGET_MS;
	const log = new CommandLog();
	const out: RecordedCommand[] = [];
	for (const command of commandChunks(script)) {
		const calls = await invocations(command, cluster.api);
		if (calls.length === 0 && /^\s*(#.*)?$/.test(command)) continue; // blank or a comment
		const kind = classify(calls);
		const before = kind.type === 'change' ? takeSnapshot(cluster.api) : undefined;
		const window: StepWindow = {
			commands: log.total,
			capture: (await cluster.runtime.capture(endless)).next,
			traffic: (await cluster.runtime.traffic(endless)).next
		};
		const { exitCode, output, stopped } = await runBudgeted(playground, command, budgetMs);
		log.record({ command, exitCode, output, by: 'learner' });
		const ctx: CheckContext = { cluster, log, window, probeRanges: { capture: [], traffic: [] } };
		let proposed: Condition[] = [];
		let failed = exitCode !== 0 || stopped;
		if (kind.type === 'traffic') {
			const flow = await latestFlow(ctx, kind.from, kind.to);
			// A denied request exits non-zero (curl 56) and is still what the step shows.
			if (flow && !stopped && (exitCode === 0 || flow.result === 'denied')) {
				failed = false;
				proposed = [trafficCondition(kind.from, kind.to, flow)];
			}
		} else if (before && !failed) {
			proposed = proposeResourceChecks(before, takeSnapshot(cluster.api), command);
		}
		const conditions: Condition[] = [];
		for (const c of failed ? [] : proposed)
			if ((await evaluateCondition(c, ctx)).passed) conditions.push(c);
		const why = stopped
			? `still running after ${budgetMs / 1000} s, stopped with Ctrl-C`
			: errorLine(output);
		out.push({ command, exitCode, output, kind, failed, ...(failed ? { why } : {}), conditions });
	}
	return out;
}
