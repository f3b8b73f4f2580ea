/**
 * The one client every proxy uses to reach istiod on 15012: ztunnel's AdsClient and CaClient
 * (ztunnel src/xds/client.rs, src/identity/caclient.rs) and pilot-agent's xdsproxy and CA
 * client (pkg/istio-agent) have the same shape here. It dials over TLS that authenticates
 * istiod only (the proxy has no certificate before its first CSR; istiod authenticates the
 * subscription by node and pod), against the root the pod mounts (root-cert.ts) and the name it
 * dialled. It subscribes, keeps the latest config push and ACKs it (or NACKs one the proxy cannot
 * apply), sends CSRs and matches their answers, and reconnects with backoff when the stream ends. What a proxy subscribes as (ztunnel, a
 * sidecar, a Gateway's proxy) and so which config it is pushed are parameters.
 */
import { isConnectError, type NetStack } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import {
	createCsr,
	generateKeyPair,
	parsePemChain,
	type WorkloadCerts,
	type X509Certificate
} from '../tls/certificate.ts';
import { isTlsError } from '../tls/errors.ts';
import { serverAuthClient } from '../tls/handshake.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms, type SimMillis } from '../types.ts';
import {
	encodeFrame,
	FrameReader,
	ISTIOD_ADDRESS,
	isXdsProtocolError,
	readIstiodMessage,
	XDS_PORT,
	type ProxyMessage
} from './protocol.ts';
import { mountedRoots } from './root-cert.ts';
import type { WaypointConfig } from './waypoint-config.ts';
import type { ZtunnelConfig } from './workload-api.ts';

/** The first message of every stream: who is asking (istiod checks the node and pod). */
export type Subscription = Extract<
	ProxyMessage,
	{ type: 'subscribe' | 'subscribe-sidecar' | 'subscribe-gateway' }
>;

/** A push: the workload API for ztunnel and sidecars, a WaypointConfig for a Gateway's proxy. */
export type PushedConfig = ZtunnelConfig | WaypointConfig;

/** What happened on the connection, for the proxy's own log wording. */
export type IstiodClientEvent =
	/** DNS, TCP, the mounted root or the TLS handshake failed; `reason` says which. */
	| { readonly type: 'connect-failed'; readonly reason: string }
	| { readonly type: 'connected'; readonly address: string }
	/** istiod refused the stream (`authentication failure`). */
	| { readonly type: 'stream-error'; readonly message: string }
	/** istiod sent something that is not the protocol: the stream is reset. */
	| { readonly type: 'invalid'; readonly message: string }
	/** A push the proxy could not apply: NACKed, the previous config kept. */
	| { readonly type: 'nack'; readonly reason: string };

export interface IstiodClientOptions<C extends PushedConfig = ZtunnelConfig> {
	/** The stack to dial from: the pod's, or a sidecar's own view that capture skips. */
	readonly net: NetStack;
	/** `host:port`, as CA_ADDR / XDS_ADDRESS; istiod's service by default. */
	readonly address?: string;
	readonly subscription: Subscription;
	/** Each config push, once stored and before it is ACKed. Absent: pushes are not ours. */
	readonly onConfig?: (config: C) => void;
	/**
	 * Why the proxy cannot apply a push, or undefined when it can. A rejected push is NACKed
	 * (an ACK with `error`, as xDS's error_detail) and the previous config stays in force.
	 */
	readonly validate?: (config: C) => string | undefined;
	readonly onEvent?: (event: IstiodClientEvent) => void;
}

export interface IstiodClient<C extends PushedConfig = ZtunnelConfig> {
	config(): C | undefined;
	/** Resolves with the first config, or undefined after `timeout` without one. */
	firstConfig(timeout: number): Promise<C | undefined>;
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	/** Roots seen at the end of signed chains (the workload trust bundle). */
	trustRoots(): readonly X509Certificate[];
	/** CSRs waiting for an answer; each holds its key pair until then, and no longer. */
	pendingCsrs(): number;
	close(): void;
}

/** The first retry, doubling per failed dial up to RETRY_MAX; reset by a stream that opened. */
const RETRY_MIN = ms(1000);
const RETRY_MAX = ms(5000);
const CONNECT_TIMEOUT = ms(5000);
/** A CSR unanswered this long fails (the CA client's deadline); the caller retries. */
const CSR_TIMEOUT = ms(10_000);

interface PendingCsr {
	/** Held only while the CSR is pending: dropping the entry releases the private key. */
	readonly pair: CryptoKeyPair;
	readonly frame: Uint8Array;
	readonly resolve: (r: WorkloadCerts | IdentityError) => void;
	readonly cancelTimeout: () => void;
	sent: boolean;
}

const identityError = (message: string): IdentityError => ({ type: 'identity-error', message });

function splitAddress(address: string): { host: string; port: number } {
	const colon = address.lastIndexOf(':');
	if (colon < 0) return { host: address, port: XDS_PORT };
	return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) || XDS_PORT };
}

