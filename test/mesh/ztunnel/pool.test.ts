/**
 * HBONE connection pooling between two ztunnels: one mutual handshake carries many requests as
 * HTTP/2 streams, keyed by (source identity, destination identity, source IP, destination), and
 * an unused connection is released after POOL_UNUSED_RELEASE_TIMEOUT of sim time.
 */
import { describe, expect, it } from 'vitest';
import { hboneAccept, isHboneError } from '../../../src/mesh/hbone/connect.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { secureServer } from '../../../src/mesh/tls/handshake.ts';
import { ip } from '../../../src/mesh/types.ts';
import { SecretManager } from '../../../src/mesh/proxy/l4/identity/manager.ts';
import type { ProxyInputs } from '../../../src/mesh/proxy/l4/inputs.ts';
import { POOL_UNUSED_RELEASE_TIMEOUT, WorkloadHBONEPool } from '../../../src/mesh/proxy/l4/pool.ts';
import { CURL, PRODUCTPAGE } from '../tls/pki.ts';
import { MeshNet } from './mesh-net.ts';
import { readAll } from '../../support/socket-pair.ts';
import { policy } from './fixtures.ts';
import {
	VIP,
	accessLines,
	createMesh,
	curl,
	curlPrincipal,
	loadTestPki,
	productpage,
	ratings,
	text,
	until
} from './two-ztunnels.ts';

const RATINGS_VIP = { ip: '10.96.0.11', port: 9080 };
const PONG = (from: string) => `hello ${from}, you sent ping`;

describe('WorkloadHBONEPool', () => {
	it('sends many requests over one handshake', async () => {
		const mesh = await createMesh();
		for (let i = 0; i < 5; i++) {
			expect((await mesh.request(curl.address, VIP)).text).toBe(PONG(curl.address));
		}
		expect(mesh.hboneConnections()).toBe(1);
		// Still one access log line, metric and event per app connection, on both sides.
		await until(() => accessLines(mesh.logs2).length === 5, 'inbound access logs');
		await until(() => accessLines(mesh.logs1).length === 5, 'outbound access logs');
		expect(mesh.zt1.metrics.total('istio_tcp_connections_opened_total')).toBe(5);
		expect(mesh.events1).toHaveLength(5);
	});

	it('lets concurrent requests for a new key wait for the same handshake', async () => {
		const mesh = await createMesh();
		const all = await Promise.all([1, 2, 3, 4].map(() => mesh.request(curl.address, VIP)));
		expect(all.map((r) => r.text)).toEqual(Array(4).fill(PONG(curl.address)));
		expect(mesh.hboneConnections()).toBe(1);
	});

	it('keys connections by source and destination', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		await mesh.request(ratings.address, VIP); // another source identity and IP
		await mesh.request(curl.address, RATINGS_VIP); // another destination
		await mesh.request(curl.address, VIP); // reuses the first
		const hbone = mesh.net.wires.filter((w) => w.acceptedBy.port === 15008);
		expect(hbone.map((w) => `${w.client.ip} → ${w.dst.ip}:${w.dst.port}`)).toEqual([
			'10.244.1.5 → 10.244.2.7:15008',
			'10.244.1.8 → 10.244.2.7:15008',
			'10.244.1.5 → 10.244.1.8:15008'
		]);
	});

	it('puts only ciphertext on the pooled connection, however many requests it carries', async () => {
		const mesh = await createMesh();
		for (let i = 0; i < 3; i++) await mesh.request(curl.address, VIP);
		const [wire] = mesh.net.wires.filter((w) => w.acceptedBy.port === 15008);
		if (!wire) throw new Error('no HBONE connection');
		for (const bytes of [wire.sent(), wire.received()]) {
			const seen = new TextDecoder('latin1').decode(bytes);
			expect(seen).not.toMatch(/ping|hello|CONNECT|PRI \*|10\.244\.2\.7:9080|traceparent/);
			expect(bytes[0]).toBe(0x16); // one TLS handshake opens each direction
		}
	});

	it('a refused stream leaves the connection for the next request', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		mesh.setPolicies([policy('deny-curl', 'Deny', [[[{ principals: curlPrincipal }]]])]);
		expect((await mesh.request(curl.address, VIP)).end.type).toBe('reset');
		mesh.setPolicies([]);
		expect((await mesh.request(curl.address, VIP)).text).toBe(PONG(curl.address));
		expect(mesh.hboneConnections()).toBe(1);
	});

	it('a selector policy applied after the connection opened governs its next stream', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		const allowGateway = policy('productpage-ztunnel', 'Allow', [
			[[{ principals: [{ exact: 'cluster.local/ns/default/sa/bookinfo-gateway-istio' }] }]]
		]);
		mesh.setSelectorPolicy(allowGateway, [productpage]);
		expect((await mesh.request(curl.address, VIP)).end.type).toBe('reset');
		expect(mesh.hboneConnections()).toBe(1);
	});

	it('releases a connection unused for POOL_UNUSED_RELEASE_TIMEOUT, and not before', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		mesh.net.clock.advance(POOL_UNUSED_RELEASE_TIMEOUT - 1);
		await mesh.request(curl.address, VIP); // reused: the idle timer starts over
		mesh.net.clock.advance(POOL_UNUSED_RELEASE_TIMEOUT - 1);
		expect(mesh.hboneConnections()).toBe(1);
		mesh.net.clock.advance(1);
		// Released (GOAWAY, close_notify, FIN): the next request needs a new handshake.
		expect((await mesh.request(curl.address, VIP)).text).toBe(PONG(curl.address));
		expect(mesh.hboneConnections()).toBe(2);
	});

	it('never releases a connection while a tunnel on it is open', async () => {
		const mesh = await createMesh();
		const held = await mesh.open(curl.address, VIP);
		held.write(text('ping'));
		const atApp = () => mesh.net.wires.filter((w) => w.acceptedBy.ip === '10.244.2.7').length;
		await until(() => atApp() === 1, 'the tunnel to reach the app');
		mesh.net.clock.advance(2 * POOL_UNUSED_RELEASE_TIMEOUT);
		expect((await mesh.request(curl.address, VIP)).text).toBe(PONG(curl.address));
		held.end();
		expect((await readAll(held)).text).toBe(PONG(curl.address));
		expect(mesh.hboneConnections()).toBe(1);
	});
});

