/**
 * Which proxies write Envoy access logs, per Istio's Telemetry API (pilot/pkg/model/telemetry.go
 * applicableTelemetries: root namespace, then the proxy's namespace, then selecting Telemetries;
 * mergeLogs: a later scope overrides, `disabled` turns a provider off; no mesh default provider
 * in the ambient profile).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { envoyAccessLogging, type TelemetryProxy } from '../../../src/mesh/istiod/telemetry.ts';

const telemetry = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject =>
	({
		apiVersion: 'telemetry.istio.io/v1',
		kind: 'Telemetry',
		metadata: { namespace, name },
		spec
	}) as unknown as KubeObject;
const envoy = { accessLogging: [{ providers: [{ name: 'envoy' }] }] };
const off = { accessLogging: [{ disabled: true }] };

const waypoint: TelemetryProxy = { namespace: 'default', gateway: 'waypoint' };
const sidecar: TelemetryProxy = { namespace: 'shop', labels: { app: 'curl' } };

const cases: { name: string; proxy: TelemetryProxy; telemetries: KubeObject[]; on: boolean }[] = [
	{ name: 'nothing configured: off', proxy: waypoint, telemetries: [], on: false },
	{
		name: 'mesh-wide in the root namespace',
		proxy: sidecar,
		telemetries: [telemetry('istio-system', 'mesh-default', envoy)],
		on: true
	},
	{
		name: 'another namespace only: off',
		proxy: sidecar,
		telemetries: [telemetry('default', 'ns', envoy)],
		on: false
	},
	{
		name: 'namespace-wide disabled overrides the mesh default',
		proxy: waypoint,
		telemetries: [
			telemetry('istio-system', 'mesh-default', envoy),
			telemetry('default', 'quiet', off)
		],
		on: false
	},
	{
		name: 'targetRefs to the waypoint turns it on',
		proxy: waypoint,
		telemetries: [
			telemetry('default', 'wp', {
				targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
				...envoy
			})
		],
		on: true
	},
	{
		name: 'a selector does not attach to a waypoint (IST0166: use targetRefs)',
		proxy: waypoint,
		telemetries: [
			telemetry('default', 'sel', {
				selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } },
				...envoy
			})
		],
		on: false
	},
	{
		name: 'a selector matching the sidecar pod',
		proxy: sidecar,
		telemetries: [
			telemetry('shop', 'curl', { selector: { matchLabels: { app: 'curl' } }, ...envoy })
		],
		on: true
	},
	{
		name: 'disabled on the workload beats the namespace',
		proxy: sidecar,
		telemetries: [
			telemetry('shop', 'ns', envoy),
			telemetry('shop', 'curl', { selector: { matchLabels: { app: 'curl' } }, ...off })
		],
		on: false
	},
	{
		name: 'a provider other than envoy does not log to stdout',
		proxy: sidecar,
		telemetries: [
			telemetry('istio-system', 'mesh-default', {
				accessLogging: [{ providers: [{ name: 'otel' }] }]
			})
		],
		on: false
	}
];

describe('envoyAccessLogging', () => {
	it.each(cases)('$name', ({ proxy, telemetries, on }) => {
		expect(envoyAccessLogging(proxy, telemetries, 'istio-system')).toBe(on);
	});
});
