import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderProxyVersions } from '../../../src/shell/istioctl/version.ts';
import { emptyPlayground, INSTALL, type Istioctl } from './helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

describe('istioctl version', () => {
	it('says Istio is missing before install (on stderr) and prints the client version', async () => {
		const r = await t.run('istioctl version');
		expect(r.code).toBe(0);
		expect(r.stderr).toBe(
			'Istio is not present in the cluster: no running Istio pods in namespace "istio-system"\n'
		);
		expect(r.stdout).toBe('client version: 1.30.3\n');
	});

	it('prints the control plane and the ztunnels as proxies after install', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl version');
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe(
			'client version: 1.30.3\ncontrol plane version: 1.30.3\ndata plane version: 1.30.3 (3 proxies)\n'
		);
	});

	it('skips the cluster with --remote=false', async () => {
		const r = await t.run('istioctl version --remote=false');
		expect(r.output).toBe('client version: 1.30.3\n');
	});

	it('prints JSON with -o json', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl version -o json');
		const doc = JSON.parse(r.stdout) as {
			clientVersion: { version: string };
			meshVersion: { Component: string }[];
			dataPlaneVersion: { ID: string }[];
		};
		expect(doc.clientVersion.version).toBe('1.30.3');
		expect(doc.meshVersion.map((m) => m.Component)).toEqual(['pilot']);
		expect(doc.dataPlaneVersion.map((p) => p.ID)).toEqual([
			expect.stringMatching(/^ztunnel-[a-z0-9]{5}\.istio-system$/),
			expect.stringMatching(/^ztunnel-[a-z0-9]{5}\.istio-system$/),
			expect.stringMatching(/^ztunnel-[a-z0-9]{5}\.istio-system$/)
		]);
	});

	it('rejects other output formats', async () => {
		const r = await t.run('istioctl version -o table');
		expect(r.code).toBe(1);
		expect(r.stderr).toBe("Error: --output must be 'yaml' or 'json'\n");
	});

	it.each([
		{ proxies: [], out: 'none' },
		{ proxies: [{ id: 'a', version: '1.30.3' }], out: '1.30.3 (1 proxies)' },
		{
			proxies: [
				{ id: 'a', version: '1.30.3' },
				{ id: 'b', version: '1.29.6' },
				{ id: 'c', version: '1.30.3' }
			],
			out: '1.29.6 (1 proxies), 1.30.3 (2 proxies)'
		}
	])('renders data plane versions as $out', ({ proxies, out }) => {
		expect(renderProxyVersions(proxies)).toBe(out);
	});
});
