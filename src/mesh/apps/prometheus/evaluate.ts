/**
 * Evaluates a parsed query at one instant (promql/engine.go): an instant selector takes each
 * series' latest sample within the 5-minute lookback unless it is a staleness marker; `rate`,
 * `irate` and `increase` follow promql/functions.go (extrapolatedRate, instantValue); the
 * aggregations group as `by`/`without` say and drop the metric name.
 */
import type { LabelSet } from './discovery.ts';
import type { Expr, Matcher } from './promql.ts';
import { seriesKey, type Sample, type Tsdb } from './tsdb.ts';

export const LOOKBACK_MS = 5 * 60 * 1000;

export interface VectorSample {
	readonly metric: LabelSet;
	readonly value: number;
}

function matches(labels: LabelSet, matchers: readonly Matcher[]): boolean {
	return matchers.every((m) => {
		const v = labels[m.name] ?? '';
		switch (m.type) {
			case '=':
				return v === m.value;
			case '!=':
				return v !== m.value;
			case '=~':
				return new RegExp(`^(?:${m.value})$`).test(v);
			case '!~':
				return !new RegExp(`^(?:${m.value})$`).test(v);
		}
	});
}

function withoutName(labels: LabelSet): LabelSet {
	const { __name__: _, ...rest } = labels;
	return rest;
}

/** promql/functions.go extrapolatedRate, for counters. */
function extrapolatedRate(
	samples: readonly { t: number; v: number }[],
	rangeStart: number,
	rangeEnd: number,
	rangeMs: number,
	isRate: boolean
): number | undefined {
	if (samples.length < 2) return undefined;
	const first = samples[0] as { t: number; v: number };
	const last = samples[samples.length - 1] as { t: number; v: number };
	let result = last.v - first.v;
	let prev = first.v;
	for (const s of samples.slice(1)) {
		if (s.v < prev) result += prev;
		prev = s.v;
	}
	let durationToStart = (first.t - rangeStart) / 1000;
	let durationToEnd = (rangeEnd - last.t) / 1000;
	const sampledInterval = (last.t - first.t) / 1000;
	const average = sampledInterval / (samples.length - 1);
	const threshold = average * 1.1;
	if (durationToStart >= threshold) durationToStart = average / 2;
	if (result > 0 && first.v >= 0) {
		const durationToZero = sampledInterval * (first.v / result);
		if (durationToZero < durationToStart) durationToStart = durationToZero;
	}
	if (durationToEnd >= threshold) durationToEnd = average / 2;
	let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
	if (isRate) factor /= rangeMs / 1000;
	return result * factor;
}

/** promql/functions.go instantValue (irate): the last two samples' per-second change. */
function instantRate(samples: readonly { t: number; v: number }[]): number | undefined {
	if (samples.length < 2) return undefined;
	const last = samples[samples.length - 1] as { t: number; v: number };
	const prev = samples[samples.length - 2] as { t: number; v: number };
	const delta = last.v < prev.v ? last.v : last.v - prev.v;
	const dt = last.t - prev.t;
	return dt === 0 ? undefined : delta / (dt / 1000);
}

function latest(samples: readonly Sample[], t: number): number | undefined {
	for (let i = samples.length - 1; i >= 0; i--) {
		const s = samples[i] as Sample;
		if (s.t > t) continue;
		if (s.t <= t - LOOKBACK_MS) return undefined;
		return s.v;
	}
	return undefined;
}

export function evaluate(expr: Expr, db: Tsdb, t: number): VectorSample[] {
	switch (expr.kind) {
		case 'selector': {
			const out: VectorSample[] = [];
			for (const s of db.series()) {
				if (!matches(s.labels, expr.matchers)) continue;
				const v = latest(s.samples, t);
				if (v !== undefined) out.push({ metric: s.labels, value: v });
			}
			return out;
		}
		case 'call': {
			const out: VectorSample[] = [];
			const start = t - expr.range;
			for (const s of db.series()) {
				if (!matches(s.labels, expr.matchers)) continue;
				const points = s.samples.filter(
					(p): p is { t: number; v: number } => p.t > start && p.t <= t && p.v !== undefined
				);
				const v =
					expr.func === 'irate'
						? instantRate(points)
						: extrapolatedRate(points, start, t, expr.range, expr.func === 'rate');
				if (v !== undefined) out.push({ metric: withoutName(s.labels), value: v });
			}
			return out;
		}
		case 'aggregate': {
			const groups = new Map<string, { metric: LabelSet; values: number[] }>();
			for (const s of evaluate(expr.expr, db, t)) {
				const metric: LabelSet = {};
				for (const [k, v] of Object.entries(withoutName(s.metric))) {
					const listed = expr.grouping.includes(k);
					if (expr.without ? !listed : listed) metric[k] = v;
				}
				const key = seriesKey(metric);
				const g = groups.get(key) ?? { metric, values: [] };
				g.values.push(s.value);
				groups.set(key, g);
			}
			return [...groups.values()].map(({ metric, values }) => ({
				metric,
				value: aggregate(expr.op, values)
			}));
		}
	}
}

function aggregate(op: 'sum' | 'avg' | 'min' | 'max' | 'count', values: readonly number[]): number {
	switch (op) {
		case 'sum':
			return values.reduce((a, b) => a + b, 0);
		case 'avg':
			return values.reduce((a, b) => a + b, 0) / values.length;
		case 'min':
			return Math.min(...values);
		case 'max':
			return Math.max(...values);
		case 'count':
			return values.length;
	}
}
