/**
 * ztunnel's L4 telemetry: the `istio_tcp_*` counters with Istio's standard labels, kept in
 * memory. Mirrors ztunnel src/proxy/metrics.rs (Metrics, CommonTrafficLabels, ConnectionOpen).
 */
import type { SpiffeId } from '../../tls/identity.ts';
import { type ServiceDescription, workloadIdentity } from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import { CLUSTER_ID } from '../../istio/cluster-id.ts';
import { UNKNOWN } from '../standard-labels.ts';

export type Reporter = 'source' | 'destination';
export type SecurityPolicy = 'mutual_tls' | 'unknown';
/** ResponseFlags as ztunnel encodes them in the `response_flags` label. */
export type ResponseFlags = '-' | 'DENY' | 'CONNECT' | 'TLS_FAILURE' | 'NETWORK_POLICY';

/** What a connection is known to be when it opens (ConnectionOpen). */
export interface ConnectionOpen {
	readonly reporter: Reporter;
	readonly source?: Workload | undefined;
	/** The identity proven by mTLS (ours on outbound HBONE, the peer's on inbound). */
	readonly derivedSourceIdentity?: SpiffeId | undefined;
	readonly destination?: Workload | undefined;
	readonly destinationService?: ServiceDescription | undefined;
	readonly securityPolicy: SecurityPolicy;
}

const orUnknown = (s: string | undefined): string => (s ? s : UNKNOWN);

/** Label names in ztunnel's order (the order Prometheus output shows). */
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
	'destination_service',
	'destination_service_namespace',
	'destination_service_name',
	'destination_workload',
	'destination_canonical_service',
	'destination_canonical_revision',
	'destination_workload_namespace',
	'destination_principal',
	'destination_app',
	'destination_version',
	'destination_cluster',
	'request_protocol',
	'response_flags',
	'connection_security_policy'
] as const;

export type LabelName = (typeof LABEL_NAMES)[number];
export type TrafficLabels = Readonly<Record<LabelName, string>>;

export function trafficLabels(c: ConnectionOpen, flags: ResponseFlags = '-'): TrafficLabels {
	const s = c.source;
	const d = c.destination;
	const svc = c.destinationService;
	return {
		reporter: c.reporter,
		source_workload: orUnknown(s?.workloadName),
		source_canonical_service: orUnknown(s?.canonicalName),
		source_canonical_revision: orUnknown(s?.canonicalRevision),
		source_workload_namespace: orUnknown(s?.namespace),
		// Only the identity proven by the handshake, never one guessed from the source IP.
		source_principal: orUnknown(c.derivedSourceIdentity),
		source_app: orUnknown(s?.canonicalName),
		source_version: orUnknown(s?.canonicalRevision),
		source_cluster: s ? CLUSTER_ID : UNKNOWN,
		destination_service: orUnknown(svc?.hostname),
		destination_service_namespace: orUnknown(svc?.namespace),
		destination_service_name: orUnknown(svc?.name),
		destination_workload: orUnknown(d?.workloadName),
		destination_canonical_service: orUnknown(d?.canonicalName),
		destination_canonical_revision: orUnknown(d?.canonicalRevision),
		destination_workload_namespace: orUnknown(d?.namespace),
		destination_principal: d ? workloadIdentity(d) : UNKNOWN,
		destination_app: orUnknown(d?.canonicalName),
		destination_version: orUnknown(d?.canonicalRevision),
		destination_cluster: d ? CLUSTER_ID : UNKNOWN,
		request_protocol: 'tcp',
		response_flags: flags,
		connection_security_policy: c.securityPolicy
	};
}

export const METRIC_NAMES = [
	'istio_tcp_connections_opened_total',
	'istio_tcp_connections_closed_total',
	'istio_tcp_connections_failed_total',
	'istio_tcp_sent_bytes_total',
	'istio_tcp_received_bytes_total'
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricSample {
	readonly name: MetricName;
	readonly labels: TrafficLabels;
	readonly value: number;
}

const HELP: Record<MetricName, string> = {
	istio_tcp_connections_opened_total: 'The total number of TCP connections opened.',
	istio_tcp_connections_closed_total: 'The total number of TCP connections closed.',
	istio_tcp_connections_failed_total: 'The total number of TCP connections that failed.',
	istio_tcp_sent_bytes_total:
		'The size of total bytes sent during response in case of a TCP connection.',
	istio_tcp_received_bytes_total:
		'The size of total bytes received during request in case of a TCP connection.'
};

/**
 * A label set's series key, made once per labels object: a connection keeps its labels and
 * counts every chunk it copies, so joining 23 values per chunk was most of what `inc` cost.
 */
const keys = new WeakMap<TrafficLabels, string>();
function keyOf(labels: TrafficLabels): string {
	let key = keys.get(labels);
	if (key === undefined) {
		key = LABEL_NAMES.map((n) => labels[n]).join('\u0000');
		keys.set(labels, key);
	}
	return key;
}

/** One counter series: what `inc` adds to. */
export interface Series {
	readonly labels: TrafficLabels;
	value: number;
}

/** Counter families keyed by label set, in first-seen order (deterministic output). */
export class Metrics {
	readonly #families = new Map<MetricName, Map<string, Series>>();

	inc(name: MetricName, labels: TrafficLabels, by = 1): void {
		this.series(name, labels).value += by;
	}

	/**
	 * The series of `name` with `labels`, made (at 0) if it was not there: a caller that counts
	 * often (a connection's byte counters, per copied chunk) keeps it and adds to it, with no
	 * lookup per count. Ask for it when the first count comes, as `inc` would make it.
	 */
	series(name: MetricName, labels: TrafficLabels): Series {
		let family = this.#families.get(name);
		if (!family) {
			family = new Map();
			this.#families.set(name, family);
		}
		const key = keyOf(labels);
		let entry = family.get(key);
		if (!entry) {
			entry = { labels, value: 0 };
			family.set(key, entry);
		}
		return entry;
	}

	/** Every non-empty series. */
	samples(): MetricSample[] {
		const out: MetricSample[] = [];
		for (const name of METRIC_NAMES) {
			for (const { labels, value } of this.#families.get(name)?.values() ?? []) {
				out.push({ name, labels, value });
			}
		}
		return out;
	}

	/** The sum over series of `name` whose labels include `match`. */
	total(name: MetricName, match: Partial<TrafficLabels> = {}): number {
		let sum = 0;
		for (const { labels, value } of this.#families.get(name)?.values() ?? []) {
			const ok = Object.entries(match).every(([k, v]) => labels[k as LabelName] === v);
			if (ok) sum += value;
		}
		return sum;
	}

	/** The Prometheus text format the stats port (15020) serves. */
	renderPrometheus(): string {
		const lines: string[] = [];
		for (const name of METRIC_NAMES) {
			const family = this.#families.get(name);
			if (!family || family.size === 0) continue;
			lines.push(`# HELP ${name} ${HELP[name]}`, `# TYPE ${name} counter`);
			for (const { labels, value } of family.values()) {
				const body = LABEL_NAMES.map((n) => `${n}="${labels[n]}"`).join(',');
				lines.push(`${name}{${body}} ${value}`);
			}
		}
		lines.push('# EOF');
		return `${lines.join('\n')}\n`;
	}
}
