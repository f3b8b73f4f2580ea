/**
 * A forwarded connection brings back at most MAX_FORWARD_BYTES (docs/limits.md): a pod server
 * that streams past it is reset, and the caller hears `too-large`, not an ever-growing buffer.
 */
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/mesh/net/protocol.ts';
import type { OutboundSegment } from '../../../src/mesh/net/stack.ts';
import { createPortForwarder, MAX_FORWARD_BYTES } from '../../../src/mesh/runtime/port-forward.ts';
import { ip, ms } from '../../../src/mesh/types.ts';

/** A pod that accepts, then answers with `chunks` of `size` bytes and (if `close`) closes. */
function pod(chunkCount: number, size: number) {
	const toPod: Segment[] = [];
	const deliver = (s: Segment) => {
		toPod.push(s);
		if (s.type !== 'connect') return;
		const back = (x: Record<string, unknown>) =>
			forwarder.intercept({
				conn: s.conn,
				src: s.dst,
				dst: s.src,
				at: ms(0),
				...x
			} as unknown as OutboundSegment);
		back({ type: 'accept' });
		for (let i = 0; i < chunkCount; i++) back({ type: 'data', bytes: new Uint8Array(size) });
		back({ type: 'close' });
	};
	const forwarder = createPortForwarder({ podIp: ip('10.244.1.5'), deliver, now: () => ms(0) });
	return { forwarder, toPod };
}

describe('port-forward limit', () => {
	it('returns a page up to the limit whole', async () => {
		const { forwarder } = pod(16, 1024 * 1024);
		const r = await forwarder.forward(8080, new Uint8Array([71]));
		expect(r.type).toBe('data');
		expect(r.type === 'data' && r.bytes.length).toBe(MAX_FORWARD_BYTES);
	});

	it('resets a server that sends more and says too-large', async () => {
		const { forwarder, toPod } = pod(17, 1024 * 1024);
		expect(await forwarder.forward(8080, new Uint8Array([71]))).toEqual({
			type: 'too-large',
			limit: MAX_FORWARD_BYTES
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(toPod.map((s) => s.type)).toContain('reset');
	});
});
