/**
 * A proxy's end of a connection to istiod in tests: TLS that authenticates istiod's serving
 * certificate (as src/mesh/xds/client.ts dials), then protocol frames.
 */
import { type IstioCa, isCaError } from '../../../src/mesh/istiod/ca.ts';
import type { Istiod } from '../../../src/mesh/istiod/istiod.ts';
import { istiodDnsNames } from '../../../src/mesh/istiod/serving-cert.ts';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { serverAuthClient } from '../../../src/mesh/tls/handshake.ts';
import type { SimMillis } from '../../../src/mesh/types.ts';
import {
	FrameReader,
	type ProxyMessage,
	encodeFrame,
	readIstiodMessage
} from '../../../src/mesh/xds/protocol.ts';
import { socketPair } from '../../support/socket-pair.ts';

export async function servingCertOf(ca: IstioCa): Promise<WorkloadCerts> {
	const certs = await ca.genKeyCert(istiodDnsNames('istio-system'), ca.rootTtl);
	if (isCaError(certs)) throw new Error(certs.message);
	return certs;
}

export function connectTo(istiod: Istiod, ca: IstioCa, clock: { now(): SimMillis }) {
	const pair = socketPair();
	istiod.accept(pair.b);
	const ready = serverAuthClient(pair.a, {
		crypto: globalThis.crypto,
		trustRoot: ca.root,
		serverName: 'istiod.istio-system.svc',
		clock
	}).then((c) => {
		if (isTlsError(c)) throw new Error(c.message);
		return { socket: c, reader: new FrameReader(c) };
	});
	return {
		/** What went on the wire from the proxy, for checks that it is not plaintext. */
		pair,
		write: (bytes: Uint8Array) => void ready.then(({ socket }) => socket.write(bytes)),
		send: (m: ProxyMessage) => void ready.then(({ socket }) => socket.write(encodeFrame(m))),
		next: async () => readIstiodMessage((await ready).reader),
		close: () => void ready.then(({ socket }) => socket.end())
	};
}
