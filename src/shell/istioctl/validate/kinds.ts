/**
 * The Istio kinds `istioctl validate` recognises: pkg/config/schema/collections `Pilot`, found by
 * group, a version the CRD serves and kind (FindByGroupVersionAliasesKind). Each names its CRD (for
 * the schema the playground validates against) and the proto message jsonpb decodes `spec` into,
 * whose full name appears in `unknown field "x" in <message>`.
 */
export interface PilotKind {
	readonly group: string;
	readonly kind: string;
	/** `<plural>.<group>`: the key of the CRD in schemas/istio-1.30.3.json. */
	readonly crd: string;
	/** istio.io/api's message for `spec` (networking v1 and v1beta1 share the v1alpha3 protos). */
	readonly proto: string;
}

const kind = (group: string, kind: string, plural: string, proto: string): PilotKind => ({
	group,
	kind,
	crd: `${plural}.${group}`,
	proto
});

const NET = 'networking.istio.io';
const SEC = 'security.istio.io';

export const PILOT_KINDS: readonly PilotKind[] = [
	kind(NET, 'DestinationRule', 'destinationrules', 'istio.networking.v1alpha3.DestinationRule'),
	kind(NET, 'EnvoyFilter', 'envoyfilters', 'istio.networking.v1alpha3.EnvoyFilter'),
	kind(NET, 'Gateway', 'gateways', 'istio.networking.v1alpha3.Gateway'),
	kind(NET, 'ProxyConfig', 'proxyconfigs', 'istio.networking.v1beta1.ProxyConfig'),
	kind(NET, 'ServiceEntry', 'serviceentries', 'istio.networking.v1alpha3.ServiceEntry'),
	kind(NET, 'Sidecar', 'sidecars', 'istio.networking.v1alpha3.Sidecar'),
	kind(NET, 'VirtualService', 'virtualservices', 'istio.networking.v1alpha3.VirtualService'),
	kind(NET, 'WorkloadEntry', 'workloadentries', 'istio.networking.v1alpha3.WorkloadEntry'),
	kind(NET, 'WorkloadGroup', 'workloadgroups', 'istio.networking.v1alpha3.WorkloadGroup'),
	kind(
		SEC,
		'AuthorizationPolicy',
		'authorizationpolicies',
		'istio.security.v1beta1.AuthorizationPolicy'
	),
	kind(
		SEC,
		'PeerAuthentication',
		'peerauthentications',
		'istio.security.v1beta1.PeerAuthentication'
	),
	kind(
		SEC,
		'RequestAuthentication',
		'requestauthentications',
		'istio.security.v1beta1.RequestAuthentication'
	),
	kind('telemetry.istio.io', 'Telemetry', 'telemetries', 'istio.telemetry.v1alpha1.Telemetry'),
	kind(
		'extensions.istio.io',
		'TrafficExtension',
		'trafficextensions',
		'istio.extensions.v1alpha1.TrafficExtension'
	),
	kind('extensions.istio.io', 'WasmPlugin', 'wasmplugins', 'istio.extensions.v1alpha1.WasmPlugin')
];

/** The Pilot kind of `apiVersion`/`kind`, if the group and kind are one (the version is checked by the caller). */
export function pilotKind(apiVersion: string, kindName: string): PilotKind | undefined {
	const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
	return PILOT_KINDS.find((k) => k.group === group && k.kind === kindName);
}
