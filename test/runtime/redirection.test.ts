/**
 * istio-cni's redirection on the network, on both runtimes: traffic from and to enrolled pods
 * goes through their node's ztunnel, which sees the original destination and speaks for the
 * original client; pods outside the mesh are untouched.
 */
import { IN_POD_REDIRECTION } from '../../src/mesh/cni/inpod-redirection.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import type { Runtime } from '../../src/mesh/runtime/runtime.ts';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { hostId, ip, nodeName } from '../../src/mesh/types.ts';
import { nodeYield } from '../support/node-yield.ts';
import { testPrograms } from '../support/test-programs.ts';

const WORKER = new URL('../support/echo.node-worker.ts', import.meta.url);

const host = (name: string, addr: string, node: string, image = 'echo'): HostSpec => ({
	id: hostId(`default/${name}`),
	kind: 'pod',
	ip: ip(addr),
	node: nodeName(node),
	namespace: 'default',
	name,
	containers: [{ name: 'main', image, env: {}, ports: [] }],
	seed: 3
});

const a = host('a', '10.244.1.2', 'w1');
const c = host('c', '10.244.1.3', 'w1');
const b = host('b', '10.244.2.2', 'w2');
const z1 = host('ztunnel-1', '10.244.1.9', 'w1', 'fake-ztunnel');
const z2 = host('ztunnel-2', '10.244.2.9', 'w2', 'fake-ztunnel');

async function scenario(rt: Runtime): Promise<string> {
	await Promise.all([a, b, c, z1, z2].map((h) => rt.startHost(h)));
	rt.setNetwork({
		version: 1,
		dns: { 'b.default.svc.cluster.local': ip('10.96.0.20') },
		services: [
			{ vip: ip('10.96.0.20'), port: 80, service: 'default/b', endpoints: [{ ip: b.ip, port: 7 }] }
		],
		// a and b are enrolled; c is not.
		redirection: { [a.ip]: z1.ip, [b.ip]: z2.ip }
	});
	const out: string[] = [];
	const run = async (from: HostSpec, ...argv: string[]) => {
		const r = await rt.exec(from.id, 'main', ['connect', ...argv], '');
		out.push(`${from.name} ${argv.join(' ')} -> ${r.exitCode}: ${r.stdout}${r.stderr}`.trim());
	};
	await run(a, '10.244.2.2', '7', 'mesh-to-mesh');
	await run(c, '10.244.2.2', '7', 'outside-to-mesh');
	await run(a, '10.244.1.3', '7', 'mesh-to-outside');
	await run(a, 'b', '80', 'mesh-to-service');
	await run(c, 'b', '80', 'outside-to-service');
	out.push(`z1: ${(await rt.logs(z1.id, 'main')).join(' | ')}`);
	out.push(`z2: ${(await rt.logs(z2.id, 'main')).join(' | ')}`);
	const { entries } = await rt.capture(0);
	const syns = entries
		.filter((e) => e.type === 'connect')
		.map(
			(e) =>
				`${e.src.ip}:${e.src.port}>${e.dst.ip}:${e.dst.port}${e.hop ? ` via ${e.hop}` : ''}${e.redirected ? ' (in pod)' : ''}`
		);
	out.push(...syns);
	return out.join('\n');
}

describe('redirection through the node ztunnel', () => {
	const workers = createNodeWorkerRuntime(1, WORKER);
	afterAll(() => workers.dispose());

	it('routes enrolled traffic through ztunnels, the same on both runtimes', async () => {
		const inProcess = await scenario(
			createInProcessRuntime({
				crypto: globalThis.crypto,
				programFor: testPrograms,
				cniChain: [IN_POD_REDIRECTION],
				yieldToHost: nodeYield
			})
		);
		expect(inProcess).toContain(
			'a 10.244.2.2 7 mesh-to-mesh -> 0: MESH-TO-MESH (eof) from 10.244.2.2:7'
		);
		expect(inProcess).toContain('c 10.244.2.2 7 outside-to-mesh -> 0: OUTSIDE-TO-MESH');
		expect(inProcess).toContain('a 10.244.1.3 7 mesh-to-outside -> 0: MESH-TO-OUTSIDE');
		// The ztunnel sees the VIP (captured before kube-proxy), then resolves it itself.
		expect(inProcess).toMatch(
			/z1: outbound 10\.244\.1\.2:\d+ -> 10\.244\.2\.2:7 \| .*outbound 10\.244\.1\.2:\d+ -> 10\.96\.0\.20:80/
		);
		// b's ztunnel delivers with the original client's address.
		expect(inProcess).toMatch(
			/z2: inbound-plaintext 10\.244\.1\.2:\d+ -> 10\.244\.2\.2:7 \| inbound-plaintext 10\.244\.1\.3:\d+ -> 10\.244\.2\.2:7/
		);
		// The pod → ztunnel leg is marked as staying inside the pod's network namespace.
		expect(inProcess).toMatch(/10\.244\.1\.2:\d+>10\.244\.2\.2:7 via 10\.244\.1\.9 \(in pod\)/);
		expect(await scenario(workers)).toBe(inProcess);
	}, 30_000);
});
