/**
 * Which WasmPlugins a Gateway's proxy gets (pilot/pkg/model/policyattachment.go: `targetRefs`
 * name the Gateway in the plugin's own namespace, or a Service the waypoint serves), as Istio's
 * "Extend waypoints with WebAssembly plugins" page attaches them.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { wasmPluginsFor } from '../../../src/mesh/istiod/waypoints-wasm.ts';
import type { Service } from '../../../src/mesh/xds/workload-api.ts';

const plugin = (name: string, namespace: string, targetRefs: unknown[]): KubeObject =>
	({
		apiVersion: 'extensions.istio.io/v1alpha1',
		kind: 'WasmPlugin',
		metadata: { name, namespace },
		spec: { url: 'oci://x', phase: 'AUTHN', pluginConfig: { a: 1 }, targetRefs }
	}) as unknown as KubeObject;
const gatewayRef = (name: string) => ({
	kind: 'Gateway',
	group: 'gateway.networking.k8s.io',
	name
});
const reviews = {
	name: 'reviews',
	namespace: 'default',
	hostname: 'reviews.default.svc.cluster.local'
} as Service;

describe('wasmPluginsFor', () => {
	it.each([
		{
			name: 'a plugin naming the Gateway attaches to the whole proxy',
			plugins: [plugin('p', 'default', [gatewayRef('waypoint')])],
			expected: [{ name: 'default/p', url: 'oci://x', phase: 'AUTHN', pluginConfig: { a: 1 } }]
		},
		{
			name: 'another Gateway’s plugin does not',
			plugins: [plugin('p', 'default', [gatewayRef('bookinfo-gateway')])],
			expected: []
		},
		{
			name: 'a Gateway of the same name in another namespace is another Gateway',
			plugins: [plugin('p', 'other', [gatewayRef('waypoint')])],
			expected: []
		},
		{
			name: 'a plugin naming a served Service runs for that Service only',
			plugins: [plugin('p', 'default', [{ kind: 'Service', group: '', name: 'reviews' }])],
			expected: [
				{
					name: 'default/p',
					url: 'oci://x',
					phase: 'AUTHN',
					pluginConfig: { a: 1 },
					service: 'reviews.default.svc.cluster.local'
				}
			]
		},
		{
			name: 'a Service this waypoint does not serve is not attached',
			plugins: [plugin('p', 'default', [{ kind: 'Service', group: '', name: 'ratings' }])],
			expected: []
		}
	])('$name', ({ plugins, expected }) => {
		expect(wasmPluginsFor({ name: 'waypoint', namespace: 'default' }, [reviews], plugins)).toEqual(
			expected
		);
	});
});
