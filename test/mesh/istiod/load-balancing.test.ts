/**
 * The LoadBalancing istiod gives each Service, as pilot/pkg/serviceregistry/ambient/services.go
 * constructService and pilot/pkg/model/service.go GetTrafficDistribution decide it.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Service } from '../../../src/mesh/api/objects.ts';
import { serviceLoadBalancing } from '../../../src/mesh/istiod/load-balancing.ts';

const ANNOTATION = 'networking.istio.io/traffic-distribution';
const META = { uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' };
const svc = (spec: Record<string, unknown> = {}, annotation?: string): Service => ({
	apiVersion: 'v1',
	kind: 'Service',
	metadata: {
		name: 's',
		namespace: 'ns',
		...META,
		...(annotation ? { annotations: { [ANNOTATION]: annotation } } : {})
	},
	spec: { ports: [{ port: 80 }], ...spec }
});
const ns = (annotation?: string): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Namespace',
	metadata: {
		name: 'ns',
		...META,
		...(annotation ? { annotations: { [ANNOTATION]: annotation } } : {})
	}
});

const ZONE = { routingPreference: ['NETWORK', 'REGION', 'ZONE'], mode: 'FAILOVER' };
const NODE = {
	routingPreference: ['NETWORK', 'REGION', 'ZONE', 'SUBZONE', 'NODE'],
	mode: 'FAILOVER'
};

describe('serviceLoadBalancing', () => {
	it.each([
		['nothing set', svc(), ns(), undefined],
		['the annotation, PreferSameNode', svc({}, 'PreferSameNode'), ns(), NODE],
		['the annotation, any case', svc({}, 'prefersamezone'), ns(), ZONE],
		['the deprecated PreferClose', svc({}, 'PreferClose'), ns(), ZONE],
		['an unknown annotation value (any)', svc({}, 'Nearest'), ns('PreferSameNode'), undefined],
		['the namespace annotation, inherited', svc(), ns('PreferSameNode'), NODE],
		[
			'the Service annotation over the namespace',
			svc({}, 'PreferSameZone'),
			ns('PreferSameNode'),
			ZONE
		],
		[
			'spec.trafficDistribution over the annotation',
			svc({ trafficDistribution: 'PreferClose' }, 'PreferSameNode'),
			ns(),
			ZONE
		],
		[
			'internalTrafficPolicy Local over everything',
			svc({ internalTrafficPolicy: 'Local', trafficDistribution: 'PreferClose' }),
			ns(),
			{ routingPreference: ['NODE'], mode: 'STRICT' }
		],
		[
			'publishNotReadyAddresses alone',
			svc({ publishNotReadyAddresses: true }),
			ns(),
			{ routingPreference: [], mode: 'STANDARD', healthPolicy: 'ALLOW_ALL' }
		],
		[
			'publishNotReadyAddresses with a preference',
			svc({ publishNotReadyAddresses: true }, 'PreferSameNode'),
			ns(),
			{ ...NODE, healthPolicy: 'ALLOW_ALL' }
		]
	])('%s', (_name, service, namespace, want) => {
		expect(serviceLoadBalancing(service, namespace)).toEqual(want);
	});
});
