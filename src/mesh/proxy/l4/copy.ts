/**
 * Splices two sockets: bytes both ways, a FIN passed on as a half-close, a reset on either side
 * passed on as a reset of the other (so a client sees `Connection reset by peer` as it would
 * when ztunnel drops a socket with unread data).
 * Mirrors ztunnel src/copy.rs copy_bidirectional: resets are not errors of the connection.
 */
import type { Socket } from '../../net/socket.ts';

export interface CopyStats {
	/** Bytes downstream → upstream. */
	incrementRecv(n: number): void;
	/** Bytes upstream → downstream. */
	incrementSend(n: number): void;
}

async function pump(
	from: Socket,
	to: Socket,
	count: (n: number) => void,
	aborted: { value: boolean }
): Promise<void> {
	for (;;) {
		const r = await from.read();
		if (r.type === 'data') {
			if (aborted.value) continue;
			to.write(r.bytes);
			count(r.bytes.length);
			continue;
		}
		if (r.type === 'eof') {
			to.end();
			return;
		}
		aborted.value = true;
		to.reset();
		from.reset();
		return;
	}
}

/** Resolves once both directions are done (both FINs seen, or a reset). */
export async function copyBidirectional(
	downstream: Socket,
	upstream: Socket,
	stats: CopyStats
): Promise<void> {
	const aborted = { value: false };
	await Promise.all([
		pump(downstream, upstream, (n) => stats.incrementRecv(n), aborted),
		pump(upstream, downstream, (n) => stats.incrementSend(n), aborted)
	]);
}
