/**
 * Envoy's ext_authz HTTP filter as istiod configures it for a CUSTOM AuthorizationPolicy
 * (builder.go `buildHTTP`: an RBAC filter whose shadow rules mark a matching request, then
 * ext_authz enabled by that mark): the request is checked by the provider before the DENY and
 * ALLOW filters run. Mirrors envoy source/extensions/filters/http/ext_authz (ext_authz.cc,
 * check_request_utils.cc, the raw HTTP client) and istio's extauthz.go defaults.
 *
 * The envoyExtAuthzGrpc provider's Check call travels here as one HTTP/1.1 POST with the
 * CheckRequest and CheckResponse as protobuf JSON (the playground has no gRPC/HTTP2 for apps);
 * what each side decides and logs is the Check API's.
 */
import {
	fromUtf8,
	getHeader,
	type Header,
	type HttpRequest,
	utf8
} from '../../../net/http/message.ts';
import type { SpiffeId } from '../../../tls/identity.ts';
import type { ExtAuthzProvider } from '../../../xds/waypoint-config.ts';
import { SIM_EPOCH_MS } from '../../../epoch.ts';
import type { Downstream } from '../plan.ts';
import type { WaypointInputs } from '../proxy-inputs.ts';
import { forward } from '../router.ts';
import { obj } from '../../../json.ts';

/** The Check API's path (envoy.service.auth.v3.Authorization/Check). */
export const CHECK_PATH = '/envoy.service.auth.v3.Authorization/Check';

export type ExtAuthzOutcome =
	| { readonly kind: 'none' }
	| { readonly kind: 'allowed'; readonly upstreamHeaders: readonly Header[] }
	| {
			readonly kind: 'denied';
			readonly status: number;
			readonly body: string;
			readonly headers: readonly Header[];
			/** Envoy's %RESPONSE_CODE_DETAILS%: `ext_authz_denied` or `ext_authz_error`. */
			readonly details: string;
	  };

export const NO_EXT_AUTHZ: ExtAuthzOutcome = { kind: 'none' };

interface SocketAddress {
	readonly socketAddress: { readonly address: string; readonly portValue: number };
}

/** AttributeContext as protobuf JSON: what the provider learns of the request. */
export interface CheckAttributes {
	readonly source: { readonly address: SocketAddress; readonly principal?: string };
	readonly destination: { readonly address: SocketAddress; readonly principal?: string };
	readonly request: {
		readonly time: { readonly seconds: string; readonly nanos: number };
		readonly http: {
			readonly id: string;
			readonly method: string;
			readonly headers: Readonly<Record<string, string>>;
			readonly path: string;
			readonly host: string;
			readonly protocol: string;
		};
	};
	readonly metadataContext: Record<string, never>;
}

/** check_request_utils.cc: the peer addresses and principals, and the request's headers. */
export function checkAttributes(
	down: Downstream,
	req: HttpRequest,
	self: SpiffeId | undefined,
	streamId: string,
	nowMs: number
): CheckAttributes {
	const authority = getHeader(req.headers, 'host') ?? '';
	const headers: Record<string, string> = {
		':authority': authority,
		':method': req.method,
		':path': req.target
	};
	for (const [k, v] of req.headers) {
		const key = k.toLowerCase();
		if (key !== 'host') headers[key] = key in headers ? `${headers[key]},${v}` : v;
	}
	const at = SIM_EPOCH_MS + nowMs;
	return {
		source: {
			address: { socketAddress: { address: down.remote.ip, portValue: down.remote.port } },
			...(down.mtls && down.identity ? { principal: down.identity } : {})
		},
		destination: {
			address: { socketAddress: { address: down.local.ip, portValue: down.local.port } },
			...(down.mtls && self ? { principal: self } : {})
		},
		request: {
			time: {
				seconds: String(Math.floor(at / 1000)),
				nanos: Math.round((at % 1000) * 1_000_000)
			},
			http: {
				id: streamId,
				method: req.method,
				headers,
				path: req.target,
				host: authority,
				protocol: req.version
			}
		},
		metadataContext: {}
	};
}

