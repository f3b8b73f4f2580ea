/**
 * Envoy's TLS inspector listener filter: peeks at the first bytes of a new connection to tell a
 * TLS ClientHello (and the ALPN it offers) from plaintext, without consuming them, so the filter
 * chain chosen next (Istio's mTLS chain or its plaintext one) reads the connection from its start.
 * Mirrors envoy source/extensions/filters/listener/tls_inspector (transport_protocol `tls` or
 * `raw_buffer`, application_protocols from the ALPN extension).
 */
import type { ReadResult, Socket } from '../net/socket.ts';
import { expectMessage, decodeHello, HandshakeType } from './messages.ts';
import { isTlsError } from './errors.ts';
import { ContentType } from './record.ts';

const HEADER = 5;

export interface Inspected {
	/** The connection, replaying the bytes the inspector read. */
	readonly socket: Socket;
	/** `tls` when the first record is a ClientHello, else `raw_buffer` (Envoy's names). */
	readonly transportProtocol: 'tls' | 'raw_buffer';
	/** The ClientHello's ALPN offer; empty for plaintext or a hello without one. */
	readonly applicationProtocols: readonly string[];
}

/** A socket whose first reads return `head`, then the connection's own. */
class ReplaySocket implements Socket {
	#head: Uint8Array | undefined;
	constructor(
		readonly inner: Socket,
		head: Uint8Array,
		readonly end_: ReadResult | undefined
	) {
		this.#head = head.length > 0 ? head : undefined;
	}
	get id() {
		return this.inner.id;
	}
	get local() {
		return this.inner.local;
	}
	get remote() {
		return this.inner.remote;
	}
	write(bytes: Uint8Array): void {
		this.inner.write(bytes);
	}
	end(): void {
		this.inner.end();
	}
	reset(): void {
		this.inner.reset();
	}
	read(): Promise<ReadResult> {
		const head = this.#head;
		if (head) {
			this.#head = undefined;
			return Promise.resolve({ type: 'data', bytes: head });
		}
		return this.end_ ? Promise.resolve(this.end_) : this.inner.read();
	}
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

/**
 * Reads only as far as needed: one byte that is not a handshake record means plaintext; a
 * handshake record is read whole and its ClientHello decoded. The client speaks first in both
 * of Istio's chains; a connection that ends first is plaintext.
 */
export async function inspectTls(socket: Socket): Promise<Inspected> {
	let head: Uint8Array = new Uint8Array(0);
	const plain = (end?: ReadResult): Inspected => ({
		socket: new ReplaySocket(socket, head, end),
		transportProtocol: 'raw_buffer',
		applicationProtocols: []
	});
	for (;;) {
		if (head.length > 0 && head[0] !== ContentType.Handshake) return plain();
		if (head.length >= HEADER) {
			const length = ((head[3] ?? 0) << 8) | (head[4] ?? 0);
			if (head.length >= HEADER + length) {
				const message = expectMessage(
					head.subarray(HEADER, HEADER + length),
					HandshakeType.ClientHello
				);
				const hello = isTlsError(message) ? message : decodeHello(message.body);
				if (isTlsError(hello)) return plain();
				return {
					socket: new ReplaySocket(socket, head, undefined),
					transportProtocol: 'tls',
					applicationProtocols: hello.alpn ?? []
				};
			}
		}
		const r = await socket.read();
		if (r.type !== 'data') return plain(r);
		head = concatBytes(head, r.bytes);
	}
}
