/**
 * `kubectl kustomize` for the Gateway API boilerplate of Istio's docs (istio.io
 * content/en/boilerplates/gateway-api-install-crds.md): the kustomization at
 * kubernetes-sigs/gateway-api config/crd (standard channel) builds the same CRDs as the release's
 * standard-install.yaml (`make generate` runs kustomize over it), printed without comments and
 * separated by `---`; the output applies with `kubectl apply -f -`.
 */
import { describe, expect, it } from 'vitest';
import { applyVerb } from '../../../src/shell/kubectl/apply.ts';
import { kustomizeOutput, kustomizeVerb } from '../../../src/shell/kubectl/kustomize.ts';
import type { KubectlVerb } from '../../../src/shell/kubectl/verb.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import { createVfs } from '../../../src/shell/vfs-impl.ts';
import {
	captureIO,
	FakeCluster,
	fakeContext,
	realApi,
	type Captured
} from '../../support/fake-write-api.ts';

function setup() {
	const api = realApi();
	const ctx = fakeContext(new FakeCluster(api), createVfs(SAMPLE_FILES));
	return async (verb: KubectlVerb, argv: string[], stdin = ''): Promise<Captured> => {
		const { io, out } = captureIO(stdin);
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
}

const STANDARD = 'github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0';

describe('kubectl kustomize', () => {
	it('drops comment headers and keeps one --- between documents', () => {
		expect(kustomizeOutput('# head\n#\n---\n#\n# a.yaml\n#\nkind: A\n---\n# b\nkind: B\n')).toBe(
			'kind: A\n---\nkind: B\n'
		);
	});

	it("builds the Gateway API's standard CRDs, which apply as the boilerplate pipes them", async () => {
		const run = setup();
		const built = await run(kustomizeVerb, [STANDARD]);
		expect(built.code).toBe(0);
		expect(built.stdout).not.toMatch(/^#/m);
		const applied = await run(applyVerb, ['-f', '-'], built.stdout);
		expect(applied.stdout.split('\n').filter(Boolean)).toEqual(
			[
				'backendtlspolicies',
				'gatewayclasses',
				'gateways',
				'grpcroutes',
				'httproutes',
				'referencegrants'
			].map(
				(p) =>
					`customresourcedefinition.apiextensions.k8s.io/${p}.gateway.networking.k8s.io created`
			)
		);
	});

	it.each([
		[
			['samples'],
			"error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory 'samples'\n"
		],
		[
			['github.com/kubernetes-sigs/gateway-api/config/crd?ref=v0.5.0'],
			/^error: Mesh Playground builds only the Gateway API CRD kustomizations Istio's docs use/
		]
	])('%j fails with a clear error', async (argv, message) => {
		const out = await setup()(kustomizeVerb, argv);
		expect(out.code).toBe(1);
		expect(out.stdout).toBe('');
		if (typeof message === 'string') expect(out.stderr).toBe(message);
		else expect(out.stderr).toMatch(message);
	});
});
