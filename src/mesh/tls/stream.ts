/**
 * A secure stream: the Socket interface over protected records, plus who the peer is.
 * Proxies use it exactly like a Socket; reads that fail authentication end the stream with a
 * `reset` whose reason is the TLS error (`bad record MAC`).
 */
import type { ReadResult, Socket } from '../net/socket.ts';
import type { X509Certificate } from './certificate.ts';
import { ALERTS, alertName, isTlsError, unexpectedMessage } from './errors.ts';
import type { SpiffeId } from './identity.ts';
import {
	ContentType,
	MAX_PLAINTEXT,
	type RecordOpener,
	type RecordReader,
	type RecordSealer,
	encodeRecord
} from './record.ts';

/** What `istioctl`/ztunnel show for the negotiated suite (ztunnel allows only TLS 1.3). */
export const CIPHER_SUITE = 'TLS13_AES_256_GCM_SHA384';
export const PROTOCOL_VERSION = 'TLSv1.3';

/** A TLS connection, authenticated one way at least (server-only: istiod's 15012). */
export interface TlsChannel extends Socket {
	/** The peer's verified certificate; undefined on a server that asked for none. */
	readonly peerCertificate: X509Certificate | undefined;
	readonly cipherSuite: typeof CIPHER_SUITE;
	readonly protocolVersion: typeof PROTOCOL_VERSION;
}

/** A mutually authenticated channel (HBONE): both ends hold workload certificates. */
export interface SecureStream extends TlsChannel {
	/** The SPIFFE id from the peer's verified certificate. */
	readonly peerIdentity: SpiffeId;
	readonly peerCertificate: X509Certificate;
}

export interface StreamParts {
	readonly socket: Socket;
	readonly reader: RecordReader;
	readonly sealer: RecordSealer;
	readonly opener: RecordOpener;
	readonly peerCertificate: X509Certificate | undefined;
}

/** A fatal alert in the clear, for failures before (or instead of) protected records. */
export const plainAlert = (description: number): Uint8Array =>
	encodeRecord(ContentType.Alert, Uint8Array.of(2, description));

export class TlsStream implements TlsChannel {
	readonly cipherSuite = CIPHER_SUITE;
	readonly protocolVersion = PROTOCOL_VERSION;
	readonly peerCertificate: X509Certificate | undefined;
	readonly #socket: Socket;
	readonly #reader: RecordReader;
	readonly #sealer: RecordSealer;
	readonly #opener: RecordOpener;
	/** Sealing runs in parallel; this chain keeps the writes in sequence-number order. */
	#outbound: Promise<void> = Promise.resolve();
	/** Records on that chain not yet written: while there are none, one sealed now goes out now. */
	#queued = 0;
	/** Reads decrypt one record at a time, in order. */
	#inbound: Promise<unknown> = Promise.resolve();
	/** Reads asked for and not yet answered. */
	#reading = 0;
	#writeClosed = false;
	#aborted = false;
	#final: ReadResult | undefined;

	constructor(parts: StreamParts) {
		this.#socket = parts.socket;
		this.#reader = parts.reader;
		this.#sealer = parts.sealer;
		this.#opener = parts.opener;
		this.peerCertificate = parts.peerCertificate;
	}

	get id() {
		return this.#socket.id;
	}
	get local() {
		return this.#socket.local;
	}
	get remote() {
		return this.#socket.remote;
	}

