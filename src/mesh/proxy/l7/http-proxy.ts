/**
 * One HTTP request through the waypoint: decide (plan.ts), hold for an injected delay, forward
 * (router.ts) or answer locally, then log, count and report once the response is written.
 * Mirrors the waypoint's `main_internal` listener (pilot/pkg/networking/core/waypoint.go).
 */
import type { HttpRequest, HttpResponse } from '../../net/http/message.ts';
import { getHeader, withoutHeader } from '../../net/http/message.ts';
import { toDer } from '../../tls/certificate.ts';
import { formatAddr, ms, type SimMillis } from '../../types.ts';
import { accessLogLine, formatFlags, type RequestLog } from './access-log.ts';
import { type Forwarded, downstreamResponse, forward, localReply } from './router.ts';
import { requestLabels } from './metrics.ts';
import { type Downstream, type RequestTarget, backendEndpoints, planRequest } from './plan.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import { trafficEvent } from './report.ts';
import {
	formatTraceparent,
	newTrace,
	parseTraceparent,
	requestId,
	type TraceContext
} from './trace.ts';
import { upstreamHost } from './upstream.ts';

/** Envoy's filter chain work per request, in sim time (ambient L7 adds ~2 ms end to end). */
export const ENVOY_REQUEST_COST = ms(0.5);

/** `By=<waypoint>;Hash=<sha256 of the client cert>;Subject="";URI=<client>` (APPEND_FORWARD). */
async function xfcc(
	inputs: WaypointInputs,
	down: Downstream,
	existing: string | undefined
): Promise<string | undefined> {
	const own = inputs.identity();
	if (!down.identity || !down.peerCertificate || !own) return existing;
	const digest = await inputs.crypto.subtle.digest('SHA-256', toDer(down.peerCertificate).slice());
	const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
	const mine = `By=${own};Hash=${hash};Subject="";URI=${down.identity}`;
	return existing ? `${existing},${mine}` : mine;
}

export interface ProxiedRequest {
	readonly response: HttpResponse;
	/** Logs, counts and reports the request once its response is written. */
	finish(end: SimMillis): void;
}

/** Carries one request through the filter chain and upstream. */
export async function proxyRequest(
	inputs: WaypointInputs,
	target: RequestTarget,
	down: Downstream,
	req: HttpRequest
): Promise<ProxiedRequest> {
	const start = inputs.clock.now();
	const state = inputs.state();
	await inputs.clock.sleep(ENVOY_REQUEST_COST);
	const trace: TraceContext =
		parseTraceparent(getHeader(req.headers, 'traceparent')) ??
		parseTraceparent(down.connectTraceparent) ??
		newTrace(inputs.traces);
	const rid = getHeader(req.headers, 'x-request-id') ?? requestId(inputs.rng);
	const { plan, authz } = planRequest(target, down, req, inputs.rng);
	if (plan.delayMs !== undefined) await inputs.clock.sleep(ms(plan.delayMs));

	let result: Forwarded;
	let cluster = plan.cluster;
	let backend: string | undefined;
	if (plan.type === 'local-reply') {
		result = {
			response: localReply(plan.status, plan.body, plan.headers),
			flags: [...plan.flags],
			details: plan.details
		};
	} else {
		cluster = plan.cluster;
		backend = `${plan.backend.hostname}:${plan.backend.port}`;
		const endpoints = backendEndpoints(state, target, plan.backend, down.remote);
		if (endpoints === undefined) {
			result = { response: localReply(503, ''), flags: ['NC'], details: 'cluster_not_found' };
		} else if (endpoints.length === 0) {
			result = {
				response: localReply(503, 'no healthy upstream'),
				flags: ['UH'],
				details: 'no_healthy_upstream'
			};
		} else {
			let headers = withoutHeader(plan.headers, 'x-forwarded-client-cert');
			const cert = await xfcc(inputs, down, getHeader(plan.headers, 'x-forwarded-client-cert'));
			if (cert) headers = [...headers, ['x-forwarded-client-cert', cert]];
			if (!getHeader(headers, 'x-request-id')) headers = [...headers, ['x-request-id', rid]];
			if (!getHeader(headers, 'traceparent')) {
				headers = [...headers, ['traceparent', formatTraceparent(trace)]];
			}
			headers = [...withoutHeader(headers, 'x-forwarded-proto'), ['x-forwarded-proto', 'http']];
			const upstreamReq: HttpRequest = { ...req, headers };
			const connectHeaders = { traceparent: formatTraceparent(trace) };
			const f = await forward(inputs, endpoints, cluster, plan.rule, upstreamReq, connectHeaders);
			result = {
				...f,
				response:
					f.details === 'via_upstream'
						? downstreamResponse(f.response, plan.rule, f.serviceTime)
						: f.response,
				flags: plan.delayMs !== undefined ? ['DI', ...f.flags] : f.flags
			};
		}
	}

	const response = result.response;
	const routeName = plan.routeName;
	const finish = (end: SimMillis): void => {
		const flags = formatFlags(result.flags);
		const ep = result.endpoint;
		const log: RequestLog = {
			start,
			end,
			method: req.method,
			path: req.target,
			protocol: req.version,
			status: response.status,
			flags: result.flags,
			details: result.details,
			...(result.upstreamFailure !== undefined ? { upstreamFailure: result.upstreamFailure } : {}),
			bytesReceived: req.body.length,
			bytesSent: response.body.length,
			...(result.serviceTime !== undefined ? { upstreamServiceTime: result.serviceTime } : {}),
			...optional('forwardedFor', getHeader(req.headers, 'x-forwarded-for')),
			...optional('userAgent', getHeader(req.headers, 'user-agent')),
			requestId: rid,
			authority: getHeader(req.headers, 'host') ?? '-',
			...optional('upstreamHost', ep ? upstreamHost(ep) : undefined),
			...optional('upstreamCluster', cluster),
			...optional('upstreamLocal', ep ? upstreamLocal(inputs, result) : undefined),
			downstreamLocal: formatAddr(down.local),
			downstreamRemote: formatAddr(down.remote),
			...optional('routeName', routeName)
		};
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
				destination: ep?.workload ?? target.workload,
				service,
				status: response.status,
				flags,
				mtls: outbound ? 'unknown' : down.mtls
			}),
			end - start
		);
		inputs.report(
			trafficEvent(inputs, {
				trace,
				start,
				end,
				down,
				source,
				ep,
				service: svc?.hostname,
				authz,
				http: {
					method: req.method,
					path: req.target,
					authority: log.authority,
					status: response.status,
					...optional('route', plan.type === 'forward' ? plan.routeSource : undefined),
					...optional('backend', backend),
					responseFlags: flags
				},
				bytesReceived: req.body.length,
				bytesSent: response.body.length
			})
		);
	};
	return { response, finish };
}

/** `istio_requests_total{reporter}` per role: gateways and client sidecars report as `source`. */
const REPORTER = {
	waypoint: 'waypoint',
	gateway: 'source',
	'sidecar-outbound': 'source',
	'sidecar-inbound': 'destination'
} as const;

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
