/**
 * Reads whole HTTP messages from a Socket through an `Http1Parser`. The socket never rejects, so
 * neither do these: end of stream and resets come back as values.
 */
import type { Socket } from '../socket.ts';
import type { HttpRequest, HttpResponse } from './message.ts';
import type { Http1Parser, ParseError } from './parser.ts';

export type ReadOutcome<T> =
	| { readonly type: 'message'; readonly message: T }
	/** The peer closed. `partial`: some bytes of a message had arrived (else a clean close). */
	| { readonly type: 'closed'; readonly partial: boolean }
	| { readonly type: 'reset'; readonly reason: string }
	| ParseError;

export interface ReadHooks {
	/** Called when the first byte of the message arrives (curl's time_starttransfer). */
	onFirstByte?(): void;
}

async function readWith<T>(
	socket: Socket,
	parser: Http1Parser,
	next: (
		eof: boolean
	) => ReturnType<Http1Parser['nextRequest']> | ReturnType<Http1Parser['nextResponse']>,
	hooks: ReadHooks
): Promise<ReadOutcome<T>> {
	let eof = false;
	let seenByte = parser.buffered > 0;
	for (;;) {
		const step = next(eof);
		if (step.type === 'message') return { type: 'message', message: step.message as T };
		if (step.type === 'parse-error') return step;
		if (eof) return { type: 'closed', partial: parser.buffered > 0 };
		const r = await socket.read();
		if (r.type === 'reset') return { type: 'reset', reason: r.reason };
		if (r.type === 'eof') {
			eof = true;
			continue;
		}
		if (!seenByte && r.bytes.length > 0) {
			seenByte = true;
			hooks.onFirstByte?.();
		}
		parser.push(r.bytes);
	}
}

export function readRequest(
	socket: Socket,
	parser: Http1Parser
): Promise<ReadOutcome<HttpRequest>> {
	return readWith<HttpRequest>(socket, parser, () => parser.nextRequest(), {});
}

export function readResponse(
	socket: Socket,
	parser: Http1Parser,
	method: string,
	hooks: ReadHooks = {}
): Promise<ReadOutcome<HttpResponse>> {
	return readWith<HttpResponse>(socket, parser, (eof) => parser.nextResponse(method, eof), hooks);
}
