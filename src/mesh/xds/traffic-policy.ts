/**
 * A DestinationRule's `trafficPolicy.connectionPool` and `outlierDetection` as istiod hands them
 * to an Envoy-based proxy (a waypoint or a sidecar) for one host: Envoy's cluster
 * `circuit_breakers.thresholds` and `outlier_detection`, in plain shapes. istiod
 * (istiod/traffic-policy.ts) produces it from pilot's cluster_traffic_policy.go
 * (`applyConnectionPool`, `applyOutlierDetection`); the L7 engine enforces it
 * (proxy/l7/circuit-breakers.ts, proxy/l7/outlier-detection.ts). Plain data only.
 */

/** Envoy's circuit breaker thresholds for the cluster's default priority; absent: unlimited. */
export interface ConnectionPoolPolicy {
	/** `tcp.maxConnections` → `max_connections`. */
	readonly maxConnections?: number;
	/** `http.http1MaxPendingRequests` → `max_pending_requests`. */
	readonly maxPendingRequests?: number;
	/** `http.http2MaxRequests` → `max_requests` (every protocol in Envoy today). */
	readonly maxRequests?: number;
	/** `http.maxRequestsPerConnection` → `common_http_protocol_options.max_requests_per_connection`. */
	readonly maxRequestsPerConnection?: number;
}

/** Envoy's `outlier_detection` as Istio sets it (success-rate ejection off). */
export interface OutlierDetectionPolicy {
	/** `consecutive5xxErrors` → `consecutive_5xx` (Envoy's default 5; 0 turns it off). */
	readonly consecutive5xx: number;
	/** `consecutiveGatewayErrors` → `consecutive_gateway_failure` (off unless set). */
	readonly consecutiveGatewayErrors?: number;
	/** `interval` (Envoy's default 10 s), in ms. */
	readonly intervalMs: number;
	/** `baseEjectionTime` (default 30 s), in ms. */
	readonly baseEjectionTimeMs: number;
	/** `maxEjectionPercent` (default 10). */
	readonly maxEjectionPercent: number;
}

export interface TrafficPolicy {
	readonly connectionPool?: ConnectionPoolPolicy;
	readonly outlierDetection?: OutlierDetectionPolicy;
}

/** Service hostname → the traffic policy of the DestinationRule that applies to it. */
export type TrafficPolicies = Readonly<Record<string, TrafficPolicy>>;