	write(bytes: Uint8Array): void {
		if (this.#writeClosed || bytes.length === 0) return;
		// One record takes most writes whole: no view to make.
		if (bytes.length <= MAX_PLAINTEXT) return this.#send(ContentType.ApplicationData, bytes);
		// A view per record: sealing copies the content into its plaintext before it returns.
		for (let off = 0; off < bytes.length; off += MAX_PLAINTEXT) {
			this.#send(ContentType.ApplicationData, bytes.subarray(off, off + MAX_PLAINTEXT));
		}
	}

	/** Sends close_notify, then FIN. Reading stays possible, as with a TCP half-close. */
	end(): void {
		if (this.#writeClosed) return;
		this.#writeClosed = true;
		this.#send(ContentType.Alert, Uint8Array.of(1, ALERTS.CloseNotify));
		if (this.#queued === 0) {
			if (!this.#aborted) this.#socket.end();
			return;
		}
		this.#outbound = this.#outbound.then(() => {
			if (!this.#aborted) this.#socket.end();
		});
	}

	reset(): void {
		this.#writeClosed = true;
		this.#aborted = true;
		this.#socket.reset();
	}

	read(): Promise<ReadResult> {
		// No read in progress (the usual caller reads, awaits, reads again): this one starts now,
		// with no link on the chain.
		const next =
			this.#reading++ === 0 ? this.#readOne() : this.#inbound.then(() => this.#readOne());
		this.#inbound = next;
		return next;
	}

	#send(innerType: ContentType, content: Uint8Array): void {
		// Nothing sealed earlier still waits: a record sealed now keeps the order going out now.
		const now = this.#queued === 0 ? this.#sealer.sealNow(innerType, content) : undefined;
		if (now) {
			if (!this.#aborted) this.#socket.write(now);
			return;
		}
		this.#queued++;
		const sealed = this.#sealer.seal(innerType, content);
		this.#outbound = this.#outbound.then(
			() =>
				sealed.then(
					(record) => {
						this.#queued--;
						if (!this.#aborted) this.#socket.write(record);
					},
					(error: unknown) => {
						this.#queued--;
						throw error;
					}
				),
			// An earlier record failed to seal: this one is dropped with it (nothing after it).
			() => void this.#queued--
		);
	}

	async #readOne(): Promise<ReadResult> {
		try {
			while (!this.#final) {
				const record = await this.#reader.next();
				if (record.type === 'eof') return (this.#final = { type: 'eof' });
				if (record.type === 'reset')
					return (this.#final = { type: 'reset', reason: record.reason });
				if (record.type === 'tls-error') return this.#fail(record.message);
				if (record.contentType === ContentType.Alert) {
					// A plaintext alert: the peer rejected the handshake after we finished our side
					// (for example a server refusing our client certificate). A close_notify in the
					// clear is not that: anyone on the path could forge it to truncate the stream, so
					// only a protected one ends the data cleanly (RFC 8446 §6.1).
					if (record.fragment[1] === ALERTS.CloseNotify)
						return this.#fail(unexpectedMessage('plaintext close_notify after handshake').message);
					return this.#alert(record.fragment);
				}
				if (record.contentType !== ContentType.ApplicationData) {
					return this.#fail(unexpectedMessage('handshake record after handshake').message);
				}
				const opened = this.#opener.openNow(record) ?? (await this.#opener.open(record));
				if (isTlsError(opened)) return this.#fail(opened.message);
				if (opened.innerType === ContentType.ApplicationData) {
					if (opened.content.length > 0) return { type: 'data', bytes: opened.content };
				} else if (opened.innerType === ContentType.Alert) {
					return this.#alert(opened.content);
				} else {
					return this.#fail(unexpectedMessage(`record type ${opened.innerType}`).message);
				}
			}
			return this.#final;
		} finally {
			this.#reading--;
		}
	}

	#alert(body: Uint8Array): ReadResult {
		const description = body[1];
		if (description === ALERTS.CloseNotify) return (this.#final = { type: 'eof' });
		this.#final = {
			type: 'reset',
			reason: `received fatal alert: ${alertName(description ?? -1)}`
		};
		this.#writeClosed = true;
		this.#socket.end();
		return this.#final;
	}

	/** A protocol failure ends the connection: RST, and every later read repeats the reason. */
	#fail(reason: string): ReadResult {
		this.#final = { type: 'reset', reason };
		this.#writeClosed = true;
		this.#aborted = true;
		this.#socket.reset();
		return this.#final;
	}
}

/** A `TlsStream` whose peer proved a workload identity (mutual TLS). */
export class MutualTlsStream extends TlsStream implements SecureStream {
	declare readonly peerCertificate: X509Certificate;
	readonly peerIdentity: SpiffeId;

	constructor(parts: StreamParts & { peerIdentity: SpiffeId; peerCertificate: X509Certificate }) {
		super(parts);
		this.peerIdentity = parts.peerIdentity;
	}
}
