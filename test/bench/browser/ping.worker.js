// Sends a small object to the echo worker and waits for each reply before the next. Timers are
// coarse (100 µs) without cross-origin isolation, so each sample is the mean of a batch of
// round trips; posts the sorted per-round-trip µs back. With `bytes`, each message is shaped as
// the worker runtime's data segment (src/mesh/net/protocol.ts) carrying that many payload bytes.
self.onmessage = ({ data }) => {
	const { port, samples, warmup, batch, bytes } = data;
	const total = (warmup + samples) * batch;
	const times = [];
	let i = 0;
	let batchStart = performance.now();
	port.onmessage = () => {
		i += 1;
		if (i % batch === 0) {
			const now = performance.now();
			if (i / batch > warmup) times.push(((now - batchStart) * 1000) / batch);
			batchStart = now;
		}
		if (i < total) send();
		else self.postMessage(times.sort((a, b) => a - b));
	};
	const send = () =>
		port.postMessage(
			bytes === undefined
				? { type: 'data', conn: 'a/1', seq: i }
				: {
						type: 'data',
						conn: `10.244.1.3:40000-10.244.2.4:9080#${i}`,
						src: { ip: '10.244.1.3', port: 40000 },
						dst: { ip: '10.244.2.4', port: 9080 },
						at: 1000 + i * 0.1,
						bytes: new Uint8Array(bytes)
					}
		);
	send();
};
