/**
 * One connection to 15012: istiod's TLS handshake (its DNS serving certificate, no client
 * certificate asked), then the stream's receive loop until the proxy goes away. Mirrors
 * pilot/pkg/xds ads.go `Stream` / delta.go `StreamDeltas` (a request at a time: subscribe, ACK
 * or NACK) with the CA server's CSRs on the same stream, and `closeConnection`.
 */
import type { Socket } from '../net/socket.ts';
import { isTlsError } from '../tls/errors.ts';
import { serverAuthServer } from '../tls/handshake.ts';
import { FrameReader, isXdsProtocolError, readProxyMessage } from '../xds/protocol.ts';
import { subscribeAgent, subscribeZtunnel } from './ads-subscribe.ts';
import { createCertificate } from './ca-server.ts';
import { type Connection, type DiscoveryServer, newConnection, send } from './discovery-server.ts';

/** Reads the proxy's requests until the stream ends, then forgets the connection. */
async function receive(ds: DiscoveryServer, conn: Connection): Promise<void> {
	const reader = new FrameReader(conn.socket);
	for (;;) {
		const m = await readProxyMessage(reader);
		if (isXdsProtocolError(m)) {
			send(conn, { type: 'error', id: '', message: m.message });
			conn.socket.end();
			break;
		}
		if (m.type === 'eof' || m.type === 'reset') break;
		if (m.type === 'subscribe') {
			if (conn.node === undefined) subscribeZtunnel(ds, conn, m.node, m.ztunnel, m.metadata);
		} else if (m.type === 'ack') {
			ds.sync.acked(conn.id, m.nonce, m.error);
			// pilot/pkg/xds/delta.go: a NACK is logged and the proxy keeps its last good config.
			if (m.error !== undefined) conn.needsFull = true;
			if (m.error !== undefined && conn.proxyId !== undefined)
				ds.log(
					'warn',
					'delta',
					`ADS:WDS: ACK ERROR ${conn.proxyId}-${conn.id} Internal:${m.error}`
				);
		} else if (m.type === 'subscribe-sidecar' || m.type === 'subscribe-gateway') {
			if (conn.node === undefined) subscribeAgent(ds, conn, m);
		} else {
			await createCertificate(ds, conn, m.id, m.csrPem, m.ttl);
		}
	}
	closeConnection(ds, conn);
}

function closeConnection(ds: DiscoveryServer, conn: Connection): void {
	ds.conns.delete(conn);
	ds.sync.disconnect(conn.id);
	if (conn.proxyId !== undefined) {
		const peer = `${conn.socket.remote.ip}:${conn.socket.remote.port}`;
		ds.log('info', 'delta', `ADS: "${peer}" ${conn.proxyId}-${conn.id} terminated`);
	}
	conn.socket.end();
}

/** Serves one accepted connection: the TLS handshake, then the stream. */
export async function serveConnection(ds: DiscoveryServer, socket: Socket): Promise<void> {
	const tls = await serverAuthServer(socket, {
		identity: ds.options.servingCert(),
		clock: { now: ds.now },
		crypto: ds.options.crypto
	});
	if (isTlsError(tls)) {
		const peer = `${socket.remote.ip}:${socket.remote.port}`;
		ds.log('warn', 'grpc', `TLS handshake error from ${peer}: ${tls.message}`);
		return;
	}
	const conn = newConnection(ds, tls);
	ds.conns.add(conn);
	void receive(ds, conn);
}
