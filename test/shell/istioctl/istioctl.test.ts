import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { gatewayApiMessages } from '../../../src/shell/istioctl/precheck.ts';
import { emptyPlayground, type Istioctl } from './helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

const OK =
	'✔ No issues found when checking the cluster. Istio is safe to install or upgrade!\n' +
	'  To get started, check out https://istio.io/latest/docs/setup/getting-started/.\n';

describe('istioctl', () => {
	it.each(['istioctl', 'istioctl --help', 'istioctl help'])(
		'%s prints the command list',
		async (line) => {
			const r = await t.run(line);
			expect(r.code).toBe(0);
			expect(r.stdout).toMatch(
				/^Istio configuration command line utility for service operators to\n/
			);
			// Every root command of 1.30.3 (istioctl/cmd/root.go), simulated or not.
			for (const c of [
				'admin',
				'analyze',
				'bug-report',
				'completion',
				'create-remote-secret',
				'experimental',
				'install',
				'manifest',
				'remote-clusters',
				'tag',
				'uninstall',
				'validate',
				'version'
			])
				expect(r.stdout).toMatch(new RegExp(`\\n  ${c} +\\S`));
		}
	);

	it.each([
		{
			line: 'istioctl install --help',
			has: 'Usage:\n  istioctl install [flags]\n\nAliases:\n  install, apply\n'
		},
		{ line: 'istioctl help install', has: 'Usage:\n  istioctl install [flags]\n' },
		{ line: 'istioctl x', has: '  precheck       Check whether Istio' },
		// cobra v1.10.2 args.go legacyArgs checks names only on the root; experimental has no
		// Args or Run, so an unknown word prints its help (the old docs' `istioctl x waypoint`).
		{ line: 'istioctl x nope', has: 'Usage:\n  istioctl experimental [command]\n' },
		{ line: 'istioctl x waypoint list', has: '  describe       Describe resource' },
		// istioctl/pkg/ztunnelconfig/ztunnelconfig.go: ztunnel-config has no Args either.
		{ line: 'istioctl zc bogus', has: 'Usage:\n  istioctl ztunnel-config [command]\n' }
	])('$line prints help', async ({ line, has }) => {
		const r = await t.run(line);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(has);
	});

	it.each([
		{
			line: 'istioctl foo',
			err: 'Error: unknown command "foo" for "istioctl"\nRun \'istioctl --help\' for usage.\n'
		},
		{
			line: 'istioctl verison',
			err: 'Error: unknown command "verison" for "istioctl"\n\nDid you mean this?\n\tversion\n\nRun \'istioctl --help\' for usage.\n'
		},
		// istioctl/pkg/waypoint/waypoint.go's Args
		{ line: 'istioctl waypoint bogus', err: 'Error: unknown subcommand "bogus"\n' },
		{
			line: 'istioctl x authz check productpage',
			err: 'Error: istioctl experimental authz is not simulated in this playground (of the experimental commands, only describe and precheck are)\n'
		},
		// client-go's NotFound, as describe.go returns it
		{ line: 'istioctl x describe pod productpage', err: 'Error: pods "productpage" not found\n' },
		{
			line: 'istioctl manifest generate',
			err: 'Error: istioctl manifest is not simulated in this playground\n'
		},
		// istioctl/pkg/tag/tag.go: set's Args, then its required --revision
		{ line: 'istioctl tag set', err: 'Error: must provide a tag for modification\n' },
		{ line: 'istioctl tag set prod', err: 'Error: required flag(s) "revision" not set\n' },
		{ line: 'istioctl version --bogus', err: 'Error: unknown flag: --bogus\n' }
	])('$line fails the cobra way', async ({ line, err }) => {
		const r = await t.run(line);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(err);
	});
});

describe('istioctl x precheck', () => {
	it.each(['istioctl x precheck', 'istioctl experimental precheck', 'istioctl exp precheck'])(
		'%s finds no issues on a fresh cluster',
		async (line) => {
			const r = await t.run(line);
			expect(r.code).toBe(0);
			expect(r.stderr).toBe(OK);
		}
	);

	it('finds no issues after install either', async () => {
		await t.run('istioctl install --set profile=ambient -y');
		expect((await t.run('istioctl x precheck')).stderr).toBe(OK);
	});

	const crd = (kind: string, versions: string[]): KubeObject =>
		({
			apiVersion: 'apiextensions.k8s.io/v1',
			kind: 'CustomResourceDefinition',
			metadata: { name: `${kind.toLowerCase()}s.gateway.networking.k8s.io` },
			spec: {
				group: 'gateway.networking.k8s.io',
				names: { kind },
				versions: versions.map((name) => ({ name, served: true }))
			}
		}) as unknown as KubeObject;

	it.each([
		{ name: 'current Gateway API', crds: [crd('Gateway', ['v1', 'v1beta1'])], codes: [] },
		{ name: 'v1beta1 only', crds: [crd('HTTPRoute', ['v1beta1'])], codes: ['IST0172'] },
		{
			name: 'alpha only',
			crds: [crd('GatewayClass', ['v1alpha2'])],
			codes: ['IST0156', 'IST0172']
		},
		{ name: 'TCPRoute is not checked', crds: [crd('TCPRoute', ['v1alpha2'])], codes: [] }
	])('checks Gateway API CRD versions: $name', ({ crds, codes }) => {
		const messages = gatewayApiMessages(crds);
		expect(messages.map((m) => /\[(IST\d+)\]/.exec(m)?.[1])).toEqual(codes);
	});
});
