import { describe, expect, it } from 'vitest';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { compareVersions } from '../../../src/mesh/api/registry.ts';
import { resourceMappingNotFound } from '../../../src/mesh/api/status-errors.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

function server() {
	const api = createApiServer({ rng: createRng(7), now: () => ms(0) });
	bootstrapApi(api);
	return api;
}

const gatewayCrd = (): KubeObject => ({
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: { name: 'gateways.gateway.networking.k8s.io' } as KubeObject['metadata'],
	spec: {
		group: 'gateway.networking.k8s.io',
		names: {
			plural: 'gateways',
			singular: 'gateway',
			kind: 'Gateway',
			listKind: 'GatewayList',
			shortNames: ['gtw']
		},
		scope: 'Namespaced',
		versions: [
			{ name: 'v1beta1', served: true, storage: false },
			{ name: 'v1', served: true, storage: true }
		]
	}
});

describe('resource registry', () => {
	it.each([
		['po', 'pods', ''],
		['pod', 'pods', ''],
		['pods', 'pods', ''],
		['Pod', 'pods', ''],
		['PODS', 'pods', ''],
		['svc', 'services', ''],
		['service', 'services', ''],
		['ns', 'namespaces', ''],
		['no', 'nodes', ''],
		['node', 'nodes', ''],
		['sa', 'serviceaccounts', ''],
		['cm', 'configmaps', ''],
		['ep', 'endpoints', ''],
		['endpoints', 'endpoints', ''],
		['secret', 'secrets', ''],
		['deploy', 'deployments', 'apps'],
		['deployment', 'deployments', 'apps'],
		['Deployment', 'deployments', 'apps'],
		['deployments.apps', 'deployments', 'apps'],
		['deployments.v1.apps', 'deployments', 'apps'],
		['rs', 'replicasets', 'apps'],
		['replicasets.apps', 'replicasets', 'apps'],
		['crd', 'customresourcedefinitions', 'apiextensions.k8s.io'],
		['crds', 'customresourcedefinitions', 'apiextensions.k8s.io'],
		[
			'customresourcedefinitions.apiextensions.k8s.io',
			'customresourcedefinitions',
			'apiextensions.k8s.io'
		]
	])('%s resolves to %s.%s', (typed, plural, group) => {
		const t = server().resolve(typed);
		expect(t?.plural).toBe(plural);
		expect(t?.group).toBe(group);
	});

	it.each(['foo', 'gateways', 'gtw', 'deployments.core', 'pods.apps', ''])(
		'%s does not resolve',
		(typed) => {
			expect(server().resolve(typed)).toBeUndefined();
		}
	);

	it.each([
		['v1', 'Pod', 'pods'],
		['apps/v1', 'Deployment', 'deployments'],
		['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions']
	])('resourceFor(%s, %s) is %s', (apiVersion, kind, plural) => {
		expect(server().resourceFor(apiVersion, kind)?.plural).toBe(plural);
	});

	it.each([
		['v1', 'Deployment'],
		['apps/v1beta1', 'Deployment'],
		['v1', 'pod'],
		['gateway.networking.k8s.io/v1', 'Gateway']
	])('resourceFor(%s, %s) is undefined', (apiVersion, kind) => {
		expect(server().resourceFor(apiVersion, kind)).toBeUndefined();
	});

	it('an unknown kind in a manifest is a client-side no-match error with kubectl wording', () => {
		const r = server().create({
			apiVersion: 'v1',
			kind: 'Foo',
			metadata: { name: 'x' } as KubeObject['metadata']
		});
		expect(r).toMatchObject({
			clientSide: true,
			message: 'no matches for kind "Foo" in version "v1"'
		});
		expect(resourceMappingNotFound('x', '', 'STDIN', 'v1', 'Foo').message).toBe(
			'resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first'
		);
	});

	it('a CRD registers its kind on create and unregisters it (and its objects) on delete', () => {
		const api = server();
		expect(api.resolve('gtw')).toBeUndefined();
		expect(isApiError(api.create(gatewayCrd()))).toBe(false);
		for (const typed of [
			'gtw',
			'gateway',
			'gateways',
			'Gateway',
			'gateways.gateway.networking.k8s.io'
		])
			expect(api.resolve(typed)).toMatchObject({
				kind: 'Gateway',
				group: 'gateway.networking.k8s.io',
				version: 'v1',
				namespaced: true
			});
		expect(api.resourceFor('gateway.networking.k8s.io/v1beta1', 'Gateway')?.plural).toBe(
			'gateways'
		);
		const gw = api.create({
			apiVersion: 'gateway.networking.k8s.io/v1',
			kind: 'Gateway',
			metadata: { name: 'waypoint' } as KubeObject['metadata'],
			spec: {
				gatewayClassName: 'istio-waypoint',
				listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }]
			}
		});
		expect(isApiError(gw)).toBe(false);
		expect(api.resources().some((r) => r.kind === 'Gateway')).toBe(true);
		const crd = api.resolve('crd');
		if (!crd) throw new Error('crd kind missing');
		const listed = api.get(crd, undefined, 'gateways.gateway.networking.k8s.io');
		expect((listed as KubeObject).status).toMatchObject({
			conditions: [{ type: 'NamesAccepted' }, { type: 'Established', status: 'True' }]
		});
		api.delete(crd, undefined, 'gateways.gateway.networking.k8s.io');
		expect(api.resolve('gtw')).toBeUndefined();
		expect(api.resourceFor('gateway.networking.k8s.io/v1', 'Gateway')).toBeUndefined();
		// Re-registering shows no leftover objects.
		api.create(gatewayCrd());
		const gtw = api.resolve('gtw');
		if (!gtw) throw new Error('gtw missing');
		expect(api.list(gtw)).toEqual([]);
	});

	it('a CRD with a name that is not plural.group is Invalid and registers nothing', () => {
		const api = server();
		const bad = gatewayCrd();
		bad.metadata.name = 'gateways';
		const r = api.create(bad);
		expect(isApiError(r) && r.message).toBe(
			'The CustomResourceDefinition "gateways" is invalid: metadata.name: Invalid value: "gateways": must be spec.names.plural+"."+spec.group'
		);
		expect(api.resolve('gtw')).toBeUndefined();
	});

	it('orders versions the kube way', () => {
		expect(['v1alpha3', 'v1beta1', 'v2', 'v1', 'v1alpha1'].sort(compareVersions)).toEqual([
			'v2',
			'v1',
			'v1beta1',
			'v1alpha3',
			'v1alpha1'
		]);
	});
});
