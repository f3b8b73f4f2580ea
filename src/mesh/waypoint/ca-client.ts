/**
 * The waypoint's certificate from istiod's CA (15012), as pilot-agent gets one for Envoy: open
 * the agent's stream for this pod (`subscribe-sidecar`: istiod checks the pod runs on that node
 * and signs only the pod's own service account), send a CSR for a fresh P-256 key, and take
 * the chain back. Config frames istiod pushes on that stream are not for us and are skipped:
 * the waypoint's config arrives as a control message. One connection per request.
 */
import {
	encodeFrame,
	FrameReader,
	isXdsProtocolError,
	readIstiodMessage,
	XDS_PORT
} from '../istiod/xds-protocol.ts';
import { isConnectError } from '../net/socket.ts';
import type { HostContext } from '../runtime/host.ts';
import {
	createCsr,
	generateKeyPair,
	parsePemChain,
	type WorkloadCerts
} from '../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import { ms } from '../types.ts';

/** CA_ADDR's default in the waypoint template: `istiod.istio-system.svc:15012`. */
export const DEFAULT_CA_ADDR = 'istiod.istio-system.svc:15012';

const fail = (message: string): IdentityError => ({ type: 'identity-error', message });

export async function requestCertificate(
	ctx: Pick<HostContext, 'net' | 'dns' | 'crypto' | 'spec'>,
	id: SpiffeId,
	caAddr = DEFAULT_CA_ADDR
): Promise<WorkloadCerts | IdentityError> {
	const colon = caAddr.lastIndexOf(':');
	const host = colon < 0 ? caAddr : caAddr.slice(0, colon);
	const port = colon < 0 ? XDS_PORT : Number(caAddr.slice(colon + 1)) || XDS_PORT;
	const address = ctx.dns.lookup(host);
	if (!address) return fail(`failed to connect to CA ${caAddr}: no such host`);
	const socket = await ctx.net.connect({ ip: address, port }, { timeout: ms(5000) });
	if (isConnectError(socket)) return fail(`failed to connect to CA ${caAddr}: ${socket.type}`);
	try {
		const pair = await generateKeyPair(ctx.crypto);
		const csrPem = await createCsr(id, pair, ctx.crypto);
		const { node, name: pod, namespace } = ctx.spec;
		socket.write(encodeFrame({ type: 'subscribe-sidecar', node, pod, namespace }));
		socket.write(encodeFrame({ type: 'csr', id: '1', csrPem }));
		const reader = new FrameReader(socket);
		for (;;) {
			const m = await readIstiodMessage(reader);
			if (isXdsProtocolError(m)) return fail(m.message);
			if (m.type === 'eof' || m.type === 'reset') return fail('connection to CA closed');
			if (m.type === 'error') return fail(m.message);
			if (m.type !== 'certificate') continue;
			const chain = parsePemChain(m.certChainPem.join('\n'));
			if ('type' in chain) return fail(chain.message);
			return { certChain: chain, privateKey: pair.privateKey };
		}
	} finally {
		socket.end();
	}
}
