/**
 * The ztunnel's side of its connection to istiod (port 15012): subscribe for this node's
 * config, keep the latest push, and get workload certificates signed through CSRs. Mirrors the
 * roles of ztunnel src/xds/client.rs (AdsClient) and src/identity/caclient.rs (CaClient), over
 * our own small protocol (src/mesh/istiod/xds-protocol.ts). Reconnects when the stream ends.
 */
import {
	encodeFrame,
	FrameReader,
	isXdsProtocolError,
	readIstiodMessage,
	XDS_PORT
} from '../istiod/xds-protocol.ts';
import { isConnectError, type Socket } from '../net/socket.ts';
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
import { imageTag } from '../apps/istio/version.ts';
import type { ZtunnelConfig } from './state/xds.ts';

/** istiod's discovery address, as the ztunnel chart sets CA_ADDRESS / XDS_ADDRESS. */
export const ISTIOD_HOST = 'istiod.istio-system.svc';
const RETRY = ms(1000);

export interface XdsClient {
	config(): ZtunnelConfig | undefined;
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	trustRoots(): readonly X509Certificate[];
	close(): void;
}

export interface XdsClientOptions {
	readonly node: string;
	readonly podName: string;
	/** ztunnel-style log lines (level, scope, message). */
	readonly log: (level: 'info' | 'warn' | 'error', scope: string, message: string) => void;
	/** Called after each config push is stored. */
	readonly onConfig?: (config: ZtunnelConfig) => void;
}

const identityError = (message: string): IdentityError => ({ type: 'identity-error', message });

/**
 * The xDS node metadata ztunnel sends (xds/client.rs node()): NAME, NAMESPACE, NODE_NAME, every
 * `ISTIO_META_*` env var without its prefix (the chart sets CLUSTER_ID), and ISTIO_VERSION from
 * the image's `ENV ISTIO_META_ISTIO_VERSION` (pilot/docker/Dockerfile.ztunnel), i.e. its tag.
 */
export function nodeMetadata(ctx: HostContext): Record<string, string> {
	const container = ctx.spec.containers[0];
	const meta: Record<string, string> = {
		NAME: ctx.spec.name,
		NAMESPACE: ctx.spec.namespace,
		NODE_NAME: ctx.spec.node
	};
	if (container) meta['ISTIO_VERSION'] = imageTag(container.image).replace(/-distroless$/, '');
	for (const [k, v] of Object.entries(container?.env ?? {}))
		if (k.startsWith('ISTIO_META_')) meta[k.slice('ISTIO_META_'.length)] = v;
	return meta;
}

export function connectXds(ctx: HostContext, options: XdsClientOptions): XdsClient {
	let config: ZtunnelConfig | undefined;
	let socket: Socket | undefined;
	let closed = false;
	let nextId = 1;
	const roots: X509Certificate[] = [];
	const pending = new Map<string, (r: WorkloadCerts | IdentityError) => void>();
	const keys = new Map<string, CryptoKeyPair>();

	async function run(): Promise<void> {
		while (!closed) {
			const address = ctx.dns.lookup(ISTIOD_HOST);
			const s = address
				? await ctx.net.connect({ ip: address, port: XDS_PORT }, { timeout: ms(5000) })
				: undefined;
			if (!s || isConnectError(s)) {
				options.log(
					'warn',
					'xds::client',
					`XDS client connection error: ${s?.type ?? 'istiod not found'}, retrying`
				);
				await new Promise<void>((resolve) => ctx.clock.after(RETRY, resolve));
				continue;
			}
			socket = s;
			s.write(
				encodeFrame({
					type: 'subscribe',
					node: options.node,
					ztunnel: options.podName,
					metadata: nodeMetadata(ctx)
				})
			);
			options.log('info', 'xds::client', `Stream established`);
			const reader = new FrameReader(s);
			for (;;) {
				const m = await readIstiodMessage(reader);
				if (isXdsProtocolError(m)) {
					options.log('error', 'xds::client', `invalid message from istiod: ${m.message}`);
					s.reset();
					break;
				}
				if (m.type === 'eof' || m.type === 'reset') break;
				if (m.type === 'config') {
					config = m.config;
					options.log(
						'info',
						'xds::client',
						`received response type_url="type.googleapis.com/istio.workload.Address" size=${m.config.workloads.length + m.config.services.length}`
					);
					options.onConfig?.(m.config);
					// Delta xDS ACK: istiod marks the push as synced (`istioctl proxy-status`).
					if (m.nonce !== undefined) s.write(encodeFrame({ type: 'ack', nonce: m.nonce }));
				} else if (m.type === 'certificate') void settleCertificate(m.id, m.certChainPem);
				else if (m.type === 'error') {
					if (m.id === '') options.log('error', 'xds::client', m.message);
					pending.get(m.id)?.(identityError(m.message));
					pending.delete(m.id);
				}
			}
			socket = undefined;
			for (const resolve of pending.values()) resolve(identityError('connection to istiod lost'));
			pending.clear();
			if (!closed) await new Promise<void>((resolve) => ctx.clock.after(RETRY, resolve));
		}
	}

	async function settleCertificate(id: string, chainPem: readonly string[]): Promise<void> {
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
		trustRoots: () => roots,
		async certificateFor(identity) {
			const s = socket;
			if (!s) return identityError('no connection to istiod');
			const id = String(nextId++);
			const pair = await generateKeyPair(ctx.crypto);
			const csrPem = await createCsr(identity, pair, ctx.crypto);
			keys.set(id, pair);
			return new Promise((resolve) => {
				pending.set(id, resolve);
				s.write(encodeFrame({ type: 'csr', id, csrPem }));
			});
		},
		close() {
			closed = true;
			socket?.end();
		}
	};
}
