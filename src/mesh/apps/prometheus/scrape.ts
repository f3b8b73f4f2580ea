/**
 * The scrape manager (scrape/manager.go, scrape/scrape.go): a job's targets from discovery and
 * relabelling (duplicates, as several container ports of one pod become after relabelling, are
 * one target), then each scraped over HTTP every interval. Each sample gets the target's labels
 * (`honor_labels` lets the scraped ones win), and `up` says whether the scrape worked. Series a
 * target no longer exposes, or a target that went away, are marked stale.
 */
import { httpRequest } from '../../net/http/client.ts';
import { fromUtf8 } from '../../net/http/message.ts';
import type { HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import type { ScrapeJob } from './config.ts';
import { podTargets, type LabelSet, type SdPod } from './discovery.ts';
import { parseExposition } from './exposition.ts';
import { relabel } from './relabel.ts';
import { seriesKey, type Tsdb } from './tsdb.ts';

export interface Target {
	readonly job: string;
	/** The labels its samples carry (no `__` labels). */
	readonly labels: LabelSet;
	readonly url: string;
}

/** scrape/target.go PopulateLabels: relabel, then `instance` and the `__` labels dropped. */
export function jobTargets(job: ScrapeJob, pods: readonly SdPod[]): Target[] {
	if (!job.podRole) return [];
	const out = new Map<string, Target>();
	for (const pod of pods) {
		for (const raw of podTargets(pod)) {
			const base: LabelSet = {
				job: job.name,
				__scheme__: job.scheme,
				__metrics_path__: job.metricsPath,
				...raw
			};
			const l = relabel(base, job.relabel);
			if (!l || !l['__address__']) continue;
			const labels: LabelSet = {};
			for (const [k, v] of Object.entries(l)) if (!k.startsWith('__')) labels[k] = v;
			labels['instance'] ??= l['__address__'];
			const url = `${l['__scheme__'] ?? 'http'}://${l['__address__']}${l['__metrics_path__'] ?? '/metrics'}`;
			out.set(seriesKey({ ...labels, __url: url }), { job: job.name, labels, url });
		}
	}
	return [...out.values()];
}

/** What the last scrape of each target stored: the keys to mark stale when they go. */
export class ScrapeState {
	readonly #lastKeys = new Map<string, Set<string>>();

	async scrape(ctx: HostContext, db: Tsdb, target: Target, job: ScrapeJob): Promise<void> {
		const id = seriesKey({ ...target.labels, __url: target.url });
		const t = ctx.clock.now();
		const r = await httpRequest(ctx, {
			url: target.url,
			headers: [['Accept', 'text/plain;version=0.0.4;q=0.5,*/*;q=0.1']],
			timeout: ms(job.timeoutMs)
		});
		const ok = r.type === 'response' && r.response.status === 200;
		const keys = new Set<string>();
		const store = (labels: LabelSet, value: number): void => {
			const key = db.append(labels, t, value);
			if (key !== undefined) keys.add(key);
		};
		store({ __name__: 'up', ...target.labels }, ok ? 1 : 0);
		if (ok) {
			for (const s of parseExposition(fromUtf8(r.response.body))) {
				const labels: LabelSet = job.honorLabels
					? { ...target.labels, ...s.labels }
					: { ...s.labels, ...target.labels };
				store(labels, s.value);
			}
		}
		for (const key of this.#lastKeys.get(id) ?? []) if (!keys.has(key)) db.markStale(key, t);
		this.#lastKeys.set(id, keys);
	}

	/** Targets gone from discovery: their series go stale. */
	forget(db: Tsdb, live: readonly Target[], t: number): void {
		const ids = new Set(live.map((x) => seriesKey({ ...x.labels, __url: x.url })));
		for (const [id, keys] of this.#lastKeys) {
			if (ids.has(id)) continue;
			for (const key of keys) db.markStale(key, t);
			this.#lastKeys.delete(id);
		}
	}
}
