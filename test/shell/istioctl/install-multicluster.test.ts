/**
 * The values Istio 1.30.3's ambient multicluster install page sets, and where each lands, written
 * from istio/istio 1.30.3: operator/pkg/render/manifest.go MergeInputs (files, then --set),
 * operator/pkg/render/postprocess.go (`components.pilot.k8s.env` is a strategic merge patch on
 * the discovery container's env), istio-discovery/templates/deployment.yaml (`range .Values.env`
 * after CA_TRUSTED_NODE_ACCOUNTS, CLUSTER_ID = clusterName | default "Kubernetes"),
 * istio-discovery/templates/configmap.yaml (`defaultConfig.meshId`), ztunnel/templates/
 * daemonset.yaml (`NETWORK` before RUST_LOG, ISTIO_META_CLUSTER_ID) with zzz_profile.yaml's
 * flattened globals, and operator/pkg/util/k8s.go CreateNamespace (the network label).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installPlan } from '../../../src/shell/istioctl/install-config.ts';
import type { InstallValues } from '../../../src/shell/istioctl/manifests/index.ts';
import { istiodObjects } from '../../../src/shell/istioctl/manifests/istiod.ts';
import { ztunnelObjects } from '../../../src/shell/istioctl/manifests/ztunnel.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { emptyPlayground, type Istioctl } from './helpers.ts';

/** The page's cluster1.yaml, its apiVersion typo included. */
const PAGE_IOP = `apiVersion: insall.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: ambient
  components:
    pilot:
      k8s:
        env:
          - name: AMBIENT_ENABLE_MULTI_NETWORK
            value: "true"
  values:
    global:
      meshID: mesh1
      multiCluster:
        clusterName: cluster1
      network: network1
`;

