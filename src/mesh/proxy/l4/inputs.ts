/**
 * What every listener of one ztunnel shares: the network, the config, the certificates and the
 * telemetry sinks. Mirrors ztunnel src/proxy.rs ProxyInputs.
 */
import type { Clock } from '../../clock.ts';
import type { NetStack, Socket } from '../../net/socket.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import type { SocketAddr } from '../../types.ts';
import type { Authorization, Workload } from '../../xds/workload-api.ts';
import type { X509Certificate } from '../../tls/certificate.ts';
import type { ReplayCache } from '../../tls/handshake.ts';
import type { SecretManager } from './identity/manager.ts';
import type { ProxyState, ServiceDescription } from './state/proxy-state.ts';
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
	/** The host's WebCrypto (the runtime tracks it). */
	readonly crypto: Crypto;
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
	/**
	 * A sidecar: whether a plain-TCP upstream (no HBONE) gets Istio mutual TLS, by auto mTLS or
	 * the DestinationRule of the service meant (`service`, undefined for a pod address).
	 */
	readonly istioMtls?: (workload: Workload, service: ServiceDescription | undefined) => boolean;
	/** A sidecar: its inbound HTTP ports go to the L7 engine once L4 has let them in. */
	readonly inboundHttp?: InboundHttp;
}

/** What an allowed inbound connection to an HTTP port hands the L7 engine. */
export interface InboundConnection {
	/** The client, and the pod address and target port it reached. */
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	/** Proven by mTLS (HBONE); undefined for plaintext. */
	readonly identity: SpiffeId | undefined;
	readonly peerCertificate: X509Certificate | undefined;
	/** `tls`: Istio mTLS straight over TCP (a sidecar's 15006 mTLS chain); else HBONE or none. */
	readonly transport?: 'tls';
	readonly traceparent: string | undefined;
	readonly destination: Workload;
	/** The Service the client meant (guessInboundService), for metrics. */
	readonly service: ServiceDescription | undefined;
}

/**
 * Envoy's inbound listener in a sidecar: a port whose protocol is HTTP gets the HTTP connection
 * manager (L7 RBAC per request), so AuthorizationPolicies are enforced there, not at L4.
 */
export interface InboundHttp {
	/** Whether the pod's `dst` (target port) speaks HTTP. */
	handles(destination: Workload, dst: SocketAddr): boolean;
	/** The L4 policies still checked per connection on such a port (PeerAuthentication's). */
	connectionPolicies(policies: readonly Authorization[]): Authorization[];
	/** Serves the requests of one connection the L4 check let in. */
	serve(stream: Socket, conn: InboundConnection): Promise<void>;
}
