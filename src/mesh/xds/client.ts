/**
 * The one client every proxy uses to reach istiod on 15012: ztunnel's AdsClient and CaClient
 * (ztunnel src/xds/client.rs, src/identity/caclient.rs) and pilot-agent's xdsproxy and CA
 * client (pkg/istio-agent) have the same shape here. It dials over TLS that authenticates
 * istiod only (`dial.ts`: the proxy has no certificate before its first CSR; istiod
 * authenticates the subscription by node and pod), subscribes, keeps the latest config push and
 * ACKs it or NACKs one the proxy cannot apply (`pushes.ts`), sends CSRs and matches their
 * answers (`ca-client.ts`), and reconnects with backoff when the stream ends (here). What a proxy
 * subscribes as (ztunnel, a sidecar, a Gateway's proxy) and so which config it is pushed are
 * parameters.
 */
import type { NetStack } from '../net/socket.ts';
import type { WorkloadCerts, X509Certificate } from '../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms, type SimMillis } from '../types.ts';
import { wait } from '../clock.ts';
import { CaClient, type IstiodLink } from './ca-client.ts';
import { dialIstiod, type DialContext, splitAddress } from './dial.ts';
import {
	encodeFrame,
	FrameReader,
	ISTIOD_ADDRESS,
	isXdsProtocolError,
	readIstiodMessage,
	type ProxyMessage
} from './protocol.ts';
import { ConfigPushes, type PushedConfig, type PushSummary } from './pushes.ts';
import type { ZtunnelConfig } from './workload-api.ts';

export type { PushedConfig } from './pushes.ts';

/** The first message of every stream: who is asking (istiod checks the node and pod). */
export type Subscription = Extract<
	ProxyMessage,
	{ type: 'subscribe' | 'subscribe-sidecar' | 'subscribe-gateway' }
>;

/** What happened on the connection, for the proxy's own log wording. */
export type IstiodClientEvent =
	/** DNS, TCP, the mounted root or the TLS handshake failed; `reason` says which. */
	| { readonly type: 'connect-failed'; readonly reason: string; readonly retryIn: SimMillis }
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
	/**
	 * Each config push, once stored and before it is ACKed, with what it carried (workload-API
	 * pushes only). Absent: pushes are not ours.
	 */
	readonly onConfig?: (config: C, push?: PushSummary) => void;
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

/** What the loop and the stream share: the parts below, the options, the link they watch. */
interface ClientParts<C extends PushedConfig> {
	readonly ctx: DialContext;
	readonly options: IstiodClientOptions<C>;
	readonly address: string;
	readonly link: IstiodLink;
	readonly ca: CaClient;
	readonly pushes: ConfigPushes<C>;
	emit(e: IstiodClientEvent): void;
}

export function connectIstiod<C extends PushedConfig = ZtunnelConfig>(
	ctx: DialContext,
	options: IstiodClientOptions<C>
): IstiodClient<C> {
	const emit = (e: IstiodClientEvent): void => options.onEvent?.(e);
	const link: IstiodLink = { closed: false, stream: undefined };
	const parts: ClientParts<C> = {
		ctx,
		options,
		address: options.address ?? ISTIOD_ADDRESS,
		link,
		ca: new CaClient(ctx, link),
		pushes: new ConfigPushes<C>(
			{
				pushType: options.subscription.type === 'subscribe-gateway' ? 'waypoint-config' : 'config',
				onConfig: options.onConfig,
				validate: options.validate,
				onNack: (reason) => emit({ type: 'nack', reason })
			},
			ctx.clock
		),
		emit
	};
	void run(parts);
	const { ca, pushes } = parts;
	return {
		config: () => pushes.config,
		firstConfig: (timeout) => pushes.first(timeout),
		trustRoots: () => ca.roots,
		pendingCsrs: () => ca.pending,
		certificateFor: (identity) => ca.certificateFor(identity),
		close() {
			link.closed = true;
			ca.close();
			link.stream?.end();
		}
	};
}

/** Dial, subscribe, serve the stream; after it ends, dial again (ztunnel's `AdsClient::run`). */
async function run<C extends PushedConfig>(p: ClientParts<C>): Promise<void> {
	const { host, port } = splitAddress(p.address);
	const { link } = p;
	let backoff = RETRY_MIN;
	while (!link.closed) {
		const s = await dialIstiod(p.ctx, p.options.net, host, port);
		if (link.closed) {
			if (typeof s !== 'string') s.end();
			return;
		}
		if (typeof s === 'string') {
			p.emit({ type: 'connect-failed', reason: s, retryIn: backoff });
			await wait(p.ctx.clock, backoff);
			backoff = ms(Math.min(backoff * 2, RETRY_MAX));
			continue;
		}
		backoff = RETRY_MIN;
		link.stream = s;
		s.write(encodeFrame(p.options.subscription));
		p.emit({ type: 'connected', address: p.address });
		p.ca.resend(s);
		await serve(p, s);
		link.stream = undefined;
		p.ca.failSent('connection to istiod lost');
		if (!link.closed) await wait(p.ctx.clock, RETRY_MIN);
	}
}

/** Reads istiod's messages until the stream ends (ztunnel's `run_internal`). */
async function serve<C extends PushedConfig>(p: ClientParts<C>, s: TlsChannel): Promise<void> {
	const reader = new FrameReader(s);
	for (;;) {
		const m = await readIstiodMessage(reader);
		if (isXdsProtocolError(m)) {
			p.emit({ type: 'invalid', message: m.message });
			s.reset();
			return;
		}
		if (m.type === 'eof' || m.type === 'reset') return;
		if (m.type === 'config' || m.type === 'waypoint-config' || m.type === 'delta') {
			p.pushes.handle(m, s);
		} else if (m.type === 'certificate') p.ca.onCertificate(m.id, m.certChainPem);
		else if (m.id === '') {
			p.emit({ type: 'stream-error', message: m.message });
			p.ca.failSent(m.message);
		} else p.ca.onError(m.id, m.message);
	}
}
