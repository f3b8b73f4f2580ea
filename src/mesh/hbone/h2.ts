/**
 * One HTTP/2 connection over a (secure) byte stream, carrying many streams at once. Each stream
 * is a Socket: `write` sends DATA, `end` sends END_STREAM (a half-close), `reset` sends
 * RST_STREAM; the peer's END_STREAM reads as eof and its RST_STREAM as a reset. The client opens
 * odd-numbered streams with a HEADERS frame and waits for the response HEADERS; the server hands
 * each new stream to `onStream`. GOAWAY stops new streams; the connection closes when the last
 * one ends. Frames written in the same turn share one write (one TLS record on the wire).
 * Mirrors the roles of h2's client/server connections under ztunnel src/proxy/h2/{client,server}.rs.
 */
import type { ReadResult, Socket } from '../net/socket.ts';
import { connId, type ConnId } from '../types.ts';
import {
	ErrorCode,
	type ErrorCodeName,
	Flags,
	type Frame,
	FrameReader,
	FrameType,
	type HeaderField,
	MAX_FRAME_PAYLOAD,
	PREFACE,
	decodeHeaderBlock,
	describeErrorCode,
	encodeFrame,
	encodeHeaderBlock,
	readU32,
	u32
} from './frame.ts';

/** hyper's text when the connection ends under a stream that still expected bytes. */
export const CLOSED_EARLY = 'connection closed before message completed';

export type Role = 'client' | 'server';

export interface H2Options {
	/** Server: a new stream and its request headers. */
	readonly onStream?: (stream: H2Stream, headers: HeaderField[]) => void;
	/** The number of open streams changed (a pool starts its idle timer at 0). */
	readonly onActivity?: (active: number) => void;
	/** The peer broke the protocol: we sent GOAWAY with `code` and closed. */
	readonly onError?: (code: ErrorCodeName) => void;
}

/** The response a client stream waits for, or why none came. */
export type ResponseHead =
	| { readonly type: 'headers'; readonly fields: HeaderField[] }
	| {
			readonly type: 'error';
			readonly message: string;
			/** The peer refused the stream unprocessed (REFUSED_STREAM): safe to retry elsewhere. */
			readonly refused?: boolean;
	  };

export class H2Stream implements Socket {
	readonly id: ConnId;
	readonly #conn: H2Connection;
	readonly #queue: ReadResult[] = [];
	readonly #waiters: ((r: ReadResult) => void)[] = [];
	#final: ReadResult | undefined;
	/** We sent END_STREAM or RST_STREAM. */
	#localDone = false;
	/** The peer sent END_STREAM or RST_STREAM. */
	#remoteDone = false;
	#respond: ((r: ResponseHead) => void) | undefined;
	/** Client: resolves with the response HEADERS. */
	readonly response: Promise<ResponseHead> | undefined;

