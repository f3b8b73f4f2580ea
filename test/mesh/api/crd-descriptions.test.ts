/**
 * The descriptions of the CRDs the playground installs come back for `kubectl explain`, and only
 * for the schemas it installed. Expected texts are upstream's: istio/istio 1.30.3
 * manifests/charts/base/files/crd-all.gen.yaml and kubernetes-sigs/gateway-api v1.4.0
 * config/crd/standard/gateway.networking.k8s.io_httproutes.yaml.
 */
import { describe, expect, it } from 'vitest';
import { describedCrdSchema } from '../../../src/mesh/api/crd-descriptions.ts';
import { clone } from '../../../src/mesh/api/deep.ts';
import { loadCrdSchemas } from '../../../src/mesh/api/schemas/index.ts';

type Node = Record<string, unknown>;
const at = (schema: Node, ...path: string[]): Node =>
	path.reduce<Node>(
		(node, key) => (key === '[]' ? node['items'] : (node['properties'] as Node)[key]) as Node,
		schema
	);

describe('describedCrdSchema', () => {
	it("puts back an installed Istio CRD's descriptions, for every served version", async () => {
		const stored = (await loadCrdSchemas('istio-1.30.3'))[
			'authorizationpolicies.security.istio.io'
		];
		for (const version of ['v1', 'v1beta1']) {
			const schema = clone(stored?.[version] as Node);
			const described = await describedCrdSchema(
				'authorizationpolicies.security.istio.io',
				'security.istio.io',
				version,
				schema
			);
			expect(at(described, 'spec')['description']).toBe(
				'Configuration for access control on workloads. See more details at: https://istio.io/docs/reference/config/security/authorization-policy.html'
			);
			expect(at(described, 'spec', 'action')['description']).toBe(
				'Optional.\n\nValid Options: ALLOW, DENY, AUDIT, CUSTOM'
			);
			expect(
				at(described, 'spec', 'rules', '[]', 'from', '[]', 'source', 'principals')['description']
			).toBe('Optional.');
			// The stored copy is left as it was.
			expect(at(schema, 'spec')['description']).toBeUndefined();
		}
	});

	it('puts back a Gateway API CRD of the standard channel', async () => {
		const stored = (await loadCrdSchemas('gateway-api-v1.4.0-standard'))[
			'httproutes.gateway.networking.k8s.io'
		];
		const described = await describedCrdSchema(
			'httproutes.gateway.networking.k8s.io',
			'gateway.networking.k8s.io',
			'v1',
			clone(stored?.['v1'] as Node)
		);
		expect(described['description']).toBe(
			'HTTPRoute provides a way to route HTTP requests. This includes the capability\n' +
				'to match requests by hostname, path, header, or query param. Filters can be\n' +
				'used to specify additional processing steps. Backends specify where matching\n' +
				'requests should be routed.'
		);
	});

	it('leaves a CRD a learner applied under the same name as it says itself', async () => {
		const own = { type: 'object', properties: { spec: { type: 'object' } } };
		const described = await describedCrdSchema(
			'authorizationpolicies.security.istio.io',
			'security.istio.io',
			'v1',
			own
		);
		expect(described).toBe(own);
	});

	it('leaves a CRD of another group alone', async () => {
		const own = { type: 'object', description: 'mine' };
		expect(await describedCrdSchema('widgets.example.com', 'example.com', 'v1', own)).toBe(own);
	});
});
