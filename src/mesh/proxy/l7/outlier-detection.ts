/**
 * Envoy's outlier detection for one cluster (docs: "Outlier detection"; source/extensions/
 * clusters/common/outlier_detection_impl.cc), as Istio configures it (success rate off):
 * - each host's consecutive 5xx count: an upstream response ≥ 500, or a connect failure or
 *   reset (Istio leaves `split_external_local_origin_errors` off, so local-origin failures count
 *   as 5xx); any other response resets it. Reaching `consecutive_5xx` ejects the host at once,
 *   as does `consecutive_gateway_failure` for 502/503/504 and local-origin failures;
 * - an ejection is refused when it would take more than `max_ejection_percent` of the hosts out,
 *   except that one host may always be ejected ("will eject at least one host regardless");
 * - an ejected host comes back at the first interval tick after `base_ejection_time` × the
 *   times it was ejected (capped by `max_ejection_time`, 300 s); ticks run every `interval` from
 *   the cluster's first request (the detector's timer), checked when hosts are picked.
 */
import type { OutlierDetectionPolicy } from '../../xds/traffic-policy.ts';

/** Envoy's default `max_ejection_time`. */
const MAX_EJECTION_MS = 300_000;

interface HostState {
	consecutive5xx: number;
	consecutiveGateway: number;
	timesEjected: number;
	/** Sim ms at which the host is back; undefined: not ejected. */
	ejectedUntil?: number;
}

/** What one attempt on a host came to, for the detector. */
export type HostOutcome = { readonly status: number } | { readonly localFailure: true };

export class OutlierDetector {
	policy: OutlierDetectionPolicy;
	readonly #hosts = new Map<string, HostState>();
	readonly #epoch: number;
	/** `outlier_detection.ejections_enforced_total` and friends. */
	readonly stats = { ejections_enforced_total: 0, ejections_active: 0, ejections_overflow: 0 };

	constructor(policy: OutlierDetectionPolicy, now: number) {
		this.policy = policy;
		this.#epoch = now;
	}

	#state(host: string): HostState {
		let s = this.#hosts.get(host);
		if (!s) {
			s = { consecutive5xx: 0, consecutiveGateway: 0, timesEjected: 0 };
			this.#hosts.set(host, s);
		}
		return s;
	}

	/** Un-ejects hosts whose time is up at the last interval tick before `now`. */
	#sweep(now: number): void {
		const interval = Math.max(1, this.policy.intervalMs);
		const tick = this.#epoch + Math.floor((now - this.#epoch) / interval) * interval;
		for (const s of this.#hosts.values()) {
			if (s.ejectedUntil !== undefined && s.ejectedUntil <= tick) {
				delete s.ejectedUntil;
				s.consecutive5xx = 0;
				s.consecutiveGateway = 0;
			}
		}
		this.stats.ejections_active = [...this.#hosts.values()].filter(
			(s) => s.ejectedUntil !== undefined
		).length;
	}

	/** Whether `host` is ejected at `now`. */
	isEjected(host: string, now: number): boolean {
		this.#sweep(now);
		return this.#hosts.get(host)?.ejectedUntil !== undefined;
	}

	/** Records an attempt's outcome; `total`: the cluster's hosts now (for max_ejection_percent). */
	record(host: string, outcome: HostOutcome, now: number, total: number): void {
		this.#sweep(now);
		const s = this.#state(host);
		if (s.ejectedUntil !== undefined) return;
		const status = 'status' in outcome ? outcome.status : 503;
		const local = 'localFailure' in outcome;
		if (status < 500 && !local) {
			s.consecutive5xx = 0;
			s.consecutiveGateway = 0;
			return;
		}
		s.consecutive5xx++;
		if (local || status === 502 || status === 503 || status === 504) s.consecutiveGateway++;
		else s.consecutiveGateway = 0;
		const by5xx = this.policy.consecutive5xx > 0 && s.consecutive5xx >= this.policy.consecutive5xx;
		const gw = this.policy.consecutiveGatewayErrors;
		const byGateway = gw !== undefined && s.consecutiveGateway >= gw;
		if (by5xx || byGateway) this.#eject(s, now, total);
	}

	#eject(s: HostState, now: number, total: number): void {
		const ejected = this.stats.ejections_active;
		const allowed =
			ejected === 0 || ((ejected + 1) * 100) / Math.max(1, total) <= this.policy.maxEjectionPercent;
		if (!allowed) {
			this.stats.ejections_overflow++;
			return;
		}
		s.timesEjected++;
		const cap = Math.max(MAX_EJECTION_MS, this.policy.baseEjectionTimeMs);
		s.ejectedUntil = now + Math.min(this.policy.baseEjectionTimeMs * s.timesEjected, cap);
		this.stats.ejections_enforced_total++;
		this.stats.ejections_active++;
	}
}
