/**
 * What is known about one request once its response is written, and what the proxy does with
 * it: the access log line, `istio_requests_total` and the TrafficEvent. Mirrors Envoy's
 * `StreamInfo` (envoy/stream_info/stream_info.h) handed to the access loggers and Istio's stats
 * filter when the stream completes (`ActiveStream::onStreamComplete`).
 */
import type { HttpRequest } from '../../net/http/message.ts';
import { getHeader } from '../../net/http/message.ts';
import { formatAddr, type SimMillis } from '../../types.ts';
import { accessLogLine, formatFlags, type RequestLog } from './access-log.ts';
import { requestLabels } from './metrics.ts';
import type { Downstream, RequestPlan, RequestTarget } from './plan.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import type { AuthzDecision } from './rbac.ts';
import { trafficEvent } from './report.ts';
import type { Forwarded } from './router.ts';
import type { L7ProxyState } from './state.ts';
import type { TraceContext } from './trace.ts';
import { upstreamHost } from './upstream.ts';

export interface StreamInfo {
	readonly start: SimMillis;
	/** The config the request was decided with (a push during it does not change its log). */
	readonly state: L7ProxyState;
	readonly req: HttpRequest;
	readonly down: Downstream;
	readonly target: RequestTarget;
	readonly trace: TraceContext;
	readonly requestId: string;
	readonly plan: RequestPlan;
	readonly authz: AuthzDecision;
	/** What the router (or a local reply) answered. */
	readonly result: Forwarded;
}

/** `istio_requests_total{reporter}` per role: gateways and client sidecars report as `source`. */
const REPORTER = {
	waypoint: 'waypoint',
	gateway: 'source',
	'sidecar-outbound': 'source',
	'sidecar-inbound': 'destination'
} as const;

/** Logs, counts and reports the request whose response was written at `end`. */
export function onStreamComplete(inputs: WaypointInputs, info: StreamInfo, end: SimMillis): void {
	const { state, down, target, result } = info;
	const flags = formatFlags(result.flags);
	const log = requestLog(inputs, info, end);
	// Envoy writes access logs only where a Telemetry (accessLogging, provider envoy) enables them.
	if (state.config.accessLogging) inputs.log(accessLogLine(log));
	const source = state.workloadByIp(down.remote.ip);
	const svc = target.service;
	const service = svc
		? { hostname: svc.hostname, name: svc.name, namespace: svc.namespace }
		: undefined;
	const outbound = inputs.role === 'sidecar-outbound';
	inputs.metrics.record(
		requestLabels({
			reporter: REPORTER[inputs.role],
			// A client-side sidecar speaks for its own pod; elsewhere mTLS proves the client.
			sourceIdentity: outbound ? inputs.identity() : down.identity,
			source,
			destination: result.endpoint?.workload ?? target.workload,
			service,
			status: result.response.status,
			flags,
			mtls: outbound ? 'unknown' : down.mtls
		}),
		end - info.start
	);
	inputs.report(
		trafficEvent(inputs, {
			trace: info.trace,
			start: info.start,
			end,
			down,
			source,
			ep: result.endpoint,
			service: svc?.hostname,
			authz: info.authz,
			http: {
				method: info.req.method,
				path: info.req.target,
				authority: log.authority,
				status: result.response.status,
				...optional('route', info.plan.type === 'forward' ? info.plan.routeSource : undefined),
				...optional('backend', backendOf(info.plan)),
				responseFlags: flags
			},
			bytesReceived: info.req.body.length,
			bytesSent: result.response.body.length
		})
	);
}

/** The access log's fields (%…% of Istio's default format, access-log.ts). */
function requestLog(inputs: WaypointInputs, info: StreamInfo, end: SimMillis): RequestLog {
	const { req, down, result } = info;
	const ep = result.endpoint;
	return {
		start: info.start,
		end,
		method: req.method,
		path: req.target,
		protocol: req.version,
		status: result.response.status,
		flags: result.flags,
		details: result.details,
		...(result.upstreamFailure !== undefined ? { upstreamFailure: result.upstreamFailure } : {}),
		bytesReceived: req.body.length,
		bytesSent: result.response.body.length,
		...(result.serviceTime !== undefined ? { upstreamServiceTime: result.serviceTime } : {}),
		...optional('forwardedFor', getHeader(req.headers, 'x-forwarded-for')),
		...optional('userAgent', getHeader(req.headers, 'user-agent')),
		requestId: info.requestId,
		authority: getHeader(req.headers, 'host') ?? '-',
		...optional('upstreamHost', ep ? upstreamHost(ep) : undefined),
		...optional('upstreamCluster', info.plan.cluster),
		...optional('upstreamLocal', ep ? upstreamLocal(inputs, result) : undefined),
		downstreamLocal: formatAddr(down.local),
		// %DOWNSTREAM_REMOTE_ADDRESS%: the trusted client address once XFF is trusted.
		downstreamRemote: formatAddr(down.trustedRemote ?? down.remote),
		...optional('routeName', info.plan.routeName)
	};
}

/** `host:port` of the backend a forwarding route chose (the traffic event's `backend`). */
function backendOf(plan: RequestPlan): string | undefined {
	return plan.type === 'forward' ? `${plan.backend.hostname}:${plan.backend.port}` : undefined;
}

/**
 * %UPSTREAM_LOCAL_ADDRESS%: a waypoint's or gateway's upstream always leaves through an internal
 * listener; a sidecar's through HBONE does too, else it is the socket's own address.
 */
function upstreamLocal(inputs: WaypointInputs, result: Forwarded): string | undefined {
	if (inputs.role === 'waypoint' || inputs.role === 'gateway')
		return 'envoy://internal_client_address/';
	return result.upstreamLocal;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
	return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
