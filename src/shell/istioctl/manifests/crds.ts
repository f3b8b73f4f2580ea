/**
 * The CustomResourceDefinitions the `base` chart installs ("Istio core"): names, scope, versions
 * and printer columns of istio/istio 1.30.3 `manifests/charts/base/files/crd-all.gen.yaml`, with
 * its OpenAPI schemas (descriptions stripped; src/mesh/api/schemas, loaded on demand).
 * Gateway API CRDs are not here: they are installed separately, as the docs do.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import type { CrdSchemas } from '../../../mesh/api/schemas/index.ts';
import { objectMeta, ownerLabels } from './labels.ts';

interface CrdRow {
	readonly group: string;
	readonly kind: string;
	readonly plural: string;
	readonly shortNames: readonly string[];
	/** The chart's `istio:` label (security, telemetry), when it sets one. */
	readonly istioLabel: string | undefined;
	/** Served versions; the storage version ends in `*`. */
	readonly versions: readonly string[];
	/** additionalPrinterColumns: name, type, jsonPath. */
	readonly columns: readonly (readonly [string, string, string])[];
}

const ROWS: readonly CrdRow[] = [
	{
		group: 'extensions.istio.io',
		kind: 'TrafficExtension',
		plural: 'trafficextensions',
		shortNames: [],
		istioLabel: undefined,
		versions: ['v1alpha1*'],
		columns: [['Age', 'date', '.metadata.creationTimestamp']]
	},
	{
		group: 'extensions.istio.io',
		kind: 'WasmPlugin',
		plural: 'wasmplugins',
		shortNames: [],
		istioLabel: undefined,
		versions: ['v1alpha1*'],
		columns: [['Age', 'date', '.metadata.creationTimestamp']]
	},
	{
		group: 'networking.istio.io',
		kind: 'DestinationRule',
		plural: 'destinationrules',
		shortNames: ['dr'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: [
			['Host', 'string', '.spec.host'],
			['Age', 'date', '.metadata.creationTimestamp']
		]
	},
	{
		group: 'networking.istio.io',
		kind: 'EnvoyFilter',
		plural: 'envoyfilters',
		shortNames: [],
		istioLabel: undefined,
		versions: ['v1alpha3*'],
		columns: []
	},
	{
		group: 'networking.istio.io',
		kind: 'Gateway',
		plural: 'gateways',
		shortNames: ['gw'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: []
	},
	{
		group: 'networking.istio.io',
		kind: 'ProxyConfig',
		plural: 'proxyconfigs',
		shortNames: [],
		istioLabel: undefined,
		versions: ['v1beta1*'],
		columns: []
	},
	{
		group: 'networking.istio.io',
		kind: 'ServiceEntry',
		plural: 'serviceentries',
		shortNames: ['se'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: [
			['Hosts', 'string', '.spec.hosts'],
			['Location', 'string', '.spec.location'],
			['Resolution', 'string', '.spec.resolution'],
			['Age', 'date', '.metadata.creationTimestamp']
		]
	},
	{
		group: 'networking.istio.io',
		kind: 'Sidecar',
		plural: 'sidecars',
		shortNames: [],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: []
	},
	{
		group: 'networking.istio.io',
		kind: 'VirtualService',
		plural: 'virtualservices',
		shortNames: ['vs'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: [
			['Gateways', 'string', '.spec.gateways'],
			['Hosts', 'string', '.spec.hosts'],
			['Age', 'date', '.metadata.creationTimestamp']
		]
	},
	{
		group: 'networking.istio.io',
		kind: 'WorkloadEntry',
		plural: 'workloadentries',
		shortNames: ['we'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: [
			['Age', 'date', '.metadata.creationTimestamp'],
			['Address', 'string', '.spec.address']
		]
	},
	{
		group: 'networking.istio.io',
		kind: 'WorkloadGroup',
		plural: 'workloadgroups',
		shortNames: ['wg'],
		istioLabel: undefined,
		versions: ['v1*', 'v1alpha3', 'v1beta1'],
		columns: [['Age', 'date', '.metadata.creationTimestamp']]
	},
	{
		group: 'security.istio.io',
		kind: 'AuthorizationPolicy',
		plural: 'authorizationpolicies',
		shortNames: ['ap'],
		istioLabel: 'security',
		versions: ['v1*', 'v1beta1'],
		columns: [
			['Action', 'string', '.spec.action'],
			['Age', 'date', '.metadata.creationTimestamp']
		]
	},
	{
		group: 'security.istio.io',
		kind: 'PeerAuthentication',
		plural: 'peerauthentications',
		shortNames: ['pa'],
		istioLabel: 'security',
		versions: ['v1*', 'v1beta1'],
		columns: [
			['Mode', 'string', '.spec.mtls.mode'],
			['Age', 'date', '.metadata.creationTimestamp']
		]
	},
	{
		group: 'security.istio.io',
		kind: 'RequestAuthentication',
		plural: 'requestauthentications',
		shortNames: ['ra'],
		istioLabel: 'security',
		versions: ['v1*', 'v1beta1'],
		columns: []
	},
	{
		group: 'telemetry.istio.io',
		kind: 'Telemetry',
		plural: 'telemetries',
		shortNames: ['telemetry'],
		istioLabel: 'telemetry',
		versions: ['v1', 'v1alpha1*'],
		columns: [['Age', 'date', '.metadata.creationTimestamp']]
	}
];

/** crd-all.gen.yaml annotates every CRD so `helm uninstall` of `base` keeps it. */
const withKeep = (meta: KubeObject['metadata']): KubeObject['metadata'] => ({
	...meta,
	annotations: { 'helm.sh/resource-policy': 'keep' }
});

const PRESERVE = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

export function istioCrds(schemas: CrdSchemas): KubeObject[] {
	return ROWS.map((r) => ({
		apiVersion: 'apiextensions.k8s.io/v1',
		kind: 'CustomResourceDefinition',
		metadata: withKeep(
			objectMeta(
				`${r.plural}.${r.group}`,
				{
					app: 'istio-pilot',
					chart: 'istio',
					heritage: 'Tiller',
					...(r.istioLabel ? { istio: r.istioLabel } : {}),
					release: 'istio',
					...ownerLabels('Base')
				},
				undefined
			)
		),
		spec: {
			group: r.group,
			names: {
				categories: ['istio-io', r.group.replace(/\./g, '-')],
				kind: r.kind,
				listKind: `${r.kind}List`,
				plural: r.plural,
				...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
				singular: r.kind.toLowerCase()
			},
			scope: 'Namespaced',
			versions: r.versions.map((v) => ({
				name: v.replace('*', ''),
				served: true,
				storage: v.endsWith('*'),
				...(r.columns.length > 0
					? {
							additionalPrinterColumns: r.columns.map(([name, type, jsonPath]) => ({
								name,
								type,
								jsonPath
							}))
						}
					: {}),
				schema: {
					openAPIV3Schema: schemas[`${r.plural}.${r.group}`]?.[v.replace('*', '')] ?? PRESERVE
				},
				subresources: { status: {} }
			}))
		}
	}));
}
