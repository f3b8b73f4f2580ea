/**
 * Proxy errors as values, with the text ztunnel's access log prints after `error=`.
 * Mirrors ztunnel src/proxy.rs `Error` (thiserror messages) and the io errors Rust prints.
 */
import type { ConnectError } from '../../net/socket.ts';
import { type SocketAddr, formatAddr } from '../../types.ts';
import { type AuthorizationRejection, rejectionMessage } from './rbac.ts';

export type ProxyErrorKind =
	| 'NoHealthyUpstream'
	| 'UnknownSourceWorkload'
	| 'UnknownDestinationWorkload'
	| 'IPMismatch'
	| 'AuthorizationPolicyRejection'
	| 'AuthorizationPolicyLateRejection'
	| 'HttpStatus'
	| 'H2'
	| 'ConnectionFailed'
	| 'Io'
	| 'MaybeHBONENetworkPolicyError'
	| 'Tls'
	| 'Identity'
	| 'SelfCall'
	| 'NoResolvedAddresses'
	| 'UnknownNetworkGateway'
	| 'NoHostname'
	| 'NoPortForServices';

export interface ProxyError {
	readonly type: 'proxy-error';
	readonly kind: ProxyErrorKind;
	/** ztunnel's Display text: `no healthy upstream: 10.96.0.10:9080`. */
	readonly message: string;
}

export function isProxyError(x: unknown): x is ProxyError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'proxy-error';
}

const err = (kind: ProxyErrorKind, message: string): ProxyError => ({
	type: 'proxy-error',
	kind,
	message
});

/** proxy.rs `NoResolvedAddresses`: a hostname workload (ServiceEntry, DNS) resolved to nothing. */
export const noResolvedAddresses = (workloadUid: string): ProxyError =>
	err('NoResolvedAddresses', `no ip addresses were resolved for workload ${workloadUid}`);

/** proxy.rs `NoHostname` / `NoPortForServices`: a hostname CONNECT the pod cannot serve. */
export const inboundHostnameError = (
	kind: 'NoHostname' | 'NoPortForServices',
	message: string
): ProxyError => err(kind, message);

/** proxy.rs `UnknownNetworkGateway`: a remote network's gateway is not in this push. */
export const unknownNetworkGateway = (detail: string): ProxyError =>
	err('UnknownNetworkGateway', `unknown network gateway: ${detail}`);

export const noHealthyUpstream = (target: SocketAddr): ProxyError =>
	err('NoHealthyUpstream', `no healthy upstream: ${formatAddr(target)}`);

export const unknownSourceWorkload = (ip: string): ProxyError =>
	err('UnknownSourceWorkload', `failed to fetch information about local workload: ${ip}`);

export const unknownDestinationWorkload = (ip: string): ProxyError =>
	err('UnknownDestinationWorkload', `failed to fetch information about local workload: ${ip}`);

export const ipMismatch = (a: string, b: string): ProxyError =>
	err('IPMismatch', `ip mismatch: ${a} != ${b}`);

export const policyRejection = (r: AuthorizationRejection): ProxyError =>
	err(
		'AuthorizationPolicyRejection',
		`connection closed due to policy rejection: ${rejectionMessage(r)}`
	);

/** A policy update no longer allows an open connection (connection_manager.rs PolicyWatcher). */
export const lateRejection = (): ProxyError =>
	err('AuthorizationPolicyLateRejection', 'connection closed due to policy change');

/** `http status: 401 Unauthorized` (the text hbone/connect.ts already builds). */
export const httpStatus = (message: string): ProxyError => err('HttpStatus', message);

/** The tunnel failed before any status: the peer closed, or TLS refused us after the handshake. */
export const h2Failure = (message: string): ProxyError => err('H2', `h2 failed: ${message}`);

export const tlsFailure = (message: string): ProxyError => err('Tls', `tls error: ${message}`);

export const identityFailure = (message: string): ProxyError =>
	err('Identity', `identity error: ${message}`);

/** What Rust's io::Error prints for a failed connect. */
export function ioErrorText(e: ConnectError): string {
	switch (e.type) {
		case 'refused':
			return 'Connection refused (os error 111)';
		case 'unreachable':
			return 'No route to host (os error 113)';
		case 'timeout':
			return 'deadline has elapsed';
	}
}

/** Inbound: the upstream app could not be reached (`connection failed: …`). */
export const connectionFailed = (e: ConnectError): ProxyError =>
	err('ConnectionFailed', `connection failed: ${ioErrorText(e)}`);

/** Outbound plaintext passthrough: the destination could not be reached (`io error: …`). */
export const ioError = (e: ConnectError): ProxyError => err('Io', `io error: ${ioErrorText(e)}`);

/**
 * Outbound HBONE: a refused or unreachable 15008 is an io error; a timeout is blamed on a
 * NetworkPolicy, as ztunnel's pool does.
 */
export function hboneConnectError(e: ConnectError): ProxyError {
	if (e.type === 'timeout') {
		return err(
			'MaybeHBONENetworkPolicyError',
			'connection timed out, maybe a NetworkPolicy is blocking HBONE port 15008: deadline has elapsed'
		);
	}
	return ioError(e);
}
