/**
 * The raw floor in Node: a postMessage round trip between two worker_threads over a
 * MessageChannel, with nothing of ours in between. Every mesh figure is reported against it.
 */
import { MessageChannel, Worker } from 'node:worker_threads';

const PONG = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ port }) => { port.on('message', (m) => port.postMessage(m)); });
`;
const PING = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ port, rounds }) => {
	const times = [];
	let i = 0, t0 = 0;
	port.on('message', () => {
		times.push(performance.now() - t0);
		if (++i === rounds) { parentPort.postMessage(times); return; }
		t0 = performance.now(); port.postMessage({ seq: i, bytes: new Uint8Array(64) });
	});
	t0 = performance.now(); port.postMessage({ seq: 0, bytes: new Uint8Array(64) });
});
`;

/** Median round trip in microseconds between two workers (a small object with 64 bytes). */
export async function workerRoundTripUs(rounds = 4000): Promise<number> {
	const ping = new Worker(PING, { eval: true });
	const pong = new Worker(PONG, { eval: true });
	const { port1, port2 } = new MessageChannel();
	pong.postMessage({ port: port2 }, [port2]);
	const times = await new Promise<number[]>((resolve) => {
		ping.once('message', resolve);
		ping.postMessage({ port: port1, rounds }, [port1]);
	});
	await Promise.all([ping.terminate(), pong.terminate()]);
	return median(times.slice(rounds / 4)) * 1000;
}

export function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
