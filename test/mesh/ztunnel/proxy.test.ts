/**
 * Two ztunnels on a small redirecting network: curl (node 1, enrolled) → productpage
 * (node 2, enrolled) through HBONE, a non-mesh client through plaintext inbound, and policy
 * denials as the user sees them (reset) and as ztunnel logs them.
 */
import { describe, expect, it } from 'vitest';
import { isConnectError } from '../../../src/mesh/net/socket.ts';
import { ip } from '../../../src/mesh/types.ts';
import { readAll } from '../../support/socket-pair.ts';
import { policy } from './fixtures.ts';
import {
	type Mesh,
	VIP,
	accessLines,
	createMesh,
	curl,
	curlPrincipal,
	escape,
	legacy,
	loadTestPki,
	productpage,
	text,
	until
} from './two-ztunnels.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';

const CURL_TO_PP_FIELDS =
	'src.workload="curl-abc12" src.namespace="default" ' +
	'src.identity="spiffe://cluster.local/ns/default/sa/curl" dst.addr=10.244.2.7:15008 ' +
	'dst.hbone_addr="10.244.2.7:9080" dst.service="productpage.default.svc.cluster.local" ' +
	'dst.workload="productpage-v1-abc12" dst.namespace="default" ' +
	'dst.identity="spiffe://cluster.local/ns/default/sa/bookinfo-productpage"';

describe('ztunnel HBONE data path', () => {
	it('carries bytes both ways; the app sees the real client', async () => {
		const mesh = await createMesh();
		const res = await mesh.request(curl.address, VIP);
		expect(res).toEqual({ text: 'hello 10.244.1.5, you sent ping', end: { type: 'eof' } });
	});

	it('puts only ciphertext on the wire between the ztunnels', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		const hbone = mesh.net.wires.filter((w) => w.acceptedBy.port === 15008);
		expect(hbone).toHaveLength(1);
		const [wire] = hbone;
		if (!wire) throw new Error('no HBONE connection');
		// The connection leaves with the client pod's address, as from the pod's netns.
		expect(wire.client.ip).toBe('10.244.1.5');
		expect(wire.acceptedBy).toEqual({ ip: '10.244.2.2', port: 15008 });
		for (const bytes of [wire.sent(), wire.received()]) {
			const seen = new TextDecoder('latin1').decode(bytes);
			expect(seen).not.toMatch(/ping|hello|CONNECT|10\.244\.2\.7:9080/);
			expect(bytes[0]).toBe(0x16); // a TLS handshake record opens each direction
		}
		// Plaintext legs (app ↔ ztunnel) do carry the bytes in the clear.
		const captured = mesh.net.wires.find((w) => w.acceptedBy.port === 15001);
		expect(new TextDecoder().decode(captured?.sent())).toBe('ping');
	});

	it('logs connection complete on both sides, in ztunnel format', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		await until(() => accessLines(mesh.logs2).length === 1, 'inbound access log');
		await until(() => accessLines(mesh.logs1).length === 1, 'outbound access log');
		const out = accessLines(mesh.logs1)[0] ?? '';
		expect(out).toMatch(
			new RegExp(
				'^2026-01-01T00:00:00\\.\\d{6}Z\\tinfo\\taccess\\tconnection complete\\t' +
					`src\\.addr=10\\.244\\.1\\.5:\\d+ ${escape(CURL_TO_PP_FIELDS)} ` +
					'direction="outbound" bytes_sent=4 bytes_recv=31 duration="0ms"$'
			)
		);
		const inbound = accessLines(mesh.logs2)[0] ?? '';
		expect(inbound).toMatch(
			new RegExp(
				`\\tinfo\\taccess\\tconnection complete\\tsrc\\.addr=10\\.244\\.1\\.5:\\d+ ` +
					`${escape(CURL_TO_PP_FIELDS)} direction="inbound" bytes_sent=31 bytes_recv=4 duration="0ms"$`
			)
		);
	});

	it('counts TCP metrics per reporter', async () => {
		const mesh = await createMesh();
		await mesh.request(curl.address, VIP);
		await until(() => accessLines(mesh.logs1).length === 1, 'outbound access log');
		const src = { reporter: 'source', connection_security_policy: 'mutual_tls' } as const;
		expect(mesh.zt1.metrics.total('istio_tcp_connections_opened_total', src)).toBe(1);
		expect(mesh.zt1.metrics.total('istio_tcp_connections_closed_total', src)).toBe(1);
		expect(mesh.zt1.metrics.total('istio_tcp_received_bytes_total', src)).toBe(4);
		expect(mesh.zt1.metrics.total('istio_tcp_sent_bytes_total', src)).toBe(31);
		const [opened] = mesh.zt2.metrics
			.samples()
			.filter((s) => s.name === 'istio_tcp_connections_opened_total');
		expect(opened?.labels).toMatchObject({
			reporter: 'destination',
			source_workload: 'curl',
			source_principal: 'spiffe://cluster.local/ns/default/sa/curl',
			destination_service: 'productpage.default.svc.cluster.local',
			destination_workload: 'productpage-v1',
			destination_principal: 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
			response_flags: '-'
		});
		expect(mesh.zt2.metrics.renderPrometheus()).toContain(
			'istio_tcp_connections_opened_total{reporter="destination",source_workload="curl",'
		);
	});

	it('reaches a pod on the same node through its own 15008', async () => {
		const mesh = await createMesh();
		const res = await mesh.request(curl.address, { ip: '10.96.0.11', port: 9080 });
		expect(res.text).toBe('hello 10.244.1.5, you sent ping');
		expect(
			mesh.net.wires.some((w) => w.acceptedBy.ip === '10.244.1.2' && w.acceptedBy.port === 15008)
		).toBe(true);
	});

	it('passes through to a workload outside the mesh, as the pod', async () => {
		const mesh = await createMesh();
		const res = await mesh.request(curl.address, { ip: legacy.address, port: 8080 });
		expect(res.text).toBe('hello 10.244.1.5, you sent ping');
		await until(() => accessLines(mesh.logs1).length === 1, 'outbound access log');
		const line = accessLines(mesh.logs1)[0] ?? '';
		expect(line).toContain('dst.addr=10.244.2.9:8080 dst.workload="legacy-abc12"');
		expect(line).not.toContain('identity');
	});

	it('resets the app and logs a warning when a service has no healthy upstream', async () => {
		const mesh = await createMesh();
		const res = await mesh.request(curl.address, { ip: '10.96.0.12', port: 9080 });
		expect(res.end.type).toBe('reset');
		expect(accessLines(mesh.logs1, 'warn')[0]).toMatch(
			/\tconnection failed\tsrc\.addr=10\.244\.1\.5:\d+ dst\.addr=10\.96\.0\.12:9080 direction="outbound" error="no healthy upstream: 10\.96\.0\.12:9080"$/
		);
	});
});

