/**
 * What Envoy's HTTP RBAC filter writes at `rbac:debug` (envoy source/extensions/filters/http/rbac
 * rbac_filter.cc `decodeHeaders`), once per filter istiod built (one per action): the request it
 * checks, then the shadow engine's result (dry-run policies), then the enforcing engine's, or
 * "no engine, allowed by default" when every policy of that action is dry-run.
 */
import { getHeader, type Header, type HttpRequest } from '../../net/http/message.ts';
import { formatAddr, type SocketAddr } from '../../types.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import type { Downstream } from './plan.ts';
import type { RbacFilterRun } from './rbac.ts';

/** One debug line: its message and the rbac_filter.cc line Envoy's `%g:%#` prints. */
export interface RbacLogLine {
	readonly line: number;
	readonly message: string;
}

/** What the filter's first line reads of the connection and the stream. */
export interface RbacCheckedRequest {
	/** The TLS SNI of the downstream connection ('' for plaintext). */
	readonly requestedServerName: string;
	/** The connection's peer. */
	readonly sourceIp: SocketAddr;
	/** The peer before any X-Forwarded-For trust (the same unless numTrustedProxies is set). */
	readonly directRemoteIp: SocketAddr;
	readonly remoteIp: SocketAddr;
	readonly localAddress: SocketAddr;
	/** The peer certificate's URI SAN, for mTLS; undefined: `ssl: none`. */
	readonly peer: SpiffeId | undefined;
	readonly mtls: boolean;
	/** The request headers, pseudo-headers first, as Envoy's HeaderMap prints them. */
	readonly headers: readonly Header[];
}

/*
 * Line numbers of the ENVOY_LOG calls in rbac_filter.cc as the index holds it (envoyproxy/envoy
 * main, with per-rule stats); the Envoy in Istio 1.30.3's proxy may place them a few lines apart.
 */
const LINE = {
	checking: 144,
	shadowAllowed: 176,
	shadowDenied: 183,
	enforcedAllowed: 212,
	enforcedDenied: 224,
	noEngine: 247
} as const;

/** `'key', 'value'` per header, one a line (Envoy's HeaderMap `operator<<`). */
function headerDump(headers: readonly Header[]): string {
	return headers.map(([k, v]) => `'${k}', '${v}'\n`).join('');
}

function checking(r: RbacCheckedRequest): string {
	const ssl =
		r.mtls && r.peer !== undefined
			? `uriSanPeerCertificate: ${r.peer}, dnsSanPeerCertificate: , subjectPeerCertificate: `
			: 'none';
	return (
		`checking request: requestedServerName: ${r.requestedServerName}, ` +
		`sourceIP: ${formatAddr(r.sourceIp)}, directRemoteIP: ${formatAddr(r.directRemoteIp)}, ` +
		`remoteIP: ${formatAddr(r.remoteIp)},localAddress: ${formatAddr(r.localAddress)}, ` +
		`ssl: ${ssl}, headers: ${headerDump(r.headers)}, dynamicMetadata: `
	);
}

const policy = (id: string | undefined): string => id ?? 'none';

/** The debug lines of every RBAC filter that ran, in order. */
export function rbacDebugLines(
	filters: readonly RbacFilterRun[],
	req: RbacCheckedRequest
): RbacLogLine[] {
	const out: RbacLogLine[] = [];
	for (const f of filters) {
		out.push({ line: LINE.checking, message: checking(req) });
		if (f.shadow) {
			out.push(
				f.shadow.allowed
					? {
							line: LINE.shadowAllowed,
							message: `shadow allowed, matched policy ${policy(f.shadow.policyId)}`
						}
					: {
							line: LINE.shadowDenied,
							message: `shadow denied, matched policy ${policy(f.shadow.policyId)}`
						}
			);
		}
		if (!f.enforced) {
			out.push({ line: LINE.noEngine, message: 'no engine, allowed by default' });
			continue;
		}
		out.push(
			f.enforced.allowed
				? {
						line: LINE.enforcedAllowed,
						message: `enforced allowed, matched policy ${policy(f.enforced.policyId)}`
					}
				: {
						line: LINE.enforcedDenied,
						message: `enforced denied, matched policy ${policy(f.enforced.policyId)}`
					}
		);
	}
	return out;
}

/** The file Envoy's `%g` prints for these lines. */
export const RBAC_FILTER_SOURCE =
	'external/envoy/source/extensions/filters/http/rbac/rbac_filter.cc';

/**
 * The request as the filter sees it: HTTP/1's codec turns the request line and Host into
 * `:authority`, `:path`, `:method` and `:scheme`, followed by the headers as they came (the
 * headers Envoy's connection manager adds before the filters, such as x-request-id, are not
 * printed here).
 */
export function checkedRequest(down: Downstream, req: HttpRequest): RbacCheckedRequest {
	const authority = getHeader(req.headers, 'host') ?? formatAddr(down.local);
	const headers: Header[] = [
		[':authority', authority],
		[':path', req.target],
		[':method', req.method],
		[':scheme', 'http'],
		...req.headers
			.filter(([k]) => k.toLowerCase() !== 'host')
			.map(([k, v]): Header => [k.toLowerCase(), v])
	];
	return {
		requestedServerName: down.sni ?? '',
		sourceIp: down.remote,
		directRemoteIp: down.remote,
		remoteIp: down.trustedRemote ?? down.remote,
		localAddress: down.local,
		peer: down.identity,
		mtls: down.mtls,
		headers
	};
}
