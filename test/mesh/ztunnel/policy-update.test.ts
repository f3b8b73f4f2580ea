/**
 * ztunnel's PolicyWatcher: when a config push changes policies, open inbound connections are
 * re-checked and those no longer allowed are closed, with ztunnel's log lines.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../src/mesh/net/socket.ts';
import type { Authorization } from '../../../src/mesh/xds/workload-api.ts';
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
	productpage,
	ratings,
	text,
	until
} from './two-ztunnels.ts';

const denyCurl = policy('deny-curl', 'Deny', [[[{ principals: curlPrincipal }]]]);
const allowCurl = policy('allow-curl', 'Allow', [[[{ principals: curlPrincipal }]]]);

/** A client that holds a connection to productpage open, once its bytes have reached the app. */
async function hold(mesh: Mesh, from: string, to = VIP): Promise<Socket> {
	const atApp = () => mesh.net.wires.filter((w) => w.acceptedBy.ip === productpage.address);
	const before = atApp().length;
	const s = await mesh.open(from, to);
	s.write(text('ping'));
	// Reached the app, `ping` included.
	await until(() => (atApp()[before]?.sent().length ?? 0) === 4, 'the connection to reach the app');
	return s;
}

const closedLine = (from: string, identity: string) =>
	new RegExp(
		`\\tinfo\\tproxy::connection_manager\\tconnection ${escape(from)}:\\d+\\(${escape(identity)}\\)->10\\.244\\.2\\.7:9080 \\(Kubernetes//Pod/default/productpage-v1-abc12\\) closed because it's no longer allowed after a policy update\\t$`
	);

describe('policy updates and open connections', () => {
	it('resets a long-lived connection once a DENY for it is pushed', async () => {
		const mesh = await createMesh();
		const held = await hold(mesh, curl.address);
		mesh.setPolicies([denyCurl], { push: true });
		expect(await readAll(held)).toEqual({ text: '', end: { type: 'reset', reason: 'reset' } });
		await until(() => mesh.logs2.some((l) => l.includes('connection_manager')), 'the log');
		const inbound = accessLines(mesh.logs2, 'error');
		expect(inbound).toHaveLength(1);
		expect(inbound[0]).toMatch(
			/direction="inbound" bytes_sent=0 bytes_recv=4 duration="0ms" error="connection closed due to policy change"$/
		);
		// The access log comes first, then the PolicyWatcher's line, as ztunnel writes them.
		expect(mesh.logs2.at(-1)).toMatch(
			closedLine(curl.address, 'spiffe://cluster.local/ns/default/sa/curl')
		);
		expect(mesh.logs2.indexOf(inbound[0] ?? '')).toBe(mesh.logs2.length - 2);
		expect(
			mesh.zt2.metrics.total('istio_tcp_connections_failed_total', { response_flags: 'DENY' })
		).toBe(1);
		expect(mesh.events2.at(-1)).toMatchObject({
			direction: 'inbound',
			error: 'connection closed due to policy change'
		});
	});

	const keeps: { name: string; policies: Authorization[] }[] = [
		{ name: 'an ALLOW for the caller', policies: [allowCurl] },
		{
			name: 'a DENY for someone else',
			policies: [
				policy('deny-ratings', 'Deny', [
					[[{ principals: [{ exact: 'cluster.local/ns/default/sa/ratings' }] }]]
				])
			]
		}
	];
	it.each(keeps)('keeps a connection that $name still allows', async ({ policies }) => {
		const mesh = await createMesh();
		const held = await hold(mesh, curl.address);
		mesh.setPolicies(policies, { push: true });
		held.end();
		expect((await readAll(held)).text).toBe(`hello ${curl.address}, you sent ping`);
		expect(mesh.logs2.some((l) => l.includes('connection_manager'))).toBe(false);
	});

	it('closes only the streams the new policy denies on a shared HBONE connection', async () => {
		const mesh = await createMesh();
		const fromCurl = await hold(mesh, curl.address);
		const fromRatings = await hold(mesh, ratings.address);
		mesh.setPolicies([denyCurl], { push: true });
		expect((await readAll(fromCurl)).end.type).toBe('reset');
		fromRatings.end();
		expect((await readAll(fromRatings)).text).toBe(`hello ${ratings.address}, you sent ping`);
	});

	it('re-checks open connections on a push only: reading the config closes nothing', async () => {
		const mesh = await createMesh();
		const held = await hold(mesh, curl.address);
		mesh.setPolicies([denyCurl]);
		// Another connection makes productpage's ztunnel read its (new) config: new connections
		// are judged by it, but a read is not a push, and the held one stays open.
		expect((await mesh.request(ratings.address, VIP)).text).toContain('you sent ping');
		expect((await mesh.request(curl.address, VIP)).end.type).toBe('reset');
		expect(mesh.logs2.some((l) => l.includes('connection_manager'))).toBe(false);
		mesh.setPolicies([denyCurl], { push: true });
		expect((await readAll(held)).end.type).toBe('reset');
		expect(mesh.logs2.some((l) => l.includes('connection_manager'))).toBe(true);
	});

	it('closes a plaintext (15006) connection a new policy denies', async () => {
		const mesh = await createMesh();
		const held = await hold(mesh, legacy.address, { ip: productpage.address, port: 9080 });
		mesh.setPolicies([allowCurl], { push: true });
		expect((await readAll(held)).end.type).toBe('reset');
		await until(() => mesh.logs2.some((l) => l.includes('connection_manager')), 'the log');
		expect(mesh.logs2.at(-1)).toMatch(closedLine(legacy.address, 'None'));
	});
});
