/**
 * The upstream half of Envoy's router: pick an endpoint, send, and apply the route's timeout
 * (504 `upstream request timeout`, flag `UT`) and retries (`retry_on`, back-off, `URX` once the
 * budget is spent); local replies carry Envoy's texts and response flags.
 */
import type { Header, HttpRequest, HttpResponse } from '../../net/http/message.ts';
import { makeResponse, withoutHeader } from '../../net/http/message.ts';
import { ms } from '../../types.ts';
import type { RouteRule } from '../../xds/waypoint-config.ts';
import { type AttemptOutcome, backoffMs, isRetriable, retryPolicy } from './filters/retry.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import { applyHeaderModifier } from './route.ts';
import type { ClusterCircuit, Endpoint } from './state.ts';
import { type AttemptResult, sendUpstream, upstreamHost } from './upstream.ts';

export const TIMEOUT_BODY = 'upstream request timeout';

/**
 * A circuit breaker's overflow as the router answers it (router.cc `onUpstreamReset` with reset
 * reason `overflow`): 503, `x-envoy-overloaded: true`, flag `UO`; never retried.
 */
export function overflowReply(): Forwarded {
	return {
		response: localReply(
			503,
			'upstream connect error or disconnect/reset before headers. reset reason: overflow',
			[['x-envoy-overloaded', 'true']]
		),
		flags: ['UO'],
		details: 'upstream_reset_before_response_started{overflow}'
	};
}

/** Every endpoint ejected by outlier detection (Istio turns the panic threshold off): `UH`. */
function noHealthyUpstream(): Forwarded {
	return {
		response: localReply(503, 'no healthy upstream'),
		flags: ['UH'],
		details: 'no_healthy_upstream'
	};
}

/** The endpoints outlier detection has not ejected. */
function notEjected(
	circuit: ClusterCircuit | undefined,
	endpoints: readonly Endpoint[],
	now: number
): readonly Endpoint[] {
	const o = circuit?.outlier;
	return o ? endpoints.filter((ep) => !o.isEjected(upstreamHost(ep), now)) : endpoints;
}

interface Timer {
	readonly fired: Promise<'timeout'>;
	cancel(): void;
}

function timer(inputs: WaypointInputs, delayMs: number | undefined): Timer {
	if (delayMs === undefined) return { fired: new Promise(() => {}), cancel: () => {} };
	let cancel = () => {};
	const fired = new Promise<'timeout'>((resolve) => {
		cancel = inputs.clock.after(ms(delayMs), () => resolve('timeout'));
	});
	return { fired, cancel };
}

/** An Envoy local reply: `content-type: text/plain` when it has a body, `server: istio-envoy`. */
export function localReply(
	status: number,
	body: string,
	extra: readonly Header[] = []
): HttpResponse {
	const headers: Header[] = body === '' ? [...extra] : [...extra, ['content-type', 'text/plain']];
	headers.push(['server', 'istio-envoy']);
	return makeResponse(status, body, headers);
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'server'];

export interface Forwarded {
	readonly response: HttpResponse;
	readonly flags: string[];
	readonly details: string;
	readonly upstreamFailure?: string;
	readonly endpoint?: Endpoint;
	readonly serviceTime?: number;
	/** %UPSTREAM_LOCAL_ADDRESS% of the attempt that answered. */
	readonly upstreamLocal?: string;
}

function upstreamFailureReply(
	last: AttemptResult | 'per-try-timeout',
	retried: boolean,
	exhausted: boolean
): Forwarded {
	const prefix = retried
		? 'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: '
		: 'upstream connect error or disconnect/reset before headers. reset reason: ';
	const urx = exhausted ? ['URX'] : [];
	if (last === 'per-try-timeout') {
		return {
			response: localReply(504, TIMEOUT_BODY),
			flags: ['UT', ...urx],
			details: 'upstream_per_try_timeout'
		};
	}
	if (last.type === 'connect-failure') {
		return {
			response: localReply(
				503,
				`${prefix}remote connection failure, transport failure reason: ${last.reason}`
			),
			flags: ['UF', ...urx],
			details: 'upstream_reset_before_response_started{remote_connection_failure}',
			upstreamFailure: last.reason
		};
	}
	return {
		response: localReply(503, `${prefix}connection termination`),
		flags: ['UC', ...urx],
		details: 'upstream_reset_before_response_started{connection_termination}'
	};
}

const outcomeOf = (last: AttemptResult | 'per-try-timeout'): AttemptOutcome =>
	last === 'per-try-timeout'
		? { type: 'per-try-timeout' }
		: last.type === 'response'
			? { type: 'response', status: last.response.status }
			: { type: last.type };

/**
 * Attempts with retries, per-try and overall timeouts. The overall timeout covers every try and
 * back-off, as Envoy's route timeout does. `cluster` keys the round-robin cursor.
 */
