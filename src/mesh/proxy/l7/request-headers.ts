/**
 * The headers a request goes upstream with: the client-cert chain in `x-forwarded-client-cert`,
 * a request id, the trace context and `x-forwarded-proto`. Mirrors Envoy's
 * `ConnectionManagerUtility::mutateRequestHeaders` and `mutateXfccRequestHeader`
 * (source/common/http/conn_manager_utility.cc), with the tracer's `traceparent`.
 */
import { getHeader, type Header, withoutHeader } from '../../net/http/message.ts';
import { toDer } from '../../tls/certificate.ts';
import type { Downstream } from './plan.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import { formatTraceparent, type TraceContext } from './trace.ts';

const XFCC = 'x-forwarded-client-cert';

/** `By=<waypoint>;Hash=<sha256 of the client cert>;Subject="";URI=<client>` (APPEND_FORWARD). */
export async function xfcc(
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

/** The client's own XFCC, which `xfcc` appends to. */
export const downstreamXfcc = (headers: readonly Header[]): string | undefined =>
	getHeader(headers, XFCC);

/** The routed request's headers (`plan.headers`) as they leave for the upstream. */
export function upstreamHeaders(
	routed: readonly Header[],
	cert: string | undefined,
	requestId: string,
	trace: TraceContext
): readonly Header[] {
	let headers = withoutHeader(routed, XFCC);
	if (cert) headers = [...headers, [XFCC, cert]];
	if (!getHeader(headers, 'x-request-id')) headers = [...headers, ['x-request-id', requestId]];
	if (!getHeader(headers, 'traceparent')) {
		headers = [...headers, ['traceparent', formatTraceparent(trace)]];
	}
	return [...withoutHeader(headers, 'x-forwarded-proto'), ['x-forwarded-proto', 'http']];
}
