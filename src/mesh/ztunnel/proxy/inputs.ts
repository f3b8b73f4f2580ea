/**
 * What every listener of one ztunnel shares: the network, the config, the certificates and the
 * telemetry sinks. Mirrors ztunnel src/proxy.rs ProxyInputs.
 */
import type { Clock } from '../../clock.ts';
import type { NetStack } from '../../net/socket.ts';
import type { X509Certificate } from '../../tls/certificate.ts';
import type { ReplayCache } from '../../tls/handshake.ts';
import type { SecretManager } from '../identity/manager.ts';
import type { ProxyState } from '../state/proxy-state.ts';
import type { AccessLog } from './connection-result.ts';
import type { ConnectionManager } from './connection-manager.ts';
import type { Metrics } from './metrics.ts';
import type { TrafficReporting } from './traffic.ts';
import { ms, type IpAddr } from '../../types.ts';

/** ztunnel's CONNECTION_TIMEOUT for every upstream connect (proxy.rs). */
export const CONNECTION_TIMEOUT = ms(10_000);

export interface ProxyInputs {
	readonly net: NetStack;
	readonly clock: Clock;
	/** The latest config push, indexed. */
	state(): ProxyState;
	readonly secrets: SecretManager;
	trustRoots(): readonly X509Certificate[];
	readonly metrics: Metrics;
	readonly accessLog: AccessLog;
	/** Shared by the 15008 listener's handshakes (refuses replayed ClientHellos). */
	readonly replayCache: ReplayCache;
	/** WebCrypto; defaults to `globalThis.crypto`. */
	readonly crypto?: Crypto;
	/** Where each connection's TrafficEvent goes; without it none is reported. */
	readonly traffic?: TrafficReporting;
	/** Open inbound connections, re-checked when policies change; without it none are tracked. */
	readonly connectionManager?: ConnectionManager;
	/**
	 * ztunnel's resolver, for workloads that are a hostname (a ServiceEntry with DNS resolution):
	 * resolved on demand as the connection is made (outbound.rs `resolve_on_demand_dns`).
	 */
	readonly resolve?: (hostname: string) => IpAddr | undefined;
	/** A sidecar: traffic goes straight to the destination even when a waypoint serves it. */
	readonly bypassWaypoints?: boolean;
}
