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
	report(event: TrafficEvent): void;
	/** `namespace/pod` and node, for traffic events. */
	readonly proxy: string;
	readonly node: NodeName;
	/** `namespace/name` of the Gateway, for traffic events ('' for a sidecar). */
	gateway(): string;
}
