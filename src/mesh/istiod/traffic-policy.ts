/**
 * A DestinationRule's `trafficPolicy.connectionPool` and `outlierDetection` as the proxy's
 * cluster gets them: pilot/pkg/networking/core/cluster_traffic_policy.go `applyConnectionPool`
 * (a zero or unset limit stays Envoy's unlimited default, getDefaultCircuitBreakerThresholds)
 * and `applyOutlierDetection` (Envoy's defaults for what is unset: consecutive_5xx 5, interval
 * 10 s, base_ejection_time 30 s, max_ejection_percent 10). The DestinationRule is the one the
 * client applies to the host (sidecar-tls.ts `ruleFor`: client namespace, the Service's, root).
 * Subset-level trafficPolicy and portLevelSettings are not read (README, Simplified).
 */
import type { KubeObject } from '../api/objects.ts';
import type {
	ConnectionPoolPolicy,
	OutlierDetectionPolicy,
	TrafficPolicies,
	TrafficPolicy
} from '../xds/traffic-policy.ts';
import type { Service } from '../xds/workload-api.ts';
import { parseDuration } from './routes-duration.ts';
import { ruleFor } from './sidecar-tls.ts';

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | undefined =>
	typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Obj) : undefined;
/** A positive integer limit, else undefined (zero means "unset" to istiod: the FIXME it carries). */
const limit = (x: unknown): number | undefined =>
	typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : undefined;

function connectionPool(cp: Obj | undefined): ConnectionPoolPolicy | undefined {
	if (!cp) return undefined;
	const tcp = obj(cp['tcp']);
	const http = obj(cp['http']);
	const out: Record<string, number> = {};
	const set = (k: keyof ConnectionPoolPolicy, v: number | undefined) => {
		if (v !== undefined) out[k] = v;
	};
	set('maxConnections', limit(tcp?.['maxConnections']));
	set('maxPendingRequests', limit(http?.['http1MaxPendingRequests']));
	set('maxRequests', limit(http?.['http2MaxRequests']));
	set('maxRequestsPerConnection', limit(http?.['maxRequestsPerConnection']));
	return out as ConnectionPoolPolicy;
}

function outlierDetection(od: Obj | undefined): OutlierDetectionPolicy | undefined {
	if (!od) return undefined;
	// consecutive5xxErrors is a UInt32Value (0 turns it off); the deprecated consecutiveErrors
	// still maps to consecutive gateway errors' sibling in old releases, not read here.
	const c5 = od['consecutive5xxErrors'];
	const gw = od['consecutiveGatewayErrors'];
	const pct = od['maxEjectionPercent'];
	return {
		consecutive5xx: typeof c5 === 'number' && c5 >= 0 ? c5 : 5,
		...(typeof gw === 'number' && gw > 0 ? { consecutiveGatewayErrors: gw } : {}),
		intervalMs: parseDuration(od['interval']) ?? 10_000,
		baseEjectionTimeMs: parseDuration(od['baseEjectionTime']) ?? 30_000,
		maxEjectionPercent: typeof pct === 'number' && pct > 0 ? Math.min(pct, 100) : 10
	};
}

/** The traffic policy a DestinationRule gives its host's cluster, if it sets either part. */
export function trafficPolicyOf(dr: KubeObject): TrafficPolicy | undefined {
	const tp = obj(obj(dr['spec'])?.['trafficPolicy']);
	const pool = connectionPool(obj(tp?.['connectionPool']));
	const outlier = outlierDetection(obj(tp?.['outlierDetection']));
	if (!pool && !outlier) return undefined;
	return {
		...(pool ? { connectionPool: pool } : {}),
		...(outlier ? { outlierDetection: outlier } : {})
	};
}

/** Hostname → traffic policy, for the Services a proxy in `clientNamespace` may call. */
export function trafficPolicies(
	destinationRules: readonly KubeObject[],
	clientNamespace: string,
	rootNamespace: string,
	services: readonly Service[]
): TrafficPolicies {
	const out: Record<string, TrafficPolicy> = {};
	if (destinationRules.length === 0) return out;
	for (const s of services) {
		const namespaces = [...new Set([clientNamespace, s.namespace, rootNamespace])];
		const dr = ruleFor(destinationRules, namespaces, s.hostname);
		const policy = dr && trafficPolicyOf(dr);
		if (policy) out[s.hostname] = policy;
	}
	return out;
}
