/**
 * The HTTP/1.1 client apps and curl share: resolve, connect, send one request, read one
 * response, close. Every failure is a value whose kind maps to one curl exit code, and a trace
 * records what happened when, so curl can print -v lines and -w timings after the fact.
 * The steps are their own modules, as in curl's lib/: the request (`client-request.ts`),
 * connecting and TLS (`client-connect.ts`), the response (`client-response.ts`).
 */
import type {
	HttpClientContext,
	HttpRequestOptions,
	HttpResult,
	TraceInProgress
} from './client-api.ts';
import { connectTo } from './client-connect.ts';
import { buildHeaders, target } from './client-request.ts';
import { receiveResponse, type Received } from './client-response.ts';
import { headThenBody, requestHead, utf8 } from './message.ts';

export type {
	HttpClientContext,
	HttpClientError,
	HttpRequestOptions,
	HttpResult,
	HttpTrace,
	TlsFailure
} from './client-api.ts';

/** The result as the caller sees it, stamped with the time it was done. */
function finish(ctx: HttpClientContext, trace: TraceInProgress, received: Received): HttpResult {
	trace.doneAt = ctx.clock.now();
	const { result, partialBody } = received;
	if (result.type === 'response') return { type: 'response', response: result.response, trace };
	return partialBody && partialBody.length > 0
		? { type: 'error', error: result, trace, partialBody }
		: { type: 'error', error: result, trace };
}

/** What is left of the budget ending at `deadline`, if there is one. */
function left(ctx: HttpClientContext, deadline: number | undefined): number | undefined {
	return deadline === undefined ? undefined : Math.max(0, deadline - ctx.clock.now());
}

export async function httpRequest(
	ctx: HttpClientContext,
	options: HttpRequestOptions
): Promise<HttpResult> {
	const startedAt = ctx.clock.now();
	const method = options.method ?? 'GET';
	const body =
		typeof options.body === 'string' ? utf8(options.body) : (options.body ?? new Uint8Array(0));
	const url = target(options);
	const trace: TraceInProgress = {
		startedAt,
		doneAt: startedAt,
		scheme: 'type' in url ? 'http' : url.scheme,
		host: 'type' in url ? (options.host ?? '') : url.host,
		port: 'type' in url ? (options.port ?? 80) : url.port,
		requestBodyBytes: body.length,
		bodyReceived: 0
	};
	if ('type' in url) return finish(ctx, trace, { result: url });

	// No named closures here: tsx (the bench, the CLI) names each one as it is made, a cost per
	// request on this path.
	const deadline = options.timeout === undefined ? undefined : startedAt + options.timeout;
	const stream = await connectTo(ctx, url, options, () => left(ctx, deadline), trace);
	if (!('read' in stream)) return finish(ctx, trace, { result: stream });

	const request = {
		method,
		target: url.target,
		version: 'HTTP/1.1',
		headers: buildHeaders(url, options, body),
		body
	};
	// The head once: the trace keeps it (curl -v, -w) and it goes on the wire.
	trace.requestHead = requestHead(request);
	stream.write(headThenBody(trace.requestHead, body));
	return finish(
		ctx,
		trace,
		await receiveResponse(ctx.clock, stream, method, left(ctx, deadline), trace)
	);
}
