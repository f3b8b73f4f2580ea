/**
 * HBONE connection reuse on both sides of a waypoint: downstream, a pooling ztunnel sends many
 * CONNECTs on one connection and each is served; upstream, the waypoint pays one handshake per
 * destination pod and sends every later tunnel to that pod on the same connection.
 */
import { describe, expect, it } from 'vitest';
import { isHboneError } from '../../../src/mesh/hbone/connect.ts';
import { ip } from '../../../src/mesh/types.ts';
import { WAYPOINT_IP, createMesh, text } from './harness.ts';

const REVIEWS_V1 = '10.96.0.21:9080';
const REVIEWS = '10.96.0.20:9080';

describe('waypoint HBONE pooling', () => {
	it('serves many CONNECT streams on one downstream connection, concurrently', async () => {
		const mesh = await createMesh();
		const conn = await mesh.connection();
		const target = { ip: ip('10.96.0.21'), port: 9080 };
		const tunnels = await mesh.drive(
			Promise.all([1, 2, 3].map(() => conn.connect(target, { forwarded: 'for="10.244.1.5:1"' })))
		);
		const bodies = await mesh.drive(
			Promise.all(
				tunnels.map(async (t, i) => {
					if (isHboneError(t)) throw new Error(t.message);
					const [res] = await mesh.exchange(t, REVIEWS_V1, [{ path: `/reviews/${i}` }]);
					return res ? text(res) : 'no response';
				})
			)
		);
		expect(bodies).toEqual([0, 1, 2].map((i) => `reviews-v1 GET /reviews/${i}`));
		expect(mesh.hboneConnectionsFrom('10.244.1.5')).toBe(1);
	});

	it.each([
		{ name: 'one pod, ten requests', target: REVIEWS_V1, requests: 10, handshakes: 1 },
		{ name: 'two pods behind a Service', target: REVIEWS, requests: 10, handshakes: 2 }
	])('pools upstream connections per pod: $name', async ({ target, requests, handshakes }) => {
		const mesh = await createMesh();
		for (let i = 0; i < requests; i++) {
			expect((await mesh.request(target, { path: `/reviews/${i}` })).status).toBe(200);
		}
		expect(mesh.hboneConnectionsFrom(WAYPOINT_IP)).toBe(handshakes);
		// Every request still has its own access log line.
		expect(mesh.accessLog()).toHaveLength(requests);
	});
});
