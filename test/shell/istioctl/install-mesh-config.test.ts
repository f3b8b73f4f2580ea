/**
 * istioctl 1.30.3 checks an install's meshConfig strictly against MeshConfig before anything else
 * (istio/istio operator/pkg/apis/validation/validation.go validateMeshConfig, ApplyYAMLStrict;
 * the field list is istio/api v1.30.3 mesh/v1alpha1/config.proto): a field 1.30.3 does not have
 * is jsonpb's unknown-field error, in a file or a --set; a known field the playground does not
 * simulate keeps its note.
 */
import { describe, expect, it } from 'vitest';
import { installPlan } from '../../../src/shell/istioctl/install-config.ts';

const iop = (meshConfig: string) => ({
	name: 'iop.yaml',
	text: `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n${meshConfig}`
});

describe('install meshConfig fields', () => {
	it.each([
		{
			name: "1.31's serviceEntryVisibility in a file (istio.io serviceentry-visibility page)",
			files: [iop('    serviceEntryVisibility:\n      defaultVisibility: NAMESPACE\n')],
			sets: [],
			error:
				'failed to unmarshall mesh config: unknown field "serviceEntryVisibility" in v1alpha1.MeshConfig'
		},
		{
			name: 'the same through --set',
			files: [],
			sets: ['meshConfig.serviceEntryVisibility.defaultVisibility=NAMESPACE'],
			error:
				'failed to unmarshall mesh config: unknown field "serviceEntryVisibility" in v1alpha1.MeshConfig'
		},
		{
			name: 'a made-up field (the validation test in istio/istio)',
			files: [iop('    foo: bar\n')],
			sets: [],
			error: 'failed to unmarshall mesh config: unknown field "foo" in v1alpha1.MeshConfig'
		},
		{
			name: 'a 1.30.3 field the playground does not simulate keeps its note',
			files: [iop('    enableTracing: true\n')],
			sets: [],
			error:
				'spec.meshConfig.enableTracing is not simulated (of meshConfig, only accessLogFile and defaultConfig.gatewayTopology.numTrustedProxies can be set)'
		},
		{
			name: "agentgateway's switch says what is missing",
			files: [],
			sets: ['values.pilot.env.PILOT_ENABLE_AGENTGATEWAY=true'],
			error:
				'--set values.pilot.env.PILOT_ENABLE_AGENTGATEWAY is not simulated: Mesh Playground has no agentgateway data plane (istiod registers no istio-agentgateway GatewayClass)'
		},
		{
			name: 'the proto name of a known field is not unknown',
			files: [],
			sets: ['meshConfig.enable_tracing=true'],
			error: expect.stringContaining('--set meshConfig.enable_tracing is not simulated')
		}
	])('$name', ({ files, sets, error }) => {
		expect(installPlan(files, sets)).toEqual({ error });
	});

	// The network-topologies page's topology.yaml (docs/ops/configuration/traffic-management/
	// network-topologies): ProxyConfig's gatewayTopology (mesh/v1alpha1/proxy.proto Topology).
	it.each([
		[
			'in a file',
			[iop('    defaultConfig:\n      gatewayTopology:\n        numTrustedProxies: 2\n')],
			[]
		],
		['through --set', [], ['meshConfig.defaultConfig.gatewayTopology.numTrustedProxies=2']]
	])('numTrustedProxies %s reaches the mesh config', (_, files, sets) => {
		const plan = installPlan(files, sets);
		expect('error' in plan ? plan.error : plan.values.numTrustedProxies).toBe(2);
	});

	it.each([
		{
			name: 'forwardClientCertDetails is not simulated',
			text: '    defaultConfig:\n      gatewayTopology:\n        forwardClientCertDetails: SANITIZE\n',
			error:
				'spec.meshConfig.defaultConfig.gatewayTopology.forwardClientCertDetails is not simulated (of meshConfig.defaultConfig, only gatewayTopology.numTrustedProxies can be set)'
		},
		{
			name: 'another ProxyConfig field is not simulated',
			text: '    defaultConfig:\n      holdApplicationUntilProxyStarts: true\n',
			error:
				'spec.meshConfig.defaultConfig.holdApplicationUntilProxyStarts is not simulated (of meshConfig.defaultConfig, only gatewayTopology.numTrustedProxies can be set)'
		},
		{
			name: 'numTrustedProxies is a uint32',
			text: '    defaultConfig:\n      gatewayTopology:\n        numTrustedProxies: -1\n',
			error: 'failed to unmarshall mesh config: bad value for numTrustedProxies: -1'
		}
	])('$name', ({ text, error }) => {
		expect(installPlan([iop(text)], [])).toEqual({ error });
	});

	it('accessLogFile still installs', () => {
		expect(installPlan([iop('    accessLogFile: /dev/stdout\n')], [])).not.toHaveProperty('error');
	});
});

describe('istiod env through --set (the Gateway API experimental boilerplate)', () => {
	it('values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API reaches the istiod values', () => {
		const plan = installPlan(
			[],
			['values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API=true', 'profile=ambient']
		);
		expect('error' in plan ? plan.error : plan.values.multicluster?.pilotEnv).toEqual([
			{ name: 'PILOT_ENABLE_ALPHA_GATEWAY_API', value: 'true' }
		]);
	});
});
