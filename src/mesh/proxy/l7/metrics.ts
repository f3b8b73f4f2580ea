/**
 * The waypoint's L7 telemetry, as Istio's stats filter reports it with `reporter="waypoint"`:
 * `istio_requests_total` and the `istio_request_duration_milliseconds` histogram (sim time),
 * with Istio's standard labels in the order Envoy prints them. Served as Prometheus text on
 * 15020 `/stats/prometheus` (Envoy writes `# TYPE` lines only).
 */
import type { SpiffeId } from '../../tls/identity.ts';
import { identityOf } from '../../tls/identity.ts';
import type { Workload } from '../../xds/workload-api.ts';
import { workloadIdentity } from './state.ts';
import { CLUSTER_ID } from '../../istio/cluster-id.ts';
import { UNKNOWN } from '../standard-labels.ts';
import { ClusterStats } from '../envoy/stats.ts';

export const LABEL_NAMES = [
	'reporter',
	'source_workload',
	'source_canonical_service',
	'source_canonical_revision',
	'source_workload_namespace',
	'source_principal',
	'source_app',
	'source_version',
	'source_cluster',
	'destination_workload',
	'destination_workload_namespace',
	'destination_principal',
	'destination_app',
	'destination_version',
	'destination_service',
	'destination_canonical_service',
	'destination_canonical_revision',
	'destination_service_name',
	'destination_service_namespace',
	'destination_cluster',
	'request_protocol',
	'response_code',
	'grpc_response_status',
	'response_flags',
	'connection_security_policy'
] as const;

export type LabelName = (typeof LABEL_NAMES)[number];
export type RequestLabels = Readonly<Record<LabelName, string>>;

/** Istio's default histogram buckets for request durations, in milliseconds. */
export const DURATION_BUCKETS = [
	0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
	1800000, 3600000
] as const;

export interface RequestFacts {
	/**
	 * `waypoint`; an ingress gateway reports as `source`, as Istio's gateways do; a sidecar as
	 * `source` (client side) or `destination` (server side).
	 */
	readonly reporter: 'waypoint' | 'source' | 'destination';
	readonly sourceIdentity: SpiffeId | undefined;
	readonly source: Workload | undefined;
	readonly destination: Workload | undefined;
	readonly service:
		{ readonly hostname: string; readonly name: string; readonly namespace: string } | undefined;
	readonly status: number;
	readonly flags: string;
	/** `unknown`: a client-side sidecar, which cannot tell (Istio reports `unknown`). */
	readonly mtls: boolean | 'unknown';
}

export function requestLabels(f: RequestFacts): RequestLabels {
	const s = f.source;
	const d = f.destination;
	const ns = f.sourceIdentity ? identityOf(f.sourceIdentity).namespace : undefined;
	return {
		reporter: f.reporter,
		source_workload: s?.workloadName ?? UNKNOWN,
		source_canonical_service: s?.canonicalName ?? UNKNOWN,
		source_canonical_revision: s?.canonicalRevision ?? 'latest',
		source_workload_namespace: s?.namespace ?? ns ?? UNKNOWN,
		source_principal: f.sourceIdentity ?? UNKNOWN,
		source_app: s?.canonicalName ?? UNKNOWN,
		source_version: s?.canonicalRevision ?? UNKNOWN,
		source_cluster: s || f.sourceIdentity ? CLUSTER_ID : UNKNOWN,
		destination_workload: d?.workloadName ?? UNKNOWN,
		destination_workload_namespace: d?.namespace ?? UNKNOWN,
		destination_principal: d ? workloadIdentity(d) : UNKNOWN,
		destination_app: d?.canonicalName ?? UNKNOWN,
		destination_version: d?.canonicalRevision ?? UNKNOWN,
		destination_service: f.service?.hostname ?? UNKNOWN,
		destination_canonical_service: d?.canonicalName ?? UNKNOWN,
		destination_canonical_revision: d?.canonicalRevision ?? UNKNOWN,
		destination_service_name: f.service?.name ?? UNKNOWN,
		destination_service_namespace: f.service?.namespace ?? UNKNOWN,
		destination_cluster: d ? CLUSTER_ID : UNKNOWN,
		request_protocol: 'http',
		response_code: String(f.status),
		grpc_response_status: '',
		response_flags: f.flags,
		connection_security_policy: f.mtls === 'unknown' ? 'unknown' : f.mtls ? 'mutual_tls' : 'none'
	};
}

const keyOf = (l: RequestLabels): string => LABEL_NAMES.map((n) => l[n]).join('\u0000');
const body = (l: RequestLabels): string => LABEL_NAMES.map((n) => `${n}="${l[n]}"`).join(',');

interface Series {
	readonly labels: RequestLabels;
	count: number;
	sum: number;
	readonly buckets: number[];
}

/** Series in first-seen order, so output is deterministic. */
export class WaypointMetrics {
	readonly #series = new Map<string, Series>();
	/** Envoy's per-cluster counters, for the admin's `/stats`. */
	readonly clusters = new ClusterStats();

	record(labels: RequestLabels, durationMs: number): void {
		const key = keyOf(labels);
		let s = this.#series.get(key);
		if (!s) {
			s = { labels, count: 0, sum: 0, buckets: DURATION_BUCKETS.map(() => 0) };
			this.#series.set(key, s);
		}
		s.count++;
		s.sum += durationMs;
		DURATION_BUCKETS.forEach((le, i) => {
			if (durationMs <= le) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
		});
	}

	/** `istio_requests_total` summed over series whose labels include `match`. */
	requests(match: Partial<RequestLabels> = {}): number {
		let n = 0;
		for (const s of this.#series.values()) {
			const ok = Object.entries(match).every(([k, v]) => s.labels[k as LabelName] === v);
			if (ok) n += s.count;
		}
		return n;
	}

	renderPrometheus(): string {
		const lines: string[] = [];
		const series = [...this.#series.values()];
		if (series.length > 0) {
			lines.push('# TYPE istio_requests_total counter');
			for (const s of series) lines.push(`istio_requests_total{${body(s.labels)}} ${s.count}`);
			lines.push('# TYPE istio_request_duration_milliseconds histogram');
			for (const s of series) {
				const b = body(s.labels);
				DURATION_BUCKETS.forEach((le, i) => {
					lines.push(
						`istio_request_duration_milliseconds_bucket{${b},le="${le}"} ${s.buckets[i] ?? 0}`
					);
				});
				lines.push(`istio_request_duration_milliseconds_bucket{${b},le="+Inf"} ${s.count}`);
				lines.push(`istio_request_duration_milliseconds_sum{${b}} ${s.sum}`);
				lines.push(`istio_request_duration_milliseconds_count{${b}} ${s.count}`);
			}
		}
		return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
	}
}