describe('WorkloadHBONEPool against a peer that takes one tunnel per connection', () => {
	it('retries a refused stream (GOAWAY + REFUSED_STREAM) on a new connection', async () => {
		const { pki } = await loadTestPki();
		const net = new MeshNet();
		// The peer answers the first CONNECT of each connection and refuses the rest.
		net.stack('10.244.2.7').listen(15008, (socket) => {
			void (async () => {
				const s = await secureServer(socket, {
					crypto: globalThis.crypto,
					identity: pki.productpage,
					trustRoot: pki.ca.root,
					clock: net.clock
				});
				if (isTlsError(s)) return;
				const req = await hboneAccept(s);
				if (isHboneError(req)) return;
				const t = req.respond(200);
				t.write(text('ok'));
				t.end();
			})();
		});
		const pool = new WorkloadHBONEPool({
			net: net.stack('10.244.1.2', true),
			clock: net.clock,
			crypto: globalThis.crypto,
			trustRoots: () => [pki.ca.root],
			secrets: new SecretManager(() => Promise.resolve(pki.curl), net.clock)
		} as unknown as ProxyInputs);
		const key = {
			srcId: CURL,
			dstId: PRODUCTPAGE,
			src: { ip: ip('10.244.1.5'), port: 40000 },
			dst: { ip: ip('10.244.2.7'), port: 15008 }
		};
		const target = { ip: ip('10.244.2.7'), port: 9080 };
		const sent = await Promise.all([1, 2, 3].map(() => pool.sendRequestPooled(key, target, {})));
		const texts = await Promise.all(
			sent.map(async (r) => {
				if ('type' in r) throw new Error(r.message);
				return (await readAll(r.tunnel)).text;
			})
		);
		expect(texts).toEqual(['ok', 'ok', 'ok']);
		expect(pool.handshakes).toBe(3);
	});
});