describe('ztunnel identity pinning', () => {
	it('outbound refuses a destination that presents another identity, though our CA signed it', async () => {
		const { certs } = await loadTestPki();
		// productpage's node answers with ratings' certificate: a valid mesh identity, the wrong one.
		const ratingsCert = certs.get(spiffeId('default', 'ratings'));
		if (!ratingsCert) throw new Error('no ratings certificate');
		const mesh = await createMesh([], {
			override: {
				node: 2,
				certs: new Map([[spiffeId('default', 'bookinfo-productpage'), ratingsCert]])
			}
		});
		const res = await mesh.request(curl.address, VIP);
		expect(res.text).toBe('');
		expect(res.end.type).toBe('reset');
		await until(() => accessLines(mesh.logs1, 'error').length === 1, 'outbound error');
		expect(accessLines(mesh.logs1, 'error')[0]).toContain(
			'identity verification error: peer did not present the expected SAN (spiffe://cluster.local/ns/default/sa/bookinfo-productpage), got spiffe://cluster.local/ns/default/sa/ratings'
		);
	});

	it('inbound refuses a client of another trust domain, though our CA signed it', async () => {
		const { pki } = await loadTestPki();
		const foreign = await pki.issue(pki.ca, spiffeId('default', 'curl', 'evil.example'));
		const mesh = await createMesh([], {
			override: { node: 1, certs: new Map([[spiffeId('default', 'curl'), foreign]]) }
		});
		const res = await mesh.request(curl.address, VIP);
		expect(res.text).toBe('');
		expect(res.end.type).toBe('reset');
		await until(() => mesh.logs2.some((l) => l.includes('trustdomain')), 'inbound refusal');
		expect(mesh.logs2.join('\n')).toContain(
			'identity verification error: peer did not present the expected trustdomain (cluster.local), got spiffe://evil.example/ns/default/sa/curl'
		);
	});
});