/** The request to the provider: the Check call, or the HTTP provider's copy of the request. */
function checkRequest(p: ExtAuthzProvider, req: HttpRequest, attrs: CheckAttributes): HttpRequest {
	const host = `${p.hostname}:${p.port}`;
	if (p.kind === 'grpc') {
		const body = utf8(JSON.stringify({ attributes: attrs }));
		return {
			method: 'POST',
			target: CHECK_PATH,
			version: 'HTTP/1.1',
			headers: [
				['host', host],
				['content-type', 'application/json'],
				['content-length', String(body.length)]
			],
			body
		};
	}
	// The raw HTTP client: the original method and path under pathPrefix, the original Host,
	// `content-length: 0`, the allowed headers and the configured additions.
	const allowed = new Set((p.includeRequestHeadersInCheck ?? []).map((h) => h.toLowerCase()));
	const headers: Header[] = [
		['host', getHeader(req.headers, 'host') ?? host],
		['content-length', '0']
	];
	for (const [k, v] of req.headers) {
		const key = k.toLowerCase();
		if (key !== 'host' && (allowed.has(key) || key === 'authorization')) headers.push([k, v]);
	}
	for (const [k, v] of Object.entries(p.includeAdditionalHeadersInCheck ?? {}))
		headers.push([k, v]);
	headers.push(['x-envoy-expected-rq-timeout-ms', String(p.timeoutMs)]);
	return {
		method: req.method,
		target: `${p.pathPrefix ?? ''}${req.target}`,
		version: 'HTTP/1.1',
		headers,
		body: new Uint8Array()
	};
}

type Obj = Record<string, unknown>;

/** HeaderValueOption list → headers. */
function optionHeaders(list: unknown): Header[] {
	if (!Array.isArray(list)) return [];
	return list.flatMap((o): Header[] => {
		const h = obj(obj(o)['header']);
		return typeof h['key'] === 'string' && typeof h['value'] === 'string'
			? [[h['key'], h['value']]]
			: [];
	});
}

/** Only the headers a list names (`undefined`: all, as Envoy's default for client headers). */
function pick(headers: readonly Header[], names: readonly string[] | undefined): Header[] {
	if (!names) return [...headers];
	const set = new Set(names.map((n) => n.toLowerCase()));
	return headers.filter(([k]) => set.has(k.toLowerCase()));
}

const HOP = new Set(['content-length', 'date', 'server', 'connection', 'content-type']);

function errorOutcome(p: ExtAuthzProvider): ExtAuthzOutcome {
	if (p.failOpen) return { kind: 'allowed', upstreamHeaders: [] };
	return {
		kind: 'denied',
		status: p.statusOnError ?? 403,
		body: '',
		headers: [],
		details: 'ext_authz_error'
	};
}

/** Sends the check and reads the provider's answer. */
export async function extAuthzCheck(
	inputs: WaypointInputs,
	p: ExtAuthzProvider,
	down: Downstream,
	req: HttpRequest,
	streamId: string
): Promise<ExtAuthzOutcome> {
	const state = inputs.state();
	const svc = state.serviceByHostname(p.hostname);
	const endpoints = svc ? state.endpoints(svc, p.port) : [];
	if (endpoints.length === 0) return errorOutcome(p);
	const attrs = checkAttributes(down, req, inputs.identity(), streamId, inputs.clock.now());
	const f = await forward(
		inputs,
		endpoints,
		p.cluster,
		// The async client: the provider's timeout, no retries.
		{ matches: [], backends: [], timeoutMs: p.timeoutMs, retries: { attempts: 0, retryOn: [] } },
		checkRequest(p, req, attrs),
		{}
	);
	const res = f.response;
	if (p.kind === 'grpc') {
		if (res.status !== 200) return errorOutcome(p);
		let parsed: Obj;
		try {
			parsed = obj(JSON.parse(fromUtf8(res.body)));
		} catch {
			return errorOutcome(p);
		}
		const code = Number(obj(parsed['status'])['code'] ?? 0);
		if (code === 0) {
			return {
				kind: 'allowed',
				upstreamHeaders: optionHeaders(obj(parsed['okResponse'])['headers'])
			};
		}
		const denied = obj(parsed['deniedResponse']);
		const status = Number(obj(denied['status'])['code'] ?? 403);
		return {
			kind: 'denied',
			status: status >= 100 && status <= 599 ? status : 403,
			body: typeof denied['body'] === 'string' ? denied['body'] : '',
			headers: optionHeaders(denied['headers']),
			details: 'ext_authz_denied'
		};
	}
	if (f.upstreamFailure !== undefined) return errorOutcome(p);
	const returned = res.headers.filter(([k]) => !HOP.has(k.toLowerCase()));
	if (res.status === 200) {
		// allowed_upstream_headers unset: no response header goes upstream.
		return { kind: 'allowed', upstreamHeaders: pick(returned, p.headersToUpstreamOnAllow ?? []) };
	}
	return {
		kind: 'denied',
		status: res.status,
		body: fromUtf8(res.body),
		headers: pick(returned, p.headersToDownstreamOnDeny),
		details: 'ext_authz_denied'
	};
}
