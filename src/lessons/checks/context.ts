/**
 * What a check reads: the cluster, the command log, and the window of traffic since the step
 * started. Probes add their own traffic to `probeRanges` so a later `traffic` condition judges
 * the learner's requests, not the engine's.
 */
import type { Cluster } from '../../mesh/cluster.ts';
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import type { CommandLog } from '../command-log.ts';

export interface StepWindow {
	/** Running indexes at the step's start: command log, capture journal, traffic journal. */
	readonly commands: number;
	readonly capture: number;
	readonly traffic: number;
}

export interface ProbeRanges {
	readonly capture: [number, number][];
	readonly traffic: [number, number][];
}

/** Journal indexes (capture, traffic) reached while a view was last on screen. */
export interface ViewMark {
	readonly capture: number;
	readonly traffic: number;
}

export interface CheckContext {
	readonly cluster: Cluster;
	readonly log: CommandLog;
	readonly window: StepWindow;
	readonly probeRanges: ProbeRanges;
	/** The views the learner had on screen since the step started (see `looked`). */
	readonly views?: ReadonlyMap<string, ViewMark>;
	/** The views this page has at all (an embed shows a few); undefined: all of them. */
	readonly offered?: ReadonlySet<string>;
	/** Wall time a probe may take (default PROBE_BUDGET_MS in probe.ts); tests shorten it. */
	readonly probeBudgetMs?: number;
}

const outside = (i: number, ranges: readonly [number, number][]): boolean =>
	!ranges.some(([a, b]) => i >= a && i < b);

/** Capture entries since the step started, the engine's probes left out. */
export async function learnerCapture(ctx: CheckContext): Promise<CaptureEntry[]> {
	const { entries, next } = await ctx.cluster.runtime.capture(ctx.window.capture);
	const first = next - entries.length;
	return entries.filter((_, i) => outside(first + i, ctx.probeRanges.capture));
}

export async function learnerTraffic(ctx: CheckContext): Promise<TrafficEvent[]> {
	const { events, next } = await ctx.cluster.runtime.traffic(ctx.window.traffic);
	const first = next - events.length;
	return events.filter((_, i) => outside(first + i, ctx.probeRanges.traffic));
}

/** How many entries in [from, to) are the learner's (outside the engine's probe ranges). */
export function learnerCount(
	from: number,
	to: number,
	ranges: readonly [number, number][]
): number {
	let count = Math.max(0, to - from);
	for (const [a, b] of ranges) count -= Math.max(0, Math.min(b, to) - Math.max(a, from));
	return count;
}
