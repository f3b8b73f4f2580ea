import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import { emptyPlayground, INSTALL, type Istioctl } from './helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

const names = (objects: { metadata: { name: string } }[]): string[] =>
	objects.map((o) => o.metadata.name).sort();

describe('istioctl install', () => {
	it('installs the ambient profile and waits until its pods are ready', async () => {
		const r = await t.run(INSTALL);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe('');
		expect(r.stderr).toContain(
			[
				'✔ Istio core installed ⛵️',
				'✔ Istiod installed 🧠',
				'✔ CNI installed 🪢',
				'✔ Ztunnel installed 🔒',
				'✔ Installation complete',
				'The ambient profile has been installed successfully, enjoy Istio without sidecars!',
				''
			].join('\n')
		);
		const pods = t.list('pods', 'istio-system') as Pod[];
		expect(
			pods.map((p) => p.metadata.name.replace(/(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/, '')).sort()
		).toEqual([
			// One per node, the control-plane node included: both charts tolerate every taint.
			'istio-cni-node',
			'istio-cni-node',
			'istio-cni-node',
			'istiod',
			'ztunnel',
			'ztunnel',
			'ztunnel'
		]);
		expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
		expect(names(t.list('daemonsets', 'istio-system'))).toEqual(['istio-cni-node', 'ztunnel']);
		expect(names(t.list('services', 'istio-system'))).toEqual([
			'istiod',
			'istiod-revision-tag-default'
		]);
		// istiod's chart, then the default revision tag (operator/pkg/webhook WebhooksToDeploy)
		expect(names(t.list('mutatingwebhookconfigurations'))).toEqual([
			'istio-revision-tag-default',
			'istio-sidecar-injector'
		]);
		expect(names(t.list('validatingwebhookconfigurations'))).toEqual([
			'istio-validator-istio-system',
			'istiod-default-validator'
		]);
		// istio-ca-root-cert: written by istiod's namespace controller once it runs;
		// kube-root-ca.crt: kube-controller-manager's, in every namespace.
		expect(names(t.list('configmaps', 'istio-system'))).toEqual([
			'istio',
			'istio-ca-root-cert',
			'istio-cni-config',
			'kube-root-ca.crt'
		]);
		expect(names(t.list('serviceaccounts', 'istio-system'))).toEqual([
			'default',
			'istio-cni',
			'istio-reader-service-account',
			'istiod',
			'ztunnel'
		]);
		expect(t.list('crds').map((c) => c.metadata.name)).toContain(
			'authorizationpolicies.security.istio.io'
		);
		// Gateway API CRDs are installed separately, as the docs do.
		expect(t.list('crds').some((c) => c.metadata.name.endsWith('gateway.networking.k8s.io'))).toBe(
			false
		);
		expect((await t.run('kubectl get authorizationpolicies -A')).stderr).toBe(
			'No resources found\n'
		);
	});

	it('is idempotent: a second install changes nothing and restarts nothing', async () => {
		await t.run(INSTALL);
		const before = t.list('pods', 'istio-system').map((p) => p.metadata.uid);
		const r = await t.run(INSTALL);
		expect(r.code).toBe(0);
		expect(r.stderr).toContain('✔ Installation complete\n');
		expect(t.list('pods', 'istio-system').map((p) => p.metadata.uid)).toEqual(before);
		for (const ds of t.list('daemonsets', 'istio-system')) expect(ds.metadata.generation).toBe(1);
	});

	it.each([
		{ name: 'no answer', stdin: '', installs: false },
		{ name: 'a blank line', stdin: '\n', installs: false },
		{ name: 'n', stdin: 'n\n', installs: false },
		{ name: 'y', stdin: 'y\n', installs: true },
		{ name: 'YES', stdin: 'YES\n', installs: true },
		{ name: 'maybe, then y', stdin: 'maybe\ny\n', installs: true }
	])('asks before installing without -y: $name', async ({ stdin, installs }) => {
		const r = await t.run('istioctl install --set profile=ambient', stdin);
		expect(r.stdout).toMatch(
			/^(This will install the Istio 1\.30\.3 profile "ambient" into the cluster\. Proceed\? \(y\/N\) )+$/
		);
		expect(r.code).toBe(installs ? 0 : 1);
		expect(r.stderr.endsWith('Cancelled.\n')).toBe(!installs);
		expect(t.list('namespaces').some((n) => n.metadata.name === 'istio-system')).toBe(installs);
	});

	it.each([
		{
			line: 'istioctl install --set profile=openshift -y',
			// docs/ambient/install/platform-prerequisites: OpenShift's profile, on a kind cluster.
			error:
				'Error: generate config: the "openshift" profile is for OpenShift clusters; the playground is a kind cluster, which needs no platform setting: use the "default" profile'
		},
		{
			line: 'istioctl install --set profile=nope -y',
			error: 'Error: generate config: profile "nope" not found'
		},
		{
			line: 'istioctl install --set profile=ambient --set meshConfig.accessLogEncoding=JSON -y',
			error: 'Error: generate config: --set meshConfig.accessLogEncoding is not simulated'
		},
		{
			line: 'istioctl install -f iop.yaml -y',
			error: 'Error: generate config: open iop.yaml: no such file or directory'
		},
		{ line: 'istioctl install extra', error: 'Error: accepts 0 arg(s), received 1' },
		{ line: 'istioctl install --bogus', error: 'Error: unknown flag: --bogus' },
		{
			line: 'istioctl install --revision Bad_Rev',
			error: 'Error: invalid revision specified: Bad_Rev'
		}
	])('refuses $line', async ({ line, error }) => {
		const r = await t.run(line);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(error);
		expect(t.list('namespaces').some((n) => n.metadata.name === 'istio-system')).toBe(false);
	});

	it('prints the plan but writes nothing with --dry-run', async () => {
		const r = await t.run('istioctl install --set profile=ambient --dry-run');
		expect(r.code).toBe(0);
		expect(r.stderr).toContain('✔ Ztunnel installed 🔒\n✔ Installation complete\n');
		expect(t.list('namespaces').some((n) => n.metadata.name === 'istio-system')).toBe(false);
	});
});