export function connectIstiod<C extends PushedConfig = ZtunnelConfig>(
	ctx: Pick<HostContext, 'dns' | 'clock' | 'crypto' | 'readFile'>,
	options: IstiodClientOptions<C>
): IstiodClient<C> {
	const address = options.address ?? ISTIOD_ADDRESS;
	const { host, port } = splitAddress(address);
	const emit = (e: IstiodClientEvent): void => options.onEvent?.(e);
	/** The push message this subscription takes; the other kind is not for us. */
	const pushType = options.subscription.type === 'subscribe-gateway' ? 'waypoint-config' : 'config';
	let config: C | undefined;
	let stream: TlsChannel | undefined;
	let closed = false;
	let nextId = 1;
	const roots: X509Certificate[] = [];
	const pending = new Map<string, PendingCsr>();
	const configWaiters: ((c: C) => void)[] = [];

	function finish(id: string, result: WorkloadCerts | IdentityError): void {
		const entry = pending.get(id);
		if (!entry) return;
		pending.delete(id);
		entry.cancelTimeout();
		entry.resolve(result);
	}

	function failAll(message: string, which: (p: PendingCsr) => boolean = () => true): void {
		for (const [id, p] of [...pending]) if (which(p)) finish(id, identityError(message));
	}

	async function dial(): Promise<TlsChannel | string> {
		const trusted = mountedRoots(ctx);
		if (!Array.isArray(trusted)) return (trusted as { error: string }).error;
		const ip = ctx.dns.lookup(host);
		if (!ip) return 'no such host';
		const socket = await options.net.connect({ ip, port }, { timeout: CONNECT_TIMEOUT });
		if (isConnectError(socket)) return socket.type;
		const tls = await serverAuthClient(socket, {
			trustRoot: trusted,
			serverName: host,
			clock: ctx.clock,
			crypto: ctx.crypto,
			handshakeTimeout: CONNECT_TIMEOUT
		});
		return isTlsError(tls) ? `tls handshake: ${tls.message}` : tls;
	}

	async function run(): Promise<void> {
		let backoff = RETRY_MIN;
		while (!closed) {
			const s = await dial();
			if (closed) {
				if (typeof s !== 'string') s.end();
				return;
			}
			if (typeof s === 'string') {
				emit({ type: 'connect-failed', reason: s });
				await ctx.clock.sleep(backoff);
				backoff = ms(Math.min(backoff * 2, RETRY_MAX));
				continue;
			}
			backoff = RETRY_MIN;
			stream = s;
			s.write(encodeFrame(options.subscription));
			emit({ type: 'connected', address });
			for (const p of pending.values()) {
				s.write(p.frame);
				p.sent = true;
			}
			await serve(s);
			stream = undefined;
			failAll('connection to istiod lost', (p) => p.sent);
			if (!closed) await ctx.clock.sleep(RETRY_MIN);
		}
	}

	async function serve(s: TlsChannel): Promise<void> {
		const reader = new FrameReader(s);
		for (;;) {
			const m = await readIstiodMessage(reader);
			if (isXdsProtocolError(m)) {
				emit({ type: 'invalid', message: m.message });
				s.reset();
				return;
			}
			if (m.type === 'eof' || m.type === 'reset') return;
			if (m.type === 'config' || m.type === 'waypoint-config') {
				if (!options.onConfig || m.type !== pushType) continue;
				// The subscription decides the kind: a `waypoint-config` only reaches a C that is one.
				const pushed = m.config as C;
				const rejected = options.validate?.(pushed);
				if (rejected !== undefined) {
					emit({ type: 'nack', reason: rejected });
					if (m.nonce !== undefined) {
						s.write(encodeFrame({ type: 'ack', nonce: m.nonce, error: rejected }));
					}
					continue;
				}
				config = pushed;
				options.onConfig(pushed);
				// Delta xDS ACK: istiod marks the push as synced (`istioctl proxy-status`).
				if (m.nonce !== undefined) s.write(encodeFrame({ type: 'ack', nonce: m.nonce }));
				for (const w of configWaiters.splice(0)) w(pushed);
			} else if (m.type === 'certificate') settle(m.id, m.certChainPem);
			else if (m.id === '') {
				emit({ type: 'stream-error', message: m.message });
				failAll(m.message, (p) => p.sent);
			} else finish(m.id, identityError(m.message));
		}
	}

	function settle(id: string, chainPem: readonly string[]): void {
		const entry = pending.get(id);
		if (!entry) return;
		const chain = parsePemChain(chainPem.join('\n'));
		if (isTlsError(chain)) return finish(id, identityError(chain.message));
		const root = chain.at(-1);
		if (root && !roots.some((r) => r.serialNumber === root.serialNumber)) roots.push(root);
		finish(id, { certChain: chain, privateKey: entry.pair.privateKey });
	}

	void run();

	return {
		config: () => config,
		firstConfig(timeout) {
			if (config) return Promise.resolve(config);
			return new Promise((resolve) => {
				configWaiters.push(resolve);
				ctx.clock.after(ms(timeout), () => resolve(undefined));
			});
		},
		trustRoots: () => roots,
		pendingCsrs: () => pending.size,
		async certificateFor(identity) {
			if (closed) return identityError('istiod client closed');
			const id = String(nextId++);
			const pair = await generateKeyPair(ctx.crypto);
			const csrPem = await createCsr(identity, pair, ctx.crypto);
			if (closed) return identityError('istiod client closed');
			return new Promise((resolve) => {
				const entry: PendingCsr = {
					pair,
					frame: encodeFrame({ type: 'csr', id, csrPem }),
					resolve,
					cancelTimeout: ctx.clock.after(CSR_TIMEOUT as SimMillis, () =>
						finish(id, identityError('timed out waiting for istiod'))
					),
					sent: false
				};
				pending.set(id, entry);
				if (stream) {
					stream.write(entry.frame);
					entry.sent = true;
				}
			});
		},
		close() {
			closed = true;
			failAll('istiod client closed');
			stream?.end();
		}
	};
}
