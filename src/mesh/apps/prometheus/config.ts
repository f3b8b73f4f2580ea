/**
 * The part of `prometheus.yml` the playground's Prometheus runs (config/config.go): the global
 * scrape interval and timeout, and the scrape jobs that discover pods (`kubernetes_sd_configs`
 * with `role: pod`) with their relabelling. Jobs of other discovery roles (the API server,
 * nodes, endpoints, services) are kept as named but find no targets: the playground serves none
 * of what they scrape.
 */
import { parse } from 'yaml';
import { relabelConfigError, type RelabelConfig } from './relabel.ts';

export interface ScrapeJob {
	readonly name: string;
	readonly intervalMs: number;
	readonly timeoutMs: number;
	readonly metricsPath: string;
	readonly scheme: string;
	readonly honorLabels: boolean;
	/** Only `role: pod` discovery yields targets here. */
	readonly podRole: boolean;
	readonly relabel: readonly RelabelConfig[];
}

export interface PrometheusConfig {
	readonly intervalMs: number;
	readonly jobs: readonly ScrapeJob[];
}

/** Prometheus durations: `15s`, `1m30s`. */
function duration(text: unknown, fallback: number): number {
	if (typeof text !== 'string') return fallback;
	const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
	let total = 0;
	for (const m of text.matchAll(/(\d+)(ms|[smhd])/g))
		total += Number(m[1]) * (units[m[2] ?? 's'] ?? 0);
	return total > 0 ? total : fallback;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The config, or the loader's error (`Error loading config`). */
export function parsePrometheusConfig(text: string): PrometheusConfig | string {
	let doc: Obj;
	try {
		doc = obj(parse(text));
	} catch (e) {
		return `parsing YAML file: ${(e as Error).message.split('\n')[0] ?? ''}`;
	}
	const global = obj(doc['global']);
	const intervalMs = duration(global['scrape_interval'], 60_000);
	const timeoutMs = duration(global['scrape_timeout'], 10_000);
	const jobs: ScrapeJob[] = [];
	for (const raw of Array.isArray(doc['scrape_configs']) ? doc['scrape_configs'] : []) {
		const j = obj(raw);
		const sd = Array.isArray(j['kubernetes_sd_configs']) ? j['kubernetes_sd_configs'] : [];
		const relabel = (Array.isArray(j['relabel_configs']) ? j['relabel_configs'] : []).map(
			(r) => obj(r) as RelabelConfig
		);
		for (const r of relabel) {
			const error = relabelConfigError(r);
			if (error) return error;
		}
		jobs.push({
			name: String(j['job_name'] ?? ''),
			intervalMs: duration(j['scrape_interval'], intervalMs),
			timeoutMs: duration(j['scrape_timeout'], timeoutMs),
			metricsPath: typeof j['metrics_path'] === 'string' ? j['metrics_path'] : '/metrics',
			scheme: typeof j['scheme'] === 'string' ? j['scheme'] : 'http',
			honorLabels: j['honor_labels'] === true,
			podRole: sd.some((s) => obj(s)['role'] === 'pod'),
			relabel
		});
	}
	return { intervalMs, jobs };
}
