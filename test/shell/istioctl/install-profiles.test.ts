/**
 * `istioctl install --set profile=…` for the profiles besides ambient, `-f` IstioOperator files
 * and `istioctl upgrade`, written from Istio 1.30.3: manifests/profiles/{default,minimal,demo,
 * empty}.yaml (components), manifests/helm-profiles/demo.yaml (values), operator/pkg/component
 * (progress names and icons), operator/pkg/install/install.go (componentDependencies, prune) and
 * operator/cmd/mesh/{install,upgrade}.go (detectIstioVersionDiff).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PODS } from '../../../src/mesh/api/builtin-resources.ts';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import { emptyPlayground, type Istioctl } from './helpers.ts';

let t: Istioctl;
beforeEach(async () => {
	t = await emptyPlayground();
});
afterEach(async () => {
	await t.dispose();
});

const names = (objects: { metadata: { name: string } }[]): string[] =>
	objects.map((o) => o.metadata.name).sort();
/** The `✔ …` lines of the progress log. */
const progress = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('✔'));
const mesh = (): string =>
	String(
		(
			t.list('configmaps', 'istio-system').find((c) => c.metadata.name === 'istio')?.[
				'data'
			] as Record<string, string>
		)['mesh']
	);
const image = (deployment: string): string | undefined =>
	(
		t.list('deployments', 'istio-system').find((d) => d.metadata.name === deployment)?.['spec'] as
			{ template: { spec: { containers: { image: string }[] } } } | undefined
	)?.template.spec.containers[0]?.image;

