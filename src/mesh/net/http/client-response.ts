/**
 * Waiting for and reading the response (curl's lib/transfer.c): within what is left of the
 * budget, then closing the connection the way curl does for each outcome. Fills in the trace's
 * first-byte time and body progress.
 */
import type { Clock } from '../../clock.ts';
import { ms } from '../../types.ts';
import type { Socket } from '../socket.ts';
import type { HttpClientError, TraceInProgress } from './client-api.ts';
import type { HttpResponse } from './message.ts';
import { Http1Parser } from './parser.ts';
import { readResponse, type ReadOutcome } from './read.ts';

export interface Received {
	readonly result: { readonly type: 'response'; readonly response: HttpResponse } | HttpClientError;
	/** Body bytes that arrived before a failure. */
	readonly partialBody?: Uint8Array;
}

/** The read, raced against `left` ms of budget when there is one. */
async function readWithin(
	clock: Clock,
	reading: Promise<ReadOutcome<HttpResponse>>,
	left: number | undefined
): Promise<ReadOutcome<HttpResponse> | { type: 'timeout' }> {
	if (left === undefined) return reading;
	let cancel = (): void => {};
	const timer = new Promise<{ type: 'timeout' }>((resolve) => {
		cancel = clock.after(ms(left), () => resolve({ type: 'timeout' }));
	});
	const outcome = await Promise.race([reading, timer]);
	cancel();
	return outcome;
}

export async function receiveResponse(
	clock: Clock,
	stream: Socket,
	method: string,
	left: number | undefined,
	trace: TraceInProgress
): Promise<Received> {
	const parser = new Http1Parser();
	const reading = readResponse(stream, parser, method, {
		onFirstByte: () => (trace.firstByteAt = clock.now())
	});
	const outcome = await readWithin(clock, reading, left);
	const progress = parser.progress;
	const partialBody = outcome.type !== 'message' ? parser.partialBody() : undefined;
	trace.bodyReceived = progress.bodyReceived;
	if (progress.bodyExpected !== undefined) trace.bodyExpected = progress.bodyExpected;
	const failed = (error: HttpClientError): Received =>
		partialBody === undefined ? { result: error } : { result: error, partialBody };

	switch (outcome.type) {
		case 'message':
			trace.bodyReceived = outcome.message.body.length;
			stream.end();
			return { result: { type: 'response', response: outcome.message } };
		case 'timeout':
			// curl closes the socket when its budget runs out.
			stream.reset();
			return failed({ type: 'timeout' });
		case 'reset':
			return failed({ type: 'reset', reason: outcome.reason });
		case 'closed':
			stream.end();
			return failed(
				outcome.partial || progress.headComplete ? { type: 'partial' } : { type: 'empty-reply' }
			);
		case 'parse-error':
			stream.reset();
			return failed({ type: 'malformed', message: outcome.message });
	}
}
