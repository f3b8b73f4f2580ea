/**
 * Double HBONE carried end to end (the decision is outbound-double-hbone.test.ts): curl on
 * network1 reaches helloworld on network2 through network2's east-west gateway. As istio/ztunnel
 * 1.30.3 src/proxy/outbound.rs proxy_to_double_hbone does it: the outer tunnel to the gateway
 * (`172.18.255.220:15008`, CONNECT `helloworld.default.svc.cluster.local:5000`), proving the
 * gateway's identity; inside it, not pooled, ztunnel's own TLS with the destination, which must
 * prove the Service's SAN, and the inner CONNECT to the same authority. The gateway (istio
 * pilot/pkg/networking/core/cluster_waypoint.go buildForwardInnerConnect) forwards the inner
 * bytes unread to the endpoint's 15008; the destination ztunnel (src/proxy/inbound.rs
 * find_inbound_upstream, HboneAddress::SvcHostname) serves the local pod on its target port.
 * With no shared root the first handshake fails, as a real ztunnel's does.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../src/mesh/net/socket.ts';
import { L7ProxyState } from '../../../src/mesh/proxy/l7/state.ts';
import type { WaypointInputs } from '../../../src/mesh/proxy/l7/proxy-inputs.ts';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ip } from '../../../src/mesh/types.ts';
import { Inbound as GatewayInbound } from '../../../src/mesh/waypoint/inbound.ts';
import type { Workload } from '../../../src/mesh/xds/workload-api.ts';
import { createZtunnel } from '../../../src/mesh/ztunnel/ztunnel.ts';
import { readAll } from '../../support/socket-pair.ts';
import { createPki } from '../tls/pki.ts';
import { config, service, workload } from './fixtures.ts';
import { MeshNet } from './mesh-net.ts';
import { accessLines, text, until } from './two-ztunnels.ts';

const GATEWAY_IP = '172.18.255.220';
// A push names only other networks' workloads' network (proxy-state.ts indexes the rest by IP).
const curl = workload('curl', '10.244.1.5', { node: 'node-1' });
const hello = workload('helloworld-v2', '10.244.2.7', {
	node: 'node-2',
	serviceAccount: 'default'
});
const splitHorizon: Workload = {
	...workload('unused', '0.0.0.0'),
	uid: `network2/SplitHorizonWorkload/istio-system/istio-eastwestgateway/${GATEWAY_IP}/default/helloworld.default.svc.cluster.local`,
	name: 'split-horizon',
	address: ip(''),
	serviceAccount: '',
	network: 'network2',
	capacity: 1,
	networkGateway: { network: 'network2', address: GATEWAY_IP, hboneMtlsPort: 15008 }
};
const gatewayWorkload: Workload = {
	...workload('unused', GATEWAY_IP),
	uid: `NetworkGateway/network2/${GATEWAY_IP}/0`,
	name: `NetworkGateway/network2/${GATEWAY_IP}/0`,
	namespace: 'istio-system',
	serviceAccount: 'istio-eastwestgateway',
	protocol: 'TCP',
	network: 'network2'
};
const SANS = ['spiffe://cluster.local/ns/default/sa/default'];
const helloworld = (endpoints: readonly Workload[]) => ({
	...service('helloworld', '10.96.0.20', { 5000: 5000 }, endpoints),
	subjectAltNames: SANS
});
const GATEWAY_ID = spiffeId('istio-system', 'istio-eastwestgateway');

async function twoNetworks(options: { foreignGateway?: boolean } = {}) {
	const p = await createPki(3);
	const certs = new Map<string, WorkloadCerts>([
		[spiffeId('default', 'curl'), p.curl],
		[spiffeId('default', 'default'), await p.issue(p.ca, spiffeId('default', 'default'))]
	]);
	const gatewayCerts = await p.issue(options.foreignGateway ? p.otherCa : p.ca, GATEWAY_ID);
	const net = new MeshNet();
	const ztunnel = (cfg: ReturnType<typeof config>) =>
		createZtunnel({
			config: () => cfg,
			certificateFor: (id) =>
				Promise.resolve(
					certs.get(id) ?? { type: 'identity-error' as const, message: `no certificate for ${id}` }
				),
			trustRoots: () => [p.ca.root],
			watchConfig: () => {},
			crypto: globalThis.crypto
		});
	// Each network's ztunnel knows its own side: network1 the split-horizon endpoint behind the
	// gateway, network2 the pod.
	const zt1 = ztunnel(config([curl, splitHorizon, gatewayWorkload], [helloworld([splitHorizon])]));
	const zt2 = ztunnel(config([hello], [helloworld([hello])]));
	const h1 = net.host('10.244.1.2', 'ztunnel-aaaaa', {
		transparent: true,
		namespace: 'istio-system'
	});
	const h2 = net.host('10.244.2.2', 'ztunnel-bbbbb', {
		transparent: true,
		namespace: 'istio-system'
	});
	const container = { name: 'istio-proxy', image: 'docker.io/istio/ztunnel', env: {}, ports: [] };
	await zt1.start(h1.ctx, container);
	await zt2.start(h2.ctx, container);
	net.redirection.set(curl.address, '10.244.1.2');
	net.redirection.set(hello.address, '10.244.2.2');
	// The east-west gateway's HBONE listener, as its push (istiod/eastwest-config.ts) sets it up.
	const gw = net.host(GATEWAY_IP, 'istio-eastwestgateway-x', { namespace: 'istio-system' });
	const state = new L7ProxyState({
		version: 1,
		gateway: { name: 'istio-eastwestgateway', namespace: 'istio-system' },
		gatewayClassName: 'istio-east-west',
		services: [helloworld([hello])],
		workloads: [hello],
		routes: [],
		policies: []
	});
	const gwLogs: string[] = [];
	const inputs = {
		certificate: () => Promise.resolve(gatewayCerts),
		trustRoots: () => [p.ca.root],
		clock: gw.ctx.clock,
		crypto: globalThis.crypto,
		state: () => state,
		net: gw.ctx.net,
		log: (line: string) => void gwLogs.push(line)
	} as unknown as WaypointInputs;
	const inbound = new GatewayInbound(inputs);
	gw.ctx.net.listen(15008, (s: Socket) => void inbound.serve(s));
	net.stack(hello.address).listen(5000, (s: Socket) => {
		void readAll(s).then(({ text: got }) => {
			s.write(text(`hello ${s.remote.ip}, you sent ${got}`));
			s.end();
		});
	});
	const request = async () => {
		const s = await net.stack(curl.address).connect({ ip: ip('10.96.0.20'), port: 5000 });
		if ('type' in s) throw new Error(`connect: ${s.type}`);
		s.write(text('ping'));
		s.end();
		return readAll(s);
	};
	const logs1 = h1.logs.get('istio-proxy') ?? [];
	h1.logs.set('istio-proxy', logs1);
	const logs2 = h2.logs.get('istio-proxy') ?? [];
	h2.logs.set('istio-proxy', logs2);
	return { net, request, logs1, logs2 };
}

describe('double HBONE through an east-west gateway', () => {
	it('reaches the remote pod: outer tunnel to the gateway, inner TLS and CONNECT to the pod', async () => {
		const m = await twoNetworks();
		const got = await m.request();
		// The pod sees the gateway as its client: ztunnel inbound opens the app connection from the
		// TCP peer of the tunnel (inbound.rs: upstream_src_ip = rbac_ctx.conn.src), the gateway's.
		expect(got.text).toBe(`hello ${GATEWAY_IP}, you sent ping`);
		await until(() => accessLines(m.logs1).length > 0 && accessLines(m.logs2).length > 0, 'logs');
		const out = accessLines(m.logs1)[0] ?? '';
		expect(out).toContain(`dst.addr=${GATEWAY_IP}:15008`);
		expect(out).toContain('dst.hbone_addr="helloworld.default.svc.cluster.local:5000"');
		expect(out).toContain(`dst.workload="NetworkGateway/network2/${GATEWAY_IP}/0"`);
		expect(out).not.toContain('error=');
		const inbound = accessLines(m.logs2)[0] ?? '';
		expect(inbound).toContain('direction="inbound"');
		expect(inbound).toContain('dst.workload="helloworld-v2-abc12"');
		expect(inbound).toContain('src.identity="spiffe://cluster.local/ns/default/sa/curl"');
		// The gateway never saw the inner tunnel's plaintext: only ciphertext crossed it.
		const toGateway = m.net.wires.find((w) => w.acceptedBy.ip === GATEWAY_IP);
		const forwarded = m.net.wires.find(
			(w) => w.client.ip === GATEWAY_IP && w.acceptedBy.port === 15008
		);
		expect(toGateway).toBeDefined();
		expect(forwarded).toBeDefined();
		expect(new TextDecoder().decode(forwarded?.sent())).not.toContain('ping');
	});

	it('a gateway whose certificate no shared root signed: the outer handshake fails', async () => {
		const m = await twoNetworks({ foreignGateway: true });
		const got = await m.request();
		expect(got.text).toBe('');
		await until(() => accessLines(m.logs1, 'error').length > 0, 'error log');
		expect(accessLines(m.logs1, 'error')[0]).toContain(
			'error="tls error: certificate signed by unknown authority"'
		);
		expect(accessLines(m.logs2)).toEqual([]);
	});
});
