/**
 * A DestinationRule's trafficPolicy through the waypoint's L7 engine (the one a sidecar runs
 * too): a request the connection pool cannot queue is answered by Envoy's router with 503, body
 * `upstream connect error or disconnect/reset before headers. reset reason: overflow`, header
 * `x-envoy-overloaded: true` (envoy docs, config/http/http_filters/router_filter: "Envoy will set
 * this header on the downstream response if a request was dropped due to … upstream circuit
 * breaking") and response flag `UO`; a host outlier detection ejected is skipped, and with every
 * host ejected (Istio turns the panic threshold off) the answer is `no healthy upstream` (`UH`).
 */
import { describe, expect, it } from 'vitest';
import { ms } from '../../../src/mesh/types.ts';
import type { TrafficPolicy } from '../../../src/mesh/xds/traffic-policy.ts';
import type { HttpResponse } from '../../../src/mesh/net/http/message.ts';
import type { Socket } from '../../../src/mesh/net/socket.ts';
import { baseConfig, createMesh, header, type Mesh, text } from './harness.ts';

const FLAKY = '10.96.0.23:80';
const withPolicy = (policy: TrafficPolicy) =>
	baseConfig({ trafficPolicies: { 'flaky.default.svc.cluster.local': policy } });

/**
 * `n` requests that reach the waypoint at the same sim time (their tunnels opened first), to the
 * app's `/slow` path (5 s): the harness's links cost no time, so the first holds its connection.
 */
async function burst(mesh: Mesh, n: number): Promise<HttpResponse[]> {
	const tunnels: Socket[] = [];
	for (let i = 0; i < n; i++) {
		const t = await mesh.tunnel(FLAKY);
		if (typeof t === 'string') throw new Error(t);
		tunnels.push(t);
	}
	const answers = await Promise.all(
		tunnels.map((t) => mesh.exchange(t, FLAKY, [{ host: 'flaky', path: '/slow' }]))
	);
	return answers.flat();
}

describe('circuit breaking in the waypoint', () => {
	it('answers the request the pending queue cannot hold with 503 UO and x-envoy-overloaded', async () => {
		const mesh = await createMesh(
			withPolicy({
				connectionPool: { maxConnections: 1, maxPendingRequests: 1, maxRequestsPerConnection: 1 }
			})
		);
		const all = await burst(mesh, 3);
		const statuses = all.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 503]);
		const overflow = all.find((r) => r.status === 503);
		expect(overflow && header(overflow, 'x-envoy-overloaded')).toBe('true');
		expect(overflow && text(overflow)).toBe(
			'upstream connect error or disconnect/reset before headers. reset reason: overflow'
		);
		expect(mesh.accessLog().filter((l) => l.includes(' 503 UO '))).toHaveLength(1);
		expect(mesh.accessLog().join('\n')).toContain(
			'upstream_reset_before_response_started{overflow}'
		);
	});

	it('without a connectionPool the same burst all goes through', async () => {
		const mesh = await createMesh();
		const all = await burst(mesh, 3);
		expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
	});

	it('ejects a host after consecutive 5xx, then lets it back after base_ejection_time', async () => {
		const mesh = await createMesh(
			withPolicy({
				outlierDetection: {
					consecutive5xx: 1,
					intervalMs: 1000,
					baseEjectionTimeMs: 30_000,
					maxEjectionPercent: 100
				}
			})
		);
		mesh.flakyFailures = 1;
		expect((await mesh.request(FLAKY, { host: 'flaky' })).status).toBe(503);
		const ejected = await mesh.request(FLAKY, { host: 'flaky' });
		expect([ejected.status, text(ejected)]).toEqual([503, 'no healthy upstream']);
		expect(mesh.received.get('flaky')).toHaveLength(1);
		await mesh.drive(mesh.queue.clock().sleep(ms(31_000)));
		expect((await mesh.request(FLAKY, { host: 'flaky' })).status).toBe(200);
		expect(mesh.received.get('flaky')).toHaveLength(2);
	});
});