	constructor(
		conn: H2Connection,
		readonly streamId: number,
		awaitResponse: boolean
	) {
		this.#conn = conn;
		this.id = connId(`${conn.socket.id}#${streamId}`);
		if (awaitResponse) {
			this.response = new Promise((resolve) => (this.#respond = resolve));
		}
	}

	get local() {
		return this.#conn.socket.local;
	}
	get remote() {
		return this.#conn.socket.remote;
	}
	get closed(): boolean {
		return this.#localDone && this.#remoteDone;
	}

	write(bytes: Uint8Array): void {
		if (this.#localDone || bytes.length === 0) return;
		// One frame takes most writes whole: no view to make (the frame copies its payload).
		if (bytes.length <= MAX_FRAME_PAYLOAD) {
			this.#conn.send(encodeFrame(FrameType.Data, 0, this.streamId, bytes));
			return;
		}
		for (let off = 0; off < bytes.length; off += MAX_FRAME_PAYLOAD) {
			const chunk = bytes.subarray(off, off + MAX_FRAME_PAYLOAD);
			this.#conn.send(encodeFrame(FrameType.Data, 0, this.streamId, chunk));
		}
	}

	end(): void {
		if (this.#localDone) return;
		this.#conn.send(encodeFrame(FrameType.Data, Flags.EndStream, this.streamId));
		this.endedLocally();
	}

	/** Our END_STREAM went out (on DATA, or on the HEADERS of a refusal). */
	endedLocally(): void {
		this.#localDone = true;
		this.#conn.settle(this);
	}

	reset(): void {
		this.resetWith(ErrorCode.CANCEL);
	}

	/** Sends RST_STREAM with `code` (REFUSED_STREAM, PROTOCOL_ERROR, …). */
	resetWith(code: number): void {
		if (this.#final?.type === 'reset') return;
		if (!this.#localDone || !this.#remoteDone) {
			this.#conn.send(encodeFrame(FrameType.RstStream, 0, this.streamId, u32(code)));
		}
		this.abort('reset');
	}

	read(): Promise<ReadResult> {
		const next = this.#queue.shift();
		if (next) return Promise.resolve(next);
		if (this.#final) return Promise.resolve(this.#final);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** The peer's HEADERS on this (client) stream. */
	receiveHeaders(fields: HeaderField[], endStream: boolean): void {
		this.#respond?.({ type: 'headers', fields });
		this.#respond = undefined;
		if (endStream) this.receiveData(new Uint8Array(0), true);
	}

	receiveData(bytes: Uint8Array, endStream: boolean): void {
		if (this.#remoteDone) return;
		if (bytes.length > 0) this.#push({ type: 'data', bytes });
		if (endStream) {
			this.#remoteDone = true;
			this.#finish({ type: 'eof' });
			this.#conn.settle(this);
		}
	}

	/** RST_STREAM from the peer (`code`), a connection failure, or our own reset. */
	abort(reason: string, code?: number): void {
		if (this.#final?.type === 'reset') return;
		this.#localDone = true;
		this.#remoteDone = true;
		this.#queue.length = 0;
		const refused = code === ErrorCode.REFUSED_STREAM;
		this.#respond?.({ type: 'error', message: reason, ...(refused ? { refused } : {}) });
		this.#respond = undefined;
		this.#finish({ type: 'reset', reason });
		this.#conn.settle(this);
	}

	#push(r: ReadResult): void {
		const waiter = this.#waiters.shift();
		if (waiter) waiter(r);
		else this.#queue.push(r);
	}

	#finish(r: ReadResult): void {
		this.#final = r;
		if (this.#queue.length === 0) for (const w of this.#waiters.splice(0)) w(r);
	}
}

export class H2Connection<S extends Socket = Socket> {
	readonly socket: S;
	readonly role: Role;
	/** Resolves once the underlying stream is done (both ways, or reset). */
	readonly done: Promise<void>;
	readonly #options: H2Options;
	readonly #streams = new Map<number, H2Stream>();
	#nextStreamId = 1;
	#lastPeerStream = 0;
	#goingAway = false;
	#closed = false;
	#out: Uint8Array[] = [];
	#flushQueued = false;

	constructor(socket: S, role: Role, options: H2Options = {}) {
		this.socket = socket;
		this.role = role;
		this.#options = options;
		if (role === 'client') this.send(PREFACE);
		this.send(encodeFrame(FrameType.Settings, 0, 0));
		this.done = this.#readLoop();
	}

	/** Streams not yet closed both ways. */
	get activeStreams(): number {
		return this.#streams.size;
	}

	/** Open, and no GOAWAY either way: a new stream may start here. */
	get usable(): boolean {
		return !this.#closed && !this.#goingAway;
	}

	/** Client: opens a stream with request `headers`; await `stream.response` for the answer. */
	open(headers: readonly HeaderField[]): H2Stream {
		if (this.role !== 'client') throw new Error('BUG: a server opened a stream');
		const stream = new H2Stream(this, this.#nextStreamId, true);
		this.#nextStreamId += 2;
		if (!this.usable) {
			stream.abort(this.#closed ? CLOSED_EARLY : 'connection is going away');
			return stream;
		}
		this.#streams.set(stream.streamId, stream);
		this.#activity();
		this.#sendHeaders(stream.streamId, headers, false);
		return stream;
	}

	/** Server: answers a stream; `endStream` closes our side at once (a refusal). */
	respond(stream: H2Stream, headers: readonly HeaderField[], endStream: boolean): void {
		this.#sendHeaders(stream.streamId, headers, endStream);
		if (endStream) stream.endedLocally();
	}

	/** GOAWAY: no new streams; the connection ends when the open ones have. */
	close(code: ErrorCodeName = 'NO_ERROR'): void {
		if (this.#closed) return;
		if (!this.#goingAway) {
			this.#goingAway = true;
			this.send(encodeFrame(FrameType.GoAway, 0, 0, u32(this.#lastPeerStream, ErrorCode[code])));
		}
		if (this.#streams.size === 0 || code !== 'NO_ERROR') this.#shutdown();
	}

	/** Queues frame bytes; everything queued in this turn goes out as one write. */
	send(bytes: Uint8Array): void {
		if (this.#closed) return;
		this.#out.push(bytes);
		if (this.#flushQueued) return;
		this.#flushQueued = true;
		void Promise.resolve().then(() => this.#flush());
	}

	/** A stream changed state: forget it once closed both ways. */
	settle(stream: H2Stream): void {
		if (!stream.closed || this.#streams.get(stream.streamId) !== stream) return;
		this.#streams.delete(stream.streamId);
		this.#activity();
		if (this.#goingAway && this.#streams.size === 0) this.#shutdown();
	}

	#activity(): void {
		this.#options.onActivity?.(this.#streams.size);
	}

	#sendHeaders(streamId: number, headers: readonly HeaderField[], endStream: boolean): void {
		const flags = Flags.EndHeaders | (endStream ? Flags.EndStream : 0);
		this.send(encodeFrame(FrameType.Headers, flags, streamId, encodeHeaderBlock(headers)));
	}

	#flush(): void {
		this.#flushQueued = false;
		if (this.#out.length === 0) return;
		const parts = this.#out;
		this.#out = [];
		if (parts.length === 1 && parts[0]) return this.socket.write(parts[0]);
		const total = parts.reduce((n, p) => n + p.length, 0);
		const out = new Uint8Array(total);
		let off = 0;
		for (const p of parts) {
			out.set(p, off);
			off += p.length;
		}
		this.socket.write(out);
	}

	/** Ends the underlying stream after what is queued, and fails what is still open. */
	#shutdown(): void {
		if (this.#closed) return;
		this.#flush();
		this.#closed = true;
		this.socket.end();
		this.#failAll(CLOSED_EARLY);
	}

	#failAll(reason: string): void {
		for (const s of [...this.#streams.values()]) s.abort(reason);
	}

	async #readLoop(): Promise<void> {
		const reader = new FrameReader(this.role === 'server');
		for (;;) {
			const r = await this.socket.read();
			if (r.type === 'eof') {
				// The peer is done with the connection: so are we.
				this.#shutdown();
				return;
			}
			if (r.type === 'reset') {
				this.#closed = true;
				this.#out = [];
				this.#failAll(r.reason);
				this.#activity();
				return;
			}
			const frames = reader.push(r.bytes);
			const error = Array.isArray(frames) ? this.#onFrames(frames) : frames.code;
			if (error) {
				this.close(error);
				this.#options.onError?.(error);
				return this.#drain();
			}
		}
	}

	/** After a connection error: read until the peer closes, so its FIN is consumed. */
	async #drain(): Promise<void> {
		for (;;) {
			const r = await this.socket.read();
			if (r.type !== 'data') return;
		}
	}

	#onFrames(frames: readonly Frame[]): ErrorCodeName | undefined {
		for (const f of frames) {
			const error = this.#onFrame(f);
			if (error) return error;
		}
		return undefined;
	}

	#onFrame(f: Frame): ErrorCodeName | undefined {
		switch (f.type) {
			case FrameType.Data: {
				this.#streams.get(f.streamId)?.receiveData(f.payload, (f.flags & Flags.EndStream) !== 0);
				return undefined;
			}
			case FrameType.Headers:
				return this.#onHeaders(f);
			case FrameType.RstStream: {
				const code = readU32(f.payload) ?? ErrorCode.PROTOCOL_ERROR;
				this.#streams
					.get(f.streamId)
					?.abort(`stream error received: ${describeErrorCode(code)}`, code);
				return undefined;
			}
			case FrameType.GoAway: {
				this.#goingAway = true;
				if (this.#streams.size === 0) this.#shutdown();
				return undefined;
			}
			default:
				// SETTINGS, PING and unknown types carry nothing we act on (RFC 9113 §4.1: ignore).
				return undefined;
		}
	}

	#onHeaders(f: Frame): ErrorCodeName | undefined {
		// Header blocks split across CONTINUATION frames are not spoken here.
		if ((f.flags & Flags.EndHeaders) === 0) return 'PROTOCOL_ERROR';
		const fields = decodeHeaderBlock(f.payload);
		if (!Array.isArray(fields)) return fields.code;
		const endStream = (f.flags & Flags.EndStream) !== 0;
		if (this.role === 'client') {
			this.#streams.get(f.streamId)?.receiveHeaders(fields, endStream);
			return undefined;
		}
		if (f.streamId % 2 === 0 || f.streamId <= this.#lastPeerStream) return 'PROTOCOL_ERROR';
		this.#lastPeerStream = f.streamId;
		const stream = new H2Stream(this, f.streamId, false);
		if (this.#goingAway) {
			stream.resetWith(ErrorCode.REFUSED_STREAM);
			return undefined;
		}
		this.#streams.set(f.streamId, stream);
		this.#activity();
		if (endStream) stream.receiveData(new Uint8Array(0), true);
		this.#options.onStream?.(stream, fields);
		return undefined;
	}
}
