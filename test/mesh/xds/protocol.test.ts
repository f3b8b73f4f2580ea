import { describe, expect, it } from 'vitest';
import {
	FrameReader,
	MAX_FRAME_BYTES,
	encodeFrame,
	parseIstiodMessage,
	parseProxyMessage,
	readIstiodMessage,
	readProxyMessage
} from '../../../src/mesh/xds/protocol.ts';
import { socketPair } from '../../support/socket-pair.ts';

const config = { version: 1, workloads: [], services: [], policies: [] };

describe('message validation at the edge', () => {
	it.each([
		[
			{ type: 'subscribe', node: 'n', ztunnel: 'z' },
			{ type: 'subscribe', node: 'n', ztunnel: 'z' }
		],
		[
			{ type: 'csr', id: '1', csrPem: 'PEM', ttl: 5 },
			{ type: 'csr', id: '1', csrPem: 'PEM', ttl: 5 }
		],
		[{ type: 'subscribe', node: '', ztunnel: 'z' }, 'subscribe: missing node'],
		[{ type: 'csr', id: 1, csrPem: 'x' }, 'csr: missing id'],
		[{ type: 'csr', id: '1', csrPem: 'x', ttl: 'soon' }, 'csr: ttl must be a number'],
		[{ type: 'config', config }, 'unknown message type "config"'],
		[[1, 2], 'message is not an object'],
		[null, 'message is not an object']
	])('ztunnel → istiod %j', (input, expected) => {
		const r = parseProxyMessage(input);
		if (typeof expected === 'string')
			expect(r).toEqual({ type: 'xds-protocol-error', message: expected });
		else expect(r).toEqual(expected);
	});

	it.each([
		[
			{ type: 'config', config },
			{ type: 'config', config }
		],
		[
			{ type: 'certificate', id: 'a', certChainPem: ['x', 'y'] },
			{ type: 'certificate', id: 'a', certChainPem: ['x', 'y'] }
		],
		[
			{ type: 'error', id: '', message: 'no' },
			{ type: 'error', id: '', message: 'no' }
		],
		[
			{ type: 'config', config: { version: '1', workloads: [] } },
			'config: malformed ZtunnelConfig'
		],
		[
			{ type: 'certificate', id: 'a', certChainPem: [] },
			'certificate: certChainPem must be a non-empty list of PEM'
		],
		[{ type: 'subscribe', node: 'n', ztunnel: 'z' }, 'unknown message type "subscribe"']
	])('istiod → ztunnel %j', (input, expected) => {
		const r = parseIstiodMessage(input);
		if (typeof expected === 'string')
			expect(r).toEqual({ type: 'xds-protocol-error', message: expected });
		else expect(r).toEqual(expected);
	});
});

describe('framing', () => {
	it('reads frames split and merged across arbitrary chunks', async () => {
		const pair = socketPair();
		const bytes = new Uint8Array([
			...encodeFrame({ type: 'subscribe', node: 'ambient-worker', ztunnel: 'ztunnel-abcde' }),
			...encodeFrame({ type: 'csr', id: '1', csrPem: 'é-PEM' })
		]);
		// One byte at a time, then the rest in one go.
		for (let i = 0; i < 7; i++) pair.a.write(bytes.subarray(i, i + 1));
		pair.a.write(bytes.subarray(7));
		pair.a.end();
		const reader = new FrameReader(pair.b);
		expect(await readProxyMessage(reader)).toEqual({
			type: 'subscribe',
			node: 'ambient-worker',
			ztunnel: 'ztunnel-abcde'
		});
		expect(await readProxyMessage(reader)).toEqual({ type: 'csr', id: '1', csrPem: 'é-PEM' });
		expect(await readProxyMessage(reader)).toEqual({ type: 'eof' });
	});

	it('a frame that is not JSON is an error value; the next frame still reads', async () => {
		const pair = socketPair();
		const junk = new TextEncoder().encode('{nope');
		const frame = new Uint8Array(4 + junk.length);
		new DataView(frame.buffer).setUint32(0, junk.length);
		frame.set(junk, 4);
		pair.b.write(frame);
		pair.b.write(encodeFrame({ type: 'error', id: '', message: 'x' }));
		const reader = new FrameReader(pair.a);
		expect(await readIstiodMessage(reader)).toEqual({
			type: 'xds-protocol-error',
			message: 'frame is not valid JSON'
		});
		expect(await readIstiodMessage(reader)).toEqual({ type: 'error', id: '', message: 'x' });
	});

	it('refuses oversized frames and stays broken', async () => {
		const pair = socketPair();
		const header = new Uint8Array(4);
		new DataView(header.buffer).setUint32(0, MAX_FRAME_BYTES + 1);
		pair.a.write(header);
		const reader = new FrameReader(pair.b);
		const first = await reader.next();
		expect(first).toMatchObject({ type: 'xds-protocol-error' });
		expect(await reader.next()).toEqual(first);
	});

	it('eof in the middle of a frame is an error; reset is reported as is', async () => {
		const pair = socketPair();
		pair.a.write(encodeFrame({ type: 'csr', id: '1', csrPem: 'x' }).subarray(0, 6));
		pair.a.end();
		expect(await new FrameReader(pair.b).next()).toEqual({
			type: 'xds-protocol-error',
			message: 'connection closed in the middle of a frame'
		});
		const other = socketPair();
		other.a.reset();
		expect(await new FrameReader(other.b).next()).toEqual({ type: 'reset', reason: 'reset' });
	});
});