describe('istioctl install profiles', () => {
	it('default: istiod and the istio-ingressgateway (a LoadBalancer Service), no CNI or ztunnel', async () => {
		const r = await t.run('istioctl install -y');
		expect(r.code).toBe(0);
		expect(progress(r.stderr)).toEqual([
			'✔ Istio core installed ⛵️',
			'✔ Istiod installed 🧠',
			'✔ Ingress gateways installed 🛬',
			'✔ Installation complete'
		]);
		expect(r.stderr).not.toContain('enjoy Istio without sidecars');
		expect(names(t.list('deployments', 'istio-system'))).toEqual([
			'istio-ingressgateway',
			'istiod'
		]);
		expect(t.list('daemonsets', 'istio-system')).toEqual([]);
		const svc = t
			.list('services', 'istio-system')
			.find((s) => s.metadata.name === 'istio-ingressgateway');
		expect(svc?.['spec']).toMatchObject({
			type: 'LoadBalancer',
			selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
			ports: [
				{ name: 'status-port', port: 15021, targetPort: 15021 },
				{ name: 'http2', port: 80, targetPort: 8080 },
				{ name: 'https', port: 443, targetPort: 8443 }
			]
		});
		// No global.variant outside the ambient profile; no ambient in istiod; no HBONE metadata.
		expect(image('istiod')).toBe('docker.io/istio/pilot:1.30.3');
		expect(image('istio-ingressgateway')).toBe('docker.io/istio/proxyv2:1.30.3');
		expect(JSON.stringify(t.list('deployments', 'istio-system'))).not.toContain(
			'PILOT_ENABLE_AMBIENT'
		);
		expect(mesh()).not.toContain('ISTIO_META_ENABLE_HBONE');
		const pods = t.list('pods', 'istio-system') as Pod[];
		expect(pods.map((p) => p.metadata.labels?.['app']).sort()).toEqual([
			'istio-ingressgateway',
			'istiod'
		]);
		expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
		expect((await t.run('kubectl get svc istio-ingressgateway -n istio-system')).stdout).toMatch(
			/istio-ingressgateway\s+LoadBalancer\s+\S+\s+<pending>\s+15021:3\d{4}\/TCP,80:3\d{4}\/TCP,443:3\d{4}\/TCP/
		);
	});

	it('demo: adds the egress gateway, access logs to /dev/stdout and trace sampling 100', async () => {
		const r = await t.run('istioctl install --set profile=demo --skip-confirmation');
		expect(r.code).toBe(0);
		expect(progress(r.stderr)).toEqual([
			'✔ Istio core installed ⛵️',
			'✔ Istiod installed 🧠',
			'✔ Ingress gateways installed 🛬',
			'✔ Egress gateways installed 🛫',
			'✔ Installation complete'
		]);
		// install.go then makes the install the `default` revision tag (webhook.go WebhooksToDeploy).
		expect(names(t.list('services', 'istio-system'))).toEqual([
			'istio-egressgateway',
			'istio-ingressgateway',
			'istiod',
			'istiod-revision-tag-default'
		]);
		expect(mesh()).toMatch(/^accessLogFile: \/dev\/stdout$/m);
		expect(mesh()).toContain('- name: jaeger\n  opentelemetry:');
		expect(JSON.stringify(t.list('deployments', 'istio-system'))).toContain(
			'{"name":"PILOT_TRACE_SAMPLING","value":"100"}'
		);
		const ingress = t
			.list('services', 'istio-system')
			.find((s) => s.metadata.name === 'istio-ingressgateway');
		expect((ingress?.['spec'] as { ports: { name: string }[] }).ports.map((p) => p.name)).toEqual([
			'status-port',
			'http2',
			'https',
			'tcp',
			'tls'
		]);
	});

	it('minimal installs istiod alone; empty installs nothing but the namespace', async () => {
		const minimal = await t.run('istioctl install --set profile=minimal -y');
		expect(progress(minimal.stderr)).toEqual([
			'✔ Istio core installed ⛵️',
			'✔ Istiod installed 🧠',
			'✔ Installation complete'
		]);
		expect(names(t.list('deployments', 'istio-system'))).toEqual(['istiod']);
		await t.dispose();
		t = await emptyPlayground();
		const empty = await t.run('istioctl install --set profile=empty -y');
		expect(empty.code).toBe(0);
		expect(progress(empty.stderr)).toEqual(['✔ Installation complete']);
		expect(t.list('namespaces').some((n) => n.metadata.name === 'istio-system')).toBe(true);
		expect(t.list('crds')).toEqual([]);
	});

	it('reads an IstioOperator file: its profile, mesh config and stock gateways', async () => {
		const iop = [
			'apiVersion: install.istio.io/v1alpha1',
			'kind: IstioOperator',
			'spec:',
			'  profile: demo',
			'  meshConfig:',
			'    accessLogFile: /dev/null',
			'  components:',
			'    ingressGateways:',
			'    - name: istio-ingressgateway',
			'      enabled: false'
		].join('\n');
		await t.run(`cat > iop.yaml <<'EOF'\n${iop}\nEOF`);
		const r = await t.run('istioctl install -f iop.yaml -y');
		expect(r.code).toBe(0);
		expect(progress(r.stderr)).toContain('✔ Egress gateways installed 🛫');
		expect(r.stderr).not.toContain('Ingress gateways');
		expect(names(t.list('deployments', 'istio-system'))).toEqual(['istio-egressgateway', 'istiod']);
		expect(mesh()).toMatch(/^accessLogFile: \/dev\/null$/m);
		// --set comes on top of the file.
		const over = await t.run('istioctl install -f iop.yaml --set profile=minimal -y');
		expect(over.code).toBe(0);
		expect(names(t.list('deployments', 'istio-system'))).toEqual(['istiod']);
	});

	it.each([
		{ iop: 'kind: Deployment', error: 'expected an IstioOperator' },
		{ iop: 'kind: IstioOperator\nspec:\n  hub: example.com', error: 'spec.hub is not simulated' },
		{
			iop: 'kind: IstioOperator\nspec:\n  components:\n    ingressGateways:\n    - name: my-gw\n      enabled: true',
			error: 'only the stock gateway istio-ingressgateway is simulated, not "my-gw"'
		},
		{
			iop: 'kind: IstioOperator\nspec:\n  profile: remote',
			error: 'the "remote" profile is not simulated'
		},
		// docs/ambient/install/platform-prerequisites: other platforms' settings, on a kind cluster.
		{
			iop: 'kind: IstioOperator\nspec:\n  profile: openshift-ambient',
			error: 'the "openshift-ambient" profile is for OpenShift clusters'
		},
		{
			iop: 'kind: IstioOperator\nspec:\n  values:\n    global:\n      platform: gke',
			error:
				'values.global.platform=gke adapts Istio to the gke platform; the playground is a kind cluster'
		},
		{
			iop: 'kind: IstioOperator\nspec:\n  values:\n    cni:\n      cniBinDir: /opt/bin',
			error: "values.cni.cniBinDir points istio-cni at another platform's CNI directory"
		}
	])('refuses an IstioOperator it cannot honour: $error', async ({ iop, error }) => {
		await t.run(`cat > bad.yaml <<'EOF'\n${iop}\nEOF`);
		const r = await t.run('istioctl install -f bad.yaml -y');
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`Error: generate config: `);
		expect(r.stderr).toContain(error);
		expect(t.list('namespaces').some((n) => n.metadata.name === 'istio-system')).toBe(false);
	});
});

