/**
 * The raw floor in Node: a postMessage round trip between two worker_threads over a
 * MessageChannel, with nothing of ours in between. Every mesh figure is reported against it.
 */
import { MessageChannel, Worker } from 'node:worker_threads';

const PONG = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ port }) => { port.on('message', (m) => port.postMessage(m)); });
`;
// \`shape\` 'small': { seq, 64 bytes }, the original floor; 'segment': a data segment as the
// worker runtime posts it (src/mesh/net/protocol.ts: conn, addresses, sim time, payload bytes).
const PING = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ port, rounds, shape, bytes }) => {
	const times = [];
	let i = 0, t0 = 0;
	const message = (seq) => shape === 'segment'
		? { type: 'data', conn: '10.244.1.3:40000-10.244.2.4:9080#' + seq,
			src: { ip: '10.244.1.3', port: 40000 }, dst: { ip: '10.244.2.4', port: 9080 },
			at: 1000 + seq * 0.1, bytes: new Uint8Array(bytes) }
		: { seq, bytes: new Uint8Array(64) };
	port.on('message', () => {
		times.push(performance.now() - t0);
		if (++i === rounds) { parentPort.postMessage(times); return; }
		t0 = performance.now(); port.postMessage(message(i));
	});
	t0 = performance.now(); port.postMessage(message(0));
});
`;

/** Median round trip in microseconds between two workers (a small object with 64 bytes). */
export async function workerRoundTripUs(rounds = 4000): Promise<number> {
	return roundTripUs(rounds, { shape: 'small', bytes: 64 });
}

/**
 * The same with a segment-shaped message carrying `bytes` of payload (the mean segment of the
 * request being compared): the floor a hop of ours cannot go below.
 */
export async function segmentRoundTripUs(bytes: number, rounds = 4000): Promise<number> {
	return roundTripUs(rounds, { shape: 'segment', bytes: Math.round(bytes) });
}

async function roundTripUs(
	rounds: number,
	message: { shape: 'small' | 'segment'; bytes: number }
): Promise<number> {
	const ping = new Worker(PING, { eval: true });
	const pong = new Worker(PONG, { eval: true });
	const { port1, port2 } = new MessageChannel();
	pong.postMessage({ port: port2 }, [port2]);
	const times = await new Promise<number[]>((resolve) => {
		ping.once('message', resolve);
		ping.postMessage({ port: port1, rounds, ...message }, [port1]);
	});
	await Promise.all([ping.terminate(), pong.terminate()]);
	return median(times.slice(rounds / 4)) * 1000;
}

export function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
