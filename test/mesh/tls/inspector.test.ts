/**
 * Envoy's TLS inspector (source/extensions/filters/listener/tls_inspector) as the sidecar's inbound
 * listener uses it: TLS offering Istio's ALPN (pilot/pkg/networking/util ALPNInMeshWithMxc) goes
 * to the mTLS filter chain, anything else to the plaintext chain, and the chain chosen reads the
 * connection from its first byte.
 */
import { describe, expect, it } from 'vitest';
import { ALPN_IN_MESH_WITH_MXC, isIstioMtls } from '../../../src/mesh/proxy/istio-mtls.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { secureClient, secureServer } from '../../../src/mesh/tls/handshake.ts';
import { inspectTls } from '../../../src/mesh/tls/inspector.ts';
import { decodeHello, encodeHello, HandshakeType } from '../../../src/mesh/tls/messages.ts';
import { readAll, socketPair } from '../../support/socket-pair.ts';
import { CURL, PRODUCTPAGE, createPki } from './pki.ts';

const pki = await createPki();
const text = (s: string) => new TextEncoder().encode(s);
const hello = { random: new Uint8Array(32).fill(7), keyShare: Uint8Array.of(4, 1, 2) };

describe('ClientHello ALPN', () => {
	it('round-trips the offer, and a hello without one keeps its bytes', () => {
		const withAlpn = encodeHello(HandshakeType.ClientHello, { ...hello, alpn: ['istio', 'h2'] });
		const without = encodeHello(HandshakeType.ClientHello, hello);
		expect(decodeHello(withAlpn.subarray(4))).toMatchObject({ alpn: ['istio', 'h2'] });
		expect(decodeHello(without.subarray(4))).not.toHaveProperty('alpn');
		expect(without.length).toBe(4 + 2 + 32 + 2 + 3);
	});

	it('refuses a malformed ALPN list', () => {
		const bad = encodeHello(HandshakeType.ClientHello, { ...hello, alpn: ['istio'] });
		expect(isTlsError(decodeHello(bad.subarray(4, bad.length - 1)))).toBe(true);
	});
});

describe('TLS inspector', () => {
	it('plaintext: raw_buffer, and the app still reads the request from its start', async () => {
		const pair = socketPair();
		pair.a.write(text('GET /ip HTTP/1.1\r\n\r\n'));
		pair.a.end();
		const got = await inspectTls(pair.b);
		expect(got.transportProtocol).toBe('raw_buffer');
		expect(isIstioMtls(got)).toBe(false);
		expect((await readAll(got.socket)).text).toBe('GET /ip HTTP/1.1\r\n\r\n');
	});

	it("Istio mTLS: the client's ALPN picks the mTLS chain, which completes the handshake", async () => {
		const pair = socketPair();
		const client = secureClient(pair.a, {
			crypto: globalThis.crypto,
			identity: pki.curl,
			trustRoot: pki.ca.root,
			clock: pki.clock,
			expectedPeer: PRODUCTPAGE,
			alpn: ALPN_IN_MESH_WITH_MXC
		});
		const got = await inspectTls(pair.b);
		expect(got.transportProtocol).toBe('tls');
		expect(got.applicationProtocols).toEqual(['istio-peer-exchange', 'istio']);
		expect(isIstioMtls(got)).toBe(true);
		const server = await secureServer(got.socket, {
			crypto: globalThis.crypto,
			identity: pki.productpage,
			trustRoot: pki.ca.root,
			clock: pki.clock
		});
		if (isTlsError(server)) throw new Error(server.message);
		expect(server.peerIdentity).toBe(CURL);
		expect(isTlsError(await client)).toBe(false);
	});

	it('TLS without Istio ALPN (an app doing its own TLS) goes to the plaintext chain', async () => {
		const pair = socketPair();
		void secureClient(pair.a, {
			crypto: globalThis.crypto,
			identity: pki.curl,
			trustRoot: pki.ca.root,
			clock: pki.clock
		});
		const got = await inspectTls(pair.b);
		expect(got.transportProtocol).toBe('tls');
		expect(isIstioMtls(got)).toBe(false);
		pair.b.reset();
	});
});