describe('istioctl upgrade', () => {
	it('turns a default install into ambient: CNI, ztunnel, HBONE metadata, the gateway pruned', async () => {
		await t.run('istioctl install -y');
		const r = await t.run('istioctl upgrade --set profile=ambient -y');
		expect(r.code).toBe(0);
		// Same version: no "being upgraded" warning.
		expect(r.stderr).not.toContain('WARNING');
		expect(progress(r.stderr)).toEqual([
			'✔ Istio core installed ⛵️',
			'✔ Istiod installed 🧠',
			'✔ CNI installed 🪢',
			'✔ Ztunnel installed 🔒',
			'✔ Installation complete'
		]);
		expect(r.stderr).toContain('enjoy Istio without sidecars!');
		expect(r.stdout).toContain(
			'  Removed apps/v1, Kind=Deployment/istio-ingressgateway.istio-system.\n'
		);
		expect(r.stdout).toContain('  Removed /v1, Kind=Service/istio-ingressgateway.istio-system.\n');
		expect(names(t.list('daemonsets', 'istio-system'))).toEqual(['istio-cni-node', 'ztunnel']);
		expect(names(t.list('deployments', 'istio-system'))).toEqual(['istiod']);
		expect(mesh()).toContain('proxyMetadata:\n    ISTIO_META_ENABLE_HBONE: "true"');
		expect(image('istiod')).toBe('docker.io/istio/pilot:1.30.3-distroless');
	});

	it('warns when the running istiod is another version (detectIstioVersionDiff)', async () => {
		await t.run('istioctl install --set profile=minimal -y');
		const istiod = (t.list('pods', 'istio-system', 'app=istiod') as Pod[])[0];
		expect(istiod).toBeDefined();
		t.p.cluster.api.patch(PODS, 'istio-system', istiod?.metadata.name ?? '', (draft) => {
			const c = (draft as Pod).spec.containers[0];
			if (c) c.image = 'docker.io/istio/pilot:1.29.2';
		});
		const r = await t.run('istioctl upgrade --set profile=minimal -y');
		expect(r.stderr).toContain(
			[
				'WARNING: Istio is being upgraded from 1.29.2 to 1.30.3.',
				'         Running this command will overwrite it; use revisions to upgrade alongside the existing version.',
				"         Before upgrading, you may wish to use 'istioctl x precheck' to check for upgrade warnings.",
				''
			].join('\n')
		);
	});

	it("is listed and described as install's alias", async () => {
		const r = await t.run('istioctl upgrade --help');
		expect(r.stdout).toContain('istioctl upgrade [flags]');
		expect(r.stdout).toContain('--skip-confirmation');
	});
});
