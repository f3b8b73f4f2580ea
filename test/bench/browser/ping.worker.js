// Sends a small object to the echo worker and waits for each reply before the next. Timers are
// coarse (100 µs) without cross-origin isolation, so each sample is the mean of a batch of
// round trips; posts the sorted per-round-trip µs back.
self.onmessage = ({ data }) => {
	const { port, samples, warmup, batch } = data;
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
	const send = () => port.postMessage({ type: 'data', conn: 'a/1', seq: i });
	send();
};
