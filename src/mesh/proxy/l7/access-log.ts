/**
 * What the waypoint records about one request, and the access log line Envoy writes for it in
 * Istio's default text format (pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat):
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *   %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 *   "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
 *   %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
 *   "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
 *   %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 *   %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 *
 * A real waypoint line: `[2025-01-30T12:10:13.279Z] "GET /details/0 HTTP/1.1" 200 - via_upstream
 * - "-" 0 178 0 0 "-" "Go-http-client/1.1" "e7d5…" "details:9080"
 * "envoy://connect_originate/10.244.0.32:9080" inbound-vip|9080|http|details.bookinfo.svc.cluster.local
 * envoy://internal_client_address/ 10.96.185.196:9080 10.244.0.37:52134 - default`.
 */
import type { SimMillis } from '../../types.ts';
import { simDate } from '../../net/http/message.ts';

export interface RequestLog {
	readonly start: SimMillis;
	readonly end: SimMillis;
	readonly method: string;
	/** The request-target as received, query included. */
	readonly path: string;
	readonly protocol: string;
	readonly status: number;
	/** Envoy's response flags (`UF`, `URX`, `UT`, `FI`, `DI`, `NR`, `UH`); empty: `-`. */
	readonly flags: readonly string[];
	readonly details: string;
	readonly upstreamFailure?: string;
	/** Request body bytes received from downstream. */
	readonly bytesReceived: number;
	/** Response body bytes sent downstream. */
	readonly bytesSent: number;
	readonly upstreamServiceTime?: number;
	readonly forwardedFor?: string;
	readonly userAgent?: string;
	readonly requestId: string;
	readonly authority: string;
	readonly upstreamHost?: string;
	readonly upstreamCluster?: string;
	readonly upstreamLocal?: string;
	readonly downstreamLocal: string;
	readonly downstreamRemote: string;
	readonly routeName?: string;
}

/** `-` for a missing value, as Envoy prints it. */
const dash = (s: string | number | undefined): string =>
	s === undefined || s === '' ? '-' : String(s);

export function formatFlags(flags: readonly string[]): string {
	return flags.length === 0 ? '-' : flags.join(',');
}

/** %START_TIME%: `2026-01-01T00:00:00.123Z`. */
export function startTime(at: SimMillis): string {
	return simDate(at).toISOString();
}

export function accessLogLine(l: RequestLog): string {
	const duration = Math.max(0, Math.round(l.end - l.start));
	const serviceTime =
		l.upstreamServiceTime === undefined ? '-' : String(Math.round(l.upstreamServiceTime));
	return (
		`[${startTime(l.start)}] "${l.method} ${l.path} ${l.protocol}" ${l.status} ` +
		`${formatFlags(l.flags)} ${dash(l.details)} - "${dash(l.upstreamFailure)}" ` +
		`${l.bytesReceived} ${l.bytesSent} ${duration} ${serviceTime} ` +
		`"${dash(l.forwardedFor)}" "${dash(l.userAgent)}" "${l.requestId}" "${l.authority}" ` +
		`"${dash(l.upstreamHost)}" ${dash(l.upstreamCluster)} ${dash(l.upstreamLocal)} ` +
		`${l.downstreamLocal} ${l.downstreamRemote} - ${dash(l.routeName)}`
	);
}