describe('ztunnel L4 authorization', () => {
	it('a DENY policy resets the client and both ztunnels log the error', async () => {
		const mesh = await createMesh();
		// A push arrives after start: the next connection sees it.
		mesh.setPolicies([policy('deny-curl', 'Deny', [[[{ principals: curlPrincipal }]]])]);
		const res = await mesh.request(curl.address, VIP);
		expect(res).toEqual({ text: '', end: { type: 'reset', reason: 'reset' } });
		await until(() => accessLines(mesh.logs1, 'error').length === 1, 'outbound error');
		const inbound = accessLines(mesh.logs2, 'error')[0] ?? '';
		expect(inbound).toContain(`\terror\taccess\tconnection complete\tsrc.addr=10.244.1.5:`);
		expect(inbound).toMatch(
			/direction="inbound" bytes_sent=0 bytes_recv=0 duration="0ms" error="connection closed due to policy rejection: explicitly denied by: default\/deny-curl"$/
		);
		expect(accessLines(mesh.logs1, 'error')[0]).toMatch(
			/direction="outbound" bytes_sent=0 bytes_recv=0 duration="0ms" error="http status: 401 Unauthorized"$/
		);
		expect(
			mesh.zt2.metrics.total('istio_tcp_connections_failed_total', { response_flags: 'DENY' })
		).toBe(1);
	});

	it('an ALLOW for another principal denies with "allow policies exist, but none allowed"', async () => {
		const mesh = await createMesh([
			policy('productpage-ztunnel', 'Allow', [
				[[{ principals: [{ exact: 'cluster.local/ns/default/sa/bookinfo-gateway-istio' }] }]]
			])
		]);
		const res = await mesh.request(curl.address, VIP);
		expect(res.end.type).toBe('reset');
		await until(() => accessLines(mesh.logs2, 'error').length === 1, 'inbound error');
		expect(accessLines(mesh.logs2, 'error')[0]).toContain(
			'error="connection closed due to policy rejection: allow policies exist, but none allowed"'
		);
	});

	it('an ALLOW for the caller lets it through', async () => {
		const mesh = await createMesh([
			policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]])
		]);
		const res = await mesh.request(curl.address, VIP);
		expect(res.text).toBe('hello 10.244.1.5, you sent ping');
	});

	it('plaintext inbound works without policy, and the app sees the real client', async () => {
		const mesh = await createMesh();
		const res = await mesh.request(legacy.address, { ip: productpage.address, port: 9080 });
		expect(res.text).toBe('hello 10.244.2.9, you sent ping');
		expect(mesh.net.wires.some((w) => w.acceptedBy.port === 15006)).toBe(true);
		await until(() => accessLines(mesh.logs2).length === 1, 'inbound plaintext log');
		const line = accessLines(mesh.logs2)[0] ?? '';
		expect(line).toMatch(
			/\tinfo\taccess\tconnection complete\tsrc\.addr=10\.244\.2\.9:\d+ src\.workload="legacy-abc12" src\.namespace="default" dst\.addr=10\.244\.2\.7:9080 dst\.service="productpage\.default\.svc\.cluster\.local" dst\.workload="productpage-v1-abc12" dst\.namespace="default" direction="inbound" bytes_sent=31 bytes_recv=4 duration="0ms"$/
		);
	});

	it('plaintext inbound has no identity, so a principals ALLOW denies it', async () => {
		const mesh = await createMesh([
			policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]])
		]);
		const res = await mesh.request(legacy.address, { ip: productpage.address, port: 9080 });
		expect(res.end.type).toBe('reset');
		expect(accessLines(mesh.logs2, 'error')[0]).toMatch(
			/direction="inbound" bytes_sent=0 bytes_recv=0 duration="0ms" error="connection closed due to policy rejection: allow policies exist, but none allowed"$/
		);
		// The app was never reached.
		expect(mesh.net.wires.some((w) => w.acceptedBy.ip === '10.244.2.7')).toBe(false);
	});
});

describe('ztunnel admin and readiness', () => {
	async function get(mesh: Mesh, address: string, port: number, path: string): Promise<string> {
		const s = await mesh.net.stack('10.244.9.9').connect({ ip: ip(address), port });
		if (isConnectError(s)) throw new Error(s.type);
		s.write(text(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
		return (await readAll(s)).text;
	}

	it('answers /healthz/ready on 15021', async () => {
		const mesh = await createMesh();
		expect(await get(mesh, '10.244.1.2', 15021, '/healthz/ready')).toMatch(
			/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nready\n$/
		);
	});

	it('dumps workloads, services, policies and certificates on 15000', async () => {
		const mesh = await createMesh([
			policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]])
		]);
		await mesh.request(curl.address, VIP);
		const body = await get(mesh, '10.244.1.2', 15000, '/config_dump');
		const dump = JSON.parse(body.slice(body.indexOf('\r\n\r\n') + 4)) as {
			workloads: { name: string; workloadIps: string[]; protocol: string }[];
			services: { hostname: string; vips: string[] }[];
			policies: { name: string; rules: unknown }[];
			certificates: { identity: string; state: string; certChain: { serialNumber: string }[] }[];
		};
		expect(dump.workloads.map((w) => w.name)).toEqual([
			'curl-abc12',
			'legacy-abc12',
			'productpage-v1-abc12',
			'ratings-v1-abc12'
		]);
		expect(dump.workloads[1]).toMatchObject({ workloadIps: ['10.244.2.9'], protocol: 'TCP' });
		expect(dump.services[0]).toMatchObject({
			hostname: 'productpage.default.svc.cluster.local',
			vips: ['/10.96.0.10']
		});
		// ztunnel 1.30.3 src/state/service.rs: Service's serialized fields; `visibility` is 1.31's.
		expect(Object.keys(dump.services[0] ?? {})).toEqual([
			'name',
			'namespace',
			'hostname',
			'vips',
			'ports',
			'endpoints',
			'subjectAltNames',
			'canonical'
		]);
		expect(dump.policies[0]).toEqual({
			name: 'allow-curl',
			namespace: 'default',
			scope: 'Namespace',
			action: 'Allow',
			rules: [[[{ principals: [{ Exact: 'cluster.local/ns/default/sa/curl' }] }]]],
			dryRun: false
		});
		expect(dump.certificates).toHaveLength(1);
		expect(dump.certificates[0]).toMatchObject({
			identity: 'spiffe://cluster.local/ns/default/sa/curl',
			state: 'Available'
		});
		expect(dump.certificates[0]?.certChain[0]?.serialNumber).toMatch(/^\d+$/);
	});
});
