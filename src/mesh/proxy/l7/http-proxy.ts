/**
 * One HTTP request through the proxy: decide (plan.ts), hold for an injected delay, forward
 * (router.ts) with the upstream headers (request-headers.ts) or answer locally, then log, count
 * and report once the response is written (stream-info.ts).
 * Mirrors the waypoint's `main_internal` listener (pilot/pkg/networking/core/waypoint.go).
 */
import type { Header, HttpRequest, HttpResponse } from '../../net/http/message.ts';
import { type BackendRef, type RouteRule, SAME_PORT } from '../../xds/waypoint-config.ts';
import { getHeader } from '../../net/http/message.ts';
import { ms, type SimMillis } from '../../types.ts';
import { wait } from '../../clock.ts';
import { type Forwarded, downstreamResponse, forward, localReply } from './router.ts';
import {
	type Downstream,
	type RequestPlan,
	type RequestTarget,
	afterJwt,
	authzRequestOf,
	backendEndpoints,
	clusterName,
	planRequest
} from './plan.ts';
import { customCheck } from './rbac.ts';
import { extAuthzCheck, NO_EXT_AUTHZ } from './filters/ext-authz.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import type { Endpoint } from './state.ts';
import { downstreamXfcc, upstreamHeaders, xfcc } from './request-headers.ts';
import { onStreamComplete } from './stream-info.ts';
import { jwtAuthn, NO_JWT } from './filters/jwt-authn.ts';
import { checkedRequest, RBAC_FILTER_SOURCE, rbacDebugLines } from './rbac-log.ts';
import { SIM_EPOCH_MS } from '../../epoch.ts';
import {
	formatTraceparent,
	newTrace,
	parseTraceparent,
	requestId,
	type TraceContext
} from './trace.ts';

/** Envoy's stream id (a random uint64, in decimal): the Check API's `request.http.id`. */
function streamId(inputs: WaypointInputs): string {
	const hi = BigInt(inputs.rng.int(2 ** 32));
	const lo = BigInt(inputs.rng.int(2 ** 32));
	return ((hi << 32n) | lo).toString();
}

/** Envoy's filter chain work per request, in sim time (ambient L7 adds ~2 ms end to end). */
export const ENVOY_REQUEST_COST = ms(0.5);

export interface ProxiedRequest {
	readonly response: HttpResponse;
	/** Logs, counts and reports the request once its response is written. */
	finish(end: SimMillis): void;
}

type LocalReplyPlan = Extract<RequestPlan, { type: 'local-reply' }>;
type ForwardPlan = Extract<RequestPlan, { type: 'forward' }>;

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
	// Only proxies with RequestAuthentication providers await the verifier (sim order elsewhere
	// stays as it was).
	const jwt =
		target.jwt && target.jwt.length > 0
			? await jwtAuthn(inputs.crypto, target.jwt, req, (SIM_EPOCH_MS + start) / 1000)
			: NO_JWT;
	// CUSTOM: the check goes out before the DENY and ALLOW filters, only for a marked request.
	const authned = afterJwt(req, jwt);
	const custom = customCheck(target.policies, authzRequestOf(target, down, authned, jwt));
	const ext = custom?.policy.provider
		? await extAuthzCheck(inputs, custom.policy.provider, down, authned, streamId(inputs))
		: NO_EXT_AUTHZ;
	const { plan, authz } = planRequest(target, down, req, inputs.rng, jwt, ext);
	if (authz.filters && authz.filters.length > 0 && inputs.envoyLog?.enabled('rbac', 'debug')) {
		const log = inputs.envoyLog;
		for (const l of rbacDebugLines(authz.filters, checkedRequest(down, req)))
			log.write('rbac', 'debug', `${RBAC_FILTER_SOURCE}:${l.line}`, l.message);
	}
	if (plan.delayMs !== undefined) await wait(inputs.clock, ms(plan.delayMs));

	let result: Forwarded;
	if (plan.type === 'local-reply') result = planReply(plan);
	else {
		const endpoints = backendEndpoints(state, target, plan.backend, down.remote);
		if (endpoints === undefined || endpoints.length === 0) result = noUpstream(endpoints);
		else {
			// Awaited here, not in a helper: the request's await points (and so sim order) stay put.
			const cert = await xfcc(inputs, down, downstreamXfcc(plan.headers));
			const upstreamReq: HttpRequest = {
				...req,
				headers: upstreamHeaders(plan.headers, cert, rid, trace)
			};
			const connectHeaders = { traceparent: formatTraceparent(trace) };
			for (const m of plan.rule?.mirrors ?? [])
				if (m.percentage >= 100 || inputs.rng.next() * 100 < m.percentage)
					shadow(inputs, target, m.backend, plan.rule, upstreamReq, connectHeaders);
			const f = await forward(
				inputs,
				endpoints,
				plan.cluster,
				plan.rule,
				upstreamReq,
				connectHeaders
			);
			result = routed(f, plan);
		}
	}
	const info = { start, state, req, down, target, trace, requestId: rid, plan, authz, result };
	return { response: result.response, finish: (end) => onStreamComplete(inputs, info, end) };
}

