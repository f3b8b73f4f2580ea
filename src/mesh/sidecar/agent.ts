/**
 * The sidecar's pilot-agent: one stream to istiod on 15012 for this pod's config (the xDS proxy)
 * and its certificate (the CA client behind Envoy's SDS). Unlike a ztunnel it subscribes for
 * one pod and may only get that pod's identity. Mirrors the roles of pkg/istio-agent (xdsproxy.go,
 * the SDS cache) over the playground's protocol (src/mesh/istiod/xds-protocol.ts). CSRs made
 * before the stream is up wait for it; the stream reconnects when it ends.
 */
import {
	encodeFrame,
	FrameReader,
	isXdsProtocolError,
	readIstiodMessage,
	XDS_PORT
} from '../istiod/xds-protocol.ts';
import { isConnectError, type NetStack, type Socket } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import {
	createCsr,
	generateKeyPair,
	parsePemChain,
	type WorkloadCerts,
	type X509Certificate
} from '../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import { ms } from '../types.ts';
import type { ZtunnelConfig } from '../ztunnel/state/xds.ts';

/** CA_ADDR / discoveryAddress as the injection template sets them. */
export const ISTIOD_HOST = 'istiod.istio-system.svc';
const RETRY = ms(1000);
/** A CSR unanswered this long fails (the agent's CA client deadline). */
const CSR_TIMEOUT = ms(10_000);

export type AgentLog = (level: 'info' | 'warn' | 'error', scope: string, message: string) => void;

export interface Agent {
	config(): ZtunnelConfig | undefined;
	/** Resolves with the first config, or undefined after `timeout` without one. */
	firstConfig(timeout: number): Promise<ZtunnelConfig | undefined>;
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	trustRoots(): readonly X509Certificate[];
	close(): void;
}

const identityError = (message: string): IdentityError => ({ type: 'identity-error', message });

/** `net` is the proxy's own view of the pod's stack: its sockets to istiod are not captured. */
export function startAgent(ctx: HostContext, net: NetStack, log: AgentLog): Agent {
	let config: ZtunnelConfig | undefined;
	let socket: Socket | undefined;
	let closed = false;
	let nextId = 1;
	const roots: X509Certificate[] = [];
	const pending = new Map<string, (r: WorkloadCerts | IdentityError) => void>();
	const keys = new Map<string, CryptoKeyPair>();
	/** CSR frames written once the stream is up. */
	const queued: Uint8Array[] = [];
	const configWaiters: ((c: ZtunnelConfig) => void)[] = [];

	async function run(): Promise<void> {
		while (!closed) {
			const address = ctx.dns.lookup(ISTIOD_HOST);
			const s = address
				? await net.connect({ ip: address, port: XDS_PORT }, { timeout: ms(5000) })
				: undefined;
			if (!s || isConnectError(s)) {
				log('warn', 'xdsproxy', `failed to connect to upstream ${ISTIOD_HOST}:${XDS_PORT}`);
				await ctx.clock.sleep(RETRY);
				continue;
			}
			socket = s;
			s.write(
				encodeFrame({
					type: 'subscribe-sidecar',
					node: ctx.spec.node,
					pod: ctx.spec.name,
					namespace: ctx.spec.namespace
				})
			);
			log('info', 'xdsproxy', `connected to delta upstream XDS server: ${ISTIOD_HOST}:${XDS_PORT}`);
			for (const frame of queued.splice(0)) s.write(frame);
			await serve(s);
			socket = undefined;
			for (const resolve of pending.values()) resolve(identityError('connection to istiod lost'));
			pending.clear();
			if (!closed) await ctx.clock.sleep(RETRY);
		}
	}

	async function serve(s: Socket): Promise<void> {
		const reader = new FrameReader(s);
		for (;;) {
			const m = await readIstiodMessage(reader);
			if (isXdsProtocolError(m)) {
				log('error', 'xdsproxy', `invalid message from istiod: ${m.message}`);
				s.reset();
				return;
			}
			if (m.type === 'eof' || m.type === 'reset') return;
			if (m.type === 'config') {
				config = m.config;
				if (m.nonce !== undefined) s.write(encodeFrame({ type: 'ack', nonce: m.nonce }));
				for (const w of configWaiters.splice(0)) w(m.config);
			} else if (m.type === 'certificate') void settle(m.id, m.certChainPem);
			else {
				if (m.id === '') log('error', 'xdsproxy', m.message);
				pending.get(m.id)?.(identityError(m.message));
				pending.delete(m.id);
			}
		}
	}

	async function settle(id: string, chainPem: readonly string[]): Promise<void> {
		const resolve = pending.get(id);
		pending.delete(id);
		const pair = keys.get(id);
		keys.delete(id);
		if (!resolve || !pair) return;
		const chain = parsePemChain(chainPem.join('\n'));
		if ('type' in chain) return resolve(identityError(chain.message));
		const root = chain.at(-1);
		if (root && !roots.some((r) => r.serialNumber === root.serialNumber)) roots.push(root);
		resolve({ certChain: chain, privateKey: pair.privateKey });
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
		async certificateFor(identity) {
			if (closed) return identityError('agent closed');
			const id = String(nextId++);
			const pair = await generateKeyPair(ctx.crypto);
			const csrPem = await createCsr(identity, pair, ctx.crypto);
			keys.set(id, pair);
			return new Promise((resolve) => {
				pending.set(id, resolve);
				ctx.clock.after(CSR_TIMEOUT, () => {
					if (pending.delete(id)) resolve(identityError('timed out waiting for istiod'));
				});
				const frame = encodeFrame({ type: 'csr', id, csrPem });
				if (socket) socket.write(frame);
				else queued.push(frame);
			});
		},
		close() {
			closed = true;
			socket?.end();
		}
	};
}