type Env = { name: string; value?: string };
const containerEnv = (o: KubeObject | undefined): Env[] =>
	(o?.['spec'] as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec
		.containers[0]?.env ?? [];
const names = (env: Env[]): string[] => env.map((e) => e.name);

function values(files: string[], sets: string[] = []): InstallValues {
	const plan = installPlan(
		files.map((text, i) => ({ name: `f${i}.yaml`, text })),
		sets
	);
	if ('error' in plan) throw new Error(plan.error);
	return plan.values;
}

describe('multicluster install values', () => {
	it("reads the page's IstioOperator: names, and the pilot env patch", () => {
		expect(values([PAGE_IOP]).multicluster).toEqual({
			meshID: 'mesh1',
			clusterName: 'cluster1',
			network: 'network1',
			pilotK8sEnv: [{ name: 'AMBIENT_ENABLE_MULTI_NETWORK', value: 'true' }]
		});
	});

	it('--set values.global.* comes on top of the file; values.pilot.env is the chart env', () => {
		expect(
			values([PAGE_IOP], ['values.global.network=other', 'values.pilot.env.FOO=bar']).multicluster
		).toMatchObject({ network: 'other', pilotEnv: [{ name: 'FOO', value: 'bar' }] });
	});

	it('istiod: CLUSTER_ID from clusterName, the k8s.env patch appended last, meshId in the mesh', () => {
		const objs = istiodObjects(values([PAGE_IOP]));
		const env = containerEnv(objs.find((o) => o.kind === 'Deployment'));
		expect(env.find((e) => e.name === 'CLUSTER_ID')?.value).toBe('cluster1');
		expect(names(env).at(-1)).toBe('AMBIENT_ENABLE_MULTI_NETWORK');
		const mesh = String(
			(objs.find((o) => o.kind === 'ConfigMap')?.['data'] as { mesh: string }).mesh
		);
		expect(mesh).toMatch(/^defaultConfig:\n {2}discoveryAddress: .*\n {2}meshId: mesh1\n/);
	});

	it("helm's env.X sits with the profile's env, sorted by key (Go's map range)", () => {
		const objs = istiodObjects(
			values([], ['profile=ambient', 'values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK=true'])
		);
		const env = names(containerEnv(objs.find((o) => o.kind === 'Deployment')));
		const at = env.indexOf('CA_TRUSTED_NODE_ACCOUNTS');
		expect(env.slice(at + 1, at + 3)).toEqual([
			'AMBIENT_ENABLE_MULTI_NETWORK',
			'PILOT_ENABLE_AMBIENT'
		]);
	});

	it('ztunnel: NETWORK before RUST_LOG and the cluster id; neither without the values', () => {
		const env = containerEnv(
			ztunnelObjects(values([PAGE_IOP])).find((o) => o.kind === 'DaemonSet')
		);
		const n = names(env);
		expect(n.indexOf('NETWORK')).toBe(n.indexOf('RUST_LOG') - 1);
		expect(env.find((e) => e.name === 'NETWORK')?.value).toBe('network1');
		expect(env.find((e) => e.name === 'ISTIO_META_CLUSTER_ID')?.value).toBe('cluster1');
		const plain = containerEnv(
			ztunnelObjects(values([], ['profile=ambient'])).find((o) => o.kind === 'DaemonSet')
		);
		expect(names(plain)).not.toContain('NETWORK');
		expect(plain.find((e) => e.name === 'ISTIO_META_CLUSTER_ID')?.value).toBe('Kubernetes');
	});

	it.each([
		{
			iop: 'kind: IstioOperator\nspec:\n  components:\n    pilot:\n      k8s:\n        resources: {}',
			error: 'spec.components.pilot is not simulated here beyond k8s.env'
		},
		{
			iop: 'kind: IstioOperator\nspec:\n  values:\n    global:\n      hub: example.com',
			error: 'spec.values.global.hub is not simulated here'
		},
		{
			iop: 'kind: IstioOperator\nspec:\n  components:\n    pilot:\n      k8s:\n        env:\n        - name: X\n          valueFrom: {}',
			error: 'spec.components.pilot.k8s.env: only name/value entries are simulated'
		}
	])('refuses what it does not simulate: $error', ({ iop, error }) => {
		const plan = installPlan([{ name: 'x.yaml', text: iop }], []);
		expect('error' in plan && plan.error).toContain(error);
	});
});

describe('istioctl install with the multicluster values', () => {
	let t: Istioctl;
	beforeEach(async () => {
		t = await emptyPlayground();
	});
	afterEach(async () => {
		await t.dispose();
	});

	it('labels the istio-system it creates with the network; istiod gets its cluster id and the east-west class', async () => {
		await t.run(`cat > c1.yaml <<'EOF'\n${PAGE_IOP}EOF`);
		const r = await t.run('istioctl install -f c1.yaml -y');
		expect(r.code).toBe(0);
		const ns = t.list('namespaces').find((n) => n.metadata.name === 'istio-system');
		expect(ns?.metadata.labels?.['topology.istio.io/network']).toBe('network1');
		const istiod = t.list('deployments', 'istio-system').find((d) => d.metadata.name === 'istiod');
		expect(containerEnv(istiod).find((e) => e.name === 'CLUSTER_ID')?.value).toBe('cluster1');
		// The east-west class exists once istiod runs with AMBIENT_ENABLE_MULTI_NETWORK.
		await t.run(
			'kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - > /dev/null'
		);
		const classes = (await t.run('kubectl get gatewayclass -o name')).stdout;
		expect(classes).toContain('gatewayclass.gateway.networking.k8s.io/istio-east-west');
		const logs = (await t.run('kubectl logs -n istio-system deploy/istiod')).stdout;
		expect(logs).toContain('Starting Istiod Server with primary cluster cluster1');
	});

	it('without the env, no istio-east-west class and its Gateway waits for a controller', async () => {
		await t.run('istioctl install --set profile=ambient -y');
		await t.run(
			'kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - > /dev/null'
		);
		await t.run(
			'samples/multicluster/gen-eastwest-gateway.sh --network network1 --ambient | kubectl apply -f -'
		);
		expect((await t.run('kubectl get gatewayclass -o name')).stdout).not.toContain(
			'istio-east-west'
		);
		const status = (
			await t.run(
				"kubectl get gateway istio-eastwestgateway -n istio-system -o jsonpath='{.status.conditions[0].message}'"
			)
		).stdout;
		expect(status).toBe('Waiting for controller');
		expect(t.list('deployments', 'istio-system').map((d) => d.metadata.name)).not.toContain(
			'istio-eastwestgateway'
		);
	});
});
