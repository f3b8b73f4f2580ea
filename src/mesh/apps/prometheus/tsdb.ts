/**
 * The samples Prometheus keeps: one series per label set, its samples in time order. Bounded
 * (docs/limits.md): samples older than `RETENTION_MS` of sim time are dropped as new ones come
 * (the addon's `--storage.tsdb.retention.time=15d` would keep far more), and at most
 * `MAX_SERIES` series are kept (further ones are not stored, as a sample limit would refuse them).
 * A series that disappears from its target's scrape gets a staleness marker, so instant
 * queries stop returning it, as Prometheus's staleness handling does.
 */
import type { LabelSet } from './discovery.ts';

export const RETENTION_MS = 60 * 60 * 1000;
export const MAX_SERIES = 20_000;

export interface Sample {
	readonly t: number;
	/** Undefined: a staleness marker. */
	readonly v: number | undefined;
}

export interface Series {
	readonly labels: LabelSet;
	readonly samples: Sample[];
}

/** A label set's identity: its pairs sorted by name. */
export function seriesKey(labels: LabelSet): string {
	return Object.keys(labels)
		.sort()
		.map((k) => `${k}\u0000${labels[k] ?? ''}`)
		.join('\u0001');
}

export class Tsdb {
	readonly #series = new Map<string, Series>();

	/** Appends a sample; returns the series key (undefined when the series limit refused it). */
	append(labels: LabelSet, t: number, v: number | undefined): string | undefined {
		const key = seriesKey(labels);
		let s = this.#series.get(key);
		if (!s) {
			if (v === undefined || this.#series.size >= MAX_SERIES) return undefined;
			s = { labels, samples: [] };
			this.#series.set(key, s);
		}
		s.samples.push({ t, v });
		let old = 0;
		while (old < s.samples.length && (s.samples[old]?.t ?? t) < t - RETENTION_MS) old++;
		if (old > 0) s.samples.splice(0, old);
		return key;
	}

	/** Marks the series `key` stale at `t`. */
	markStale(key: string, t: number): void {
		const s = this.#series.get(key);
		const last = s?.samples[s.samples.length - 1];
		if (s && last && last.v !== undefined) s.samples.push({ t, v: undefined });
	}

	series(): IterableIterator<Series> {
		return this.#series.values();
	}
}
