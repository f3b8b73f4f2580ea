/**
 * ztunnel's `workloadState` in `/config_dump` and `istioctl ztunnel-config connections` over it:
 * ztunnel 1.30.3 src/inpod/admin.rs (ProxyState: state, connections, info), src/proxy/
 * connection_manager.rs (inbound `src`/`originalDst` = the forwarded host/`actualDst`/`protocol`
 * HBONE when the peer had an identity; outbound tracked by outbound.rs `track_outbound` with the
 * app's original destination and the next hop) and istio 1.30.3 istioctl/pkg/writer/ztunnel/
 * configdump/connections.go (rows per workload, addresses named after service hostname or
 * `workload.namespace` unless --raw).
 */
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/shell/istioctl/ztunnel-config/summaries.ts';
import {
	connectionsDump,
	connectionsSummary
} from '../../../src/shell/istioctl/ztunnel-config/connections.ts';
import { readAll } from '../../support/socket-pair.ts';
import { VIP, createMesh, curl, productpage, text, until } from './two-ztunnels.ts';

const inpod = {
	1: new Map([['uid-curl', { name: 'curl-abc12', namespace: 'default', serviceAccount: 'curl' }]]),
	2: new Map([
		[
			'uid-productpage',
			{ name: 'productpage-v1-abc12', namespace: 'default', serviceAccount: 'bookinfo-productpage' }
		]
	])
};

function parsed(dump: Record<string, unknown>) {
	const d = parseDump(JSON.stringify(dump));
	if ('error' in d) throw new Error(d.error);
	return d;
}

describe('ztunnel connections', () => {
	it('lists a held connection on both ztunnels, then nothing once it ends', async () => {
		const mesh = await createMesh([], { inpod });
		const held = await mesh.open(curl.address, VIP);
		held.write(text('ping'));
		await until(
			() => mesh.net.wires.some((w) => w.acceptedBy.ip === productpage.address),
			'the connection to reach the app'
		);
		const z1 = mesh.zt1.configDump();
		expect(z1['workloadState']).toEqual({
			'uid-curl': {
				state: 'Up',
				connections: {
					inbound: [],
					outbound: [
						{
							src: `${curl.address}:${held.local.port}`,
							originalDst: '10.96.0.10:9080',
							actualDst: `${productpage.address}:15008`,
							protocol: 'HBONE'
						}
					]
				},
				info: { name: 'curl-abc12', namespace: 'default', serviceAccount: 'curl' }
			}
		});
		const port = held.local.port;
		expect(connectionsSummary(parsed(z1), {})).toBe(
			'WORKLOAD           DIRECTION LOCAL                    REMOTE                             REMOTE TARGET                              PROTOCOL\n' +
				`curl-abc12.default Outbound  curl-abc12.default:${port} productpage-v1-abc12.default:15008 productpage.default.svc.cluster.local:9080 HBONE\n`
		);
		const z2 = parsed(mesh.zt2.configDump());
		expect(connectionsSummary(z2, { raw: true })).toBe(
			'WORKLOAD                     DIRECTION LOCAL           REMOTE           REMOTE TARGET                         PROTOCOL\n' +
				`productpage-v1-abc12.default Inbound   10.244.2.7:9080 10.244.1.5:${port} productpage.default.svc.cluster.local HBONE\n`
		);
		expect(connectionsSummary(z2, { direction: 'outbound' })).toBe(
			'WORKLOAD DIRECTION LOCAL REMOTE REMOTE TARGET PROTOCOL\n'
		);
		expect(connectionsDump(z2, { workload: 'curl.default' }, 'json')).toBe('[]\n');
		held.end();
		await readAll(held);
		await until(
			() => connectionsSummary(parsed(mesh.zt1.configDump()), {}).split('\n').length === 2,
			'the outbound connection to be released'
		);
		await until(
			() => connectionsSummary(parsed(mesh.zt2.configDump()), {}).split('\n').length === 2,
			'the inbound connection to be released'
		);
	});
});
