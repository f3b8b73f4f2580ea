import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyPlayground, INSTALL, type Istioctl } from './helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

const istioCrds = (): number =>
	t.list('crds').filter((c) => c.metadata.name.endsWith('.istio.io')).length;

describe('istioctl uninstall', () => {
	it('--purge removes everything install created, keeps what it did not', async () => {
		await t.run(INSTALL);
		const mine =
			'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n  namespace: istio-system\n';
		expect((await t.run('kubectl apply -f -', mine)).code).toBe(0);
		const r = await t.run('istioctl uninstall -y --purge');
		expect(r.code).toBe(0);
		expect(r.stdout.startsWith('All Istio resources will be pruned from the cluster\n\n')).toBe(
			true
		);
		expect(r.stdout).toContain('  Removed apps/v1, Kind=Deployment/istiod.istio-system.\n');
		expect(r.stdout).toContain('  Removed apps/v1, Kind=DaemonSet/ztunnel.istio-system.\n');
		expect(r.stdout).toMatch(
			/ {2}Removed \/v1, Kind=Pod\/istiod-[a-z0-9]+-[a-z0-9]{5}\.istio-system\.\n/
		);
		expect(r.stdout).toContain(
			'  Removed apiextensions.k8s.io/v1, Kind=CustomResourceDefinition/authorizationpolicies.security.istio.io..\n'
		);
		expect(r.stderr).toBe('✔ Uninstall complete\n');
		expect(t.list('pods', 'istio-system')).toEqual([]);
		expect(t.list('daemonsets', 'istio-system')).toEqual([]);
		expect(istioCrds()).toBe(0);
		// istiod wrote istio-ca-root-cert, not the installer: --purge leaves it (istio/istio#41607),
		// as it leaves kube-controller-manager's kube-root-ca.crt.
		expect(t.list('configmaps', 'istio-system').map((c) => c.metadata.name)).toEqual([
			'istio-ca-root-cert',
			'kube-root-ca.crt',
			'mine'
		]);
		const del = await t.run('kubectl delete namespace istio-system');
		expect(del.output).toBe('namespace "istio-system" deleted\n');
	});

	it('--purge --skip-confirmation works in either order', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl uninstall --purge -y');
		expect(r.code).toBe(0);
		expect(t.list('deployments', 'istio-system')).toEqual([]);
	});

	it('asks before purging without -y and cancels on no answer', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl uninstall --purge');
		expect(r.stdout).toBe('All Istio resources will be pruned from the cluster\nProceed? (y/N) ');
		expect(r.stderr).toBe('Cancelled.\n');
		expect(r.code).toBe(1);
		expect(t.list('deployments', 'istio-system')).toHaveLength(1);
	});

	it('--revision default keeps the shared Base (CRDs, reader account) and warns about proxies', async () => {
		await t.run(INSTALL);
		const r = await t.run('istioctl uninstall --revision default -y');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(
			/^There are still 3 proxies pointing to the control plane revision default\n(ztunnel-\w{5}\.istio-system\n){3}If you proceed/
		);
		expect(t.list('daemonsets', 'istio-system')).toEqual([]);
		expect(istioCrds()).toBe(15);
		expect(t.list('serviceaccounts', 'istio-system').map((s) => s.metadata.name)).toContain(
			'istio-reader-service-account'
		);
	});

	it.each([
		{
			line: 'istioctl uninstall',
			error:
				'Error: at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set\n'
		},
		{
			line: 'istioctl uninstall --purge now',
			error: 'Error: istioctl uninstall does not take arguments\n'
		},
		{
			line: 'istioctl uninstall --revision canary',
			error: 'Error: could not find target revision\n'
		}
	])('refuses $line', async ({ line, error }) => {
		const r = await t.run(line);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(error);
	});

	it('has nothing to prune before install', async () => {
		const r = await t.run('istioctl uninstall --revision default -y');
		expect(r.stdout).toBe(
			'No resources will be pruned from the cluster. Please double check the input configs\n\n'
		);
		expect(r.stderr).toBe('✔ Uninstall complete\n');
	});
});