export async function forward(
	inputs: WaypointInputs,
	endpoints: readonly Endpoint[],
	cluster: string,
	rule: RouteRule | undefined,
	upstreamReq: HttpRequest,
	connectHeaders: Readonly<Record<string, string>>
): Promise<Forwarded> {
	const started = inputs.clock.now();
	const policy = retryPolicy(rule);
	const overall = timer(inputs, rule?.timeoutMs);
	const overallFired = overall.fired.then(() => 'overall' as const);
	let last: AttemptResult | 'per-try-timeout' = { type: 'reset', reason: 'no attempt' };
	let endpoint: Endpoint | undefined;
	let tries = 0;
	const circuit = inputs.state().circuit(cluster, inputs.clock.now());
	try {
		while (tries <= policy.attempts) {
			if (tries > 0) {
				const pause = timer(inputs, backoffMs(tries, inputs.rng));
				const r = await Promise.race([pause.fired, overallFired]);
				pause.cancel();
				if (r === 'overall') return timedOut(endpoint);
			}
			const healthy = notEjected(circuit, endpoints, inputs.clock.now());
			if (healthy.length === 0 && endpoints.length > 0) return noHealthyUpstream();
			endpoint = inputs.state().pickEndpoint(cluster, healthy);
			if (!endpoint) break;
			// Only a cluster with circuit breakers waits here: others keep their await points.
			const grant = circuit?.pool ? await circuit.pool.acquire() : undefined;
			if (grant && 'overflow' in grant) return { ...overflowReply(), endpoint };
			tries++;
			inputs.metrics.clusters.upstreamRequest(cluster);
			const lease = grant?.lease;
			const attempt = sendUpstream(
				inputs,
				endpoint,
				upstreamReq,
				connectHeaders,
				cluster,
				lease && (() => lease.connected())
			);
			if (lease || circuit?.outlier)
				settle(inputs, circuit, endpoint, endpoints, attempt.result, lease);
			const perTry = timer(inputs, policy.perTryTimeoutMs);
			const r = await Promise.race([
				attempt.result,
				perTry.fired.then(() => 'per-try' as const),
				overallFired
			]);
			perTry.cancel();
			if (r === 'overall') {
				attempt.cancel();
				return timedOut(endpoint);
			}
			if (r === 'per-try') attempt.cancel();
			last = r === 'per-try' ? 'per-try-timeout' : r;
			if (!isRetriable(policy, outcomeOf(last))) break;
		}
	} finally {
		overall.cancel();
	}
	// Retries were spent and the last outcome still asked for one: Envoy's `URX`.
	const exhausted =
		policy.attempts > 0 && tries > policy.attempts && isRetriable(policy, outcomeOf(last));
	const ep = endpoint ? { endpoint } : {};
	if (last !== 'per-try-timeout' && last.type === 'response') {
		return {
			response: last.response,
			flags: exhausted ? ['URX'] : [],
			details: 'via_upstream',
			...ep,
			serviceTime: inputs.clock.now() - started,
			upstreamLocal: last.local
		};
	}
	return { ...upstreamFailureReply(last, tries > 1, exhausted), ...ep };
}

/** When the attempt ends: its connection back to the pool, its outcome to outlier detection. */
function settle(
	inputs: WaypointInputs,
	circuit: ClusterCircuit | undefined,
	endpoint: Endpoint,
	endpoints: readonly Endpoint[],
	result: Promise<AttemptResult>,
	lease: { release(failed: boolean): void } | undefined
): void {
	void result.then((r) => {
		lease?.release(r.type !== 'response');
		circuit?.outlier?.record(
			upstreamHost(endpoint),
			r.type === 'response' ? { status: r.response.status } : { localFailure: true },
			inputs.clock.now(),
			endpoints.length
		);
	});
}

function timedOut(endpoint: Endpoint | undefined): Forwarded {
	return {
		response: localReply(504, TIMEOUT_BODY),
		flags: ['UT'],
		details: 'response_timeout',
		...(endpoint ? { endpoint } : {})
	};
}

/** Envoy's response to downstream: upstream headers minus hop-by-hop, plus its own. */
export function downstreamResponse(
	res: HttpResponse,
	rule: RouteRule | undefined,
	serviceTime: number | undefined
): HttpResponse {
	let headers: Header[] = [...res.headers];
	for (const h of HOP_BY_HOP) headers = withoutHeader(headers, h);
	headers = applyHeaderModifier(headers, rule?.responseHeaderModifier);
	if (serviceTime !== undefined) {
		// Set, not added: a sidecar-to-sidecar response already carries the inbound proxy's.
		headers = withoutHeader(headers, 'x-envoy-upstream-service-time');
		headers.push(['x-envoy-upstream-service-time', String(Math.round(serviceTime))]);
	}
	headers.push(['server', 'istio-envoy']);
	return { ...res, headers };
}
