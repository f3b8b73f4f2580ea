/**
 * What every listener of one waypoint shares: time, randomness, the config, the upstream side
 * and the telemetry sinks (ztunnel's ProxyInputs, for Envoy).
 */
import type { Clock } from '../../clock.ts';
import type { Rng } from '../../random.ts';
import type { TrafficEvent } from '../../telemetry/traffic.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import type { NodeName } from '../../types.ts';
import type { WaypointMetrics } from './metrics.ts';
import type { L7ProxyState } from './state.ts';
import type { UpstreamDeps } from './upstream.ts';

/**
 * Envoy's own log (not the access log), by logger and level, as `istioctl proxy-config log`
 * sets them: `%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t` (Istio's bootstrap).
 */
export interface EnvoyDebugLog {
	enabled(logger: string, level: 'debug' | 'info' | 'warning'): boolean;
	write(logger: string, level: 'debug' | 'info' | 'warning', source: string, message: string): void;
}

export type L7Role = 'waypoint' | 'gateway' | 'sidecar-outbound' | 'sidecar-inbound';

export interface WaypointInputs extends UpstreamDeps {
	/**
	 * A waypoint (HBONE in), an ingress gateway (plain HTTP listeners), or one side of a sidecar:
	 * its outbound listener (the app's requests, reporter `source`) or its inbound one (requests
	 * to the app, reporter `destination`).
	 */
	readonly role: L7Role;
	readonly rng: Rng;
	/** New trace ids for requests that bring none; `rng` itself in a cluster's first generation. */
	readonly traces: Rng;
	readonly clock: Clock;
	state(): L7ProxyState;
	/** This proxy's identity (the waypoint's service account, a sidecar's pod's). */
	identity(): SpiffeId | undefined;
	readonly metrics: WaypointMetrics;
	/** Writes one line to the container log. */
	log(line: string): void;
	/** Envoy's debug log; absent where the proxy's loggers are not modelled (no such lines). */
	readonly envoyLog?: EnvoyDebugLog;
	report(event: TrafficEvent): void;
	/** `namespace/pod` and node, for traffic events. */
	readonly proxy: string;
	readonly node: NodeName;
	/** `namespace/name` of the Gateway, for traffic events ('' for a sidecar). */
	gateway(): string;
}