/**
 * Envoy's shadow request (router.cc, request_mirror_policies): the same request to the mirror's
 * cluster with `-shadow` appended to the host name (`httpbin:8000` → `httpbin-shadow:8000`),
 * sent alongside the real one, its response and any failure discarded (fire and forget).
 */
function shadow(
	inputs: WaypointInputs,
	target: RequestTarget,
	mirror: BackendRef,
	rule: RouteRule | undefined,
	req: HttpRequest,
	connectHeaders: Readonly<Record<string, string>>
): void {
	const b = mirror.port === SAME_PORT ? { ...mirror, port: target.port } : mirror;
	const endpoints = backendEndpoints(inputs.state(), target, b);
	if (!endpoints || endpoints.length === 0) return;
	const host = getHeader(req.headers, 'host');
	const headers: Header[] =
		host === undefined
			? [...req.headers]
			: req.headers.map(([n, v]) => (n.toLowerCase() === 'host' ? [n, shadowHost(v)] : [n, v]));
	// One attempt under the route's timeout: the shadow's async request carries no retry policy.
	const once: RouteRule = {
		matches: [],
		backends: [],
		retries: { attempts: 0, retryOn: [] },
		...(rule?.timeoutMs !== undefined ? { timeoutMs: rule.timeoutMs } : {})
	};
	void forward(
		inputs,
		endpoints,
		clusterName(target, b),
		once,
		{ ...req, headers },
		connectHeaders
	).catch(() => undefined);
}

/** `host:port` → `host-shadow:port`, `host` → `host-shadow` (Envoy's shadow authority). */
export function shadowHost(authority: string): string {
	const parts = authority.split(':').filter((p) => p !== '');
	return parts.length === 2 ? parts.join('-shadow:') : `${authority}-shadow`;
}

/** A reply the filter chain made itself: RBAC's 403, `NR`'s 404, a fault's abort, a redirect. */
function planReply(plan: LocalReplyPlan): Forwarded {
	return {
		response: localReply(plan.status, plan.body, plan.headers),
		flags: [...plan.flags],
		details: plan.details
	};
}

/** The route's cluster is unknown (`NC`) or has no endpoint (`UH`). */
function noUpstream(endpoints: readonly Endpoint[] | undefined): Forwarded {
	if (endpoints === undefined) {
		return { response: localReply(503, ''), flags: ['NC'], details: 'cluster_not_found' };
	}
	return {
		response: localReply(503, 'no healthy upstream'),
		flags: ['UH'],
		details: 'no_healthy_upstream'
	};
}

/** The router's answer as the client gets it: the route's response headers, `DI` after a delay. */
function routed(f: Forwarded, plan: ForwardPlan): Forwarded {
	return {
		...f,
		response:
			f.details === 'via_upstream'
				? downstreamResponse(f.response, plan.rule, f.serviceTime)
				: f.response,
		flags: plan.delayMs !== undefined ? ['DI', ...f.flags] : f.flags
	};
}
