/**
 * The Gateway API release bundles the docs install with
 * `kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/…`:
 * v1.4.0 `standard-install.yaml` (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant,
 * BackendTLSPolicy) and v1.5.0 `experimental-install.yaml` (Istio's ambient getting-started).
 * Names, scope, versions, short names, annotations and printer columns are the release's
 * (kubernetes-sigs/gateway-api config/crd/*); the OpenAPI schemas are the release's too, without
 * their descriptions (src/mesh/api/schemas). This module and the schemas load when a bundle is
 * first fetched (remote-files.ts), not with the page.
 */
import { stringify } from 'yaml';
import {
	loadCrdSchemas,
	type CrdSchemaBundle,
	type CrdSchemas
} from '../../mesh/api/schemas/index.ts';
import { GATEWAY_API_EXPERIMENTAL_URL, GATEWAY_API_STANDARD_URL } from './remote-files.ts';

type Channel = 'standard' | 'experimental';

interface GatewayCrd {
	readonly group: string;
	readonly kind: string;
	readonly plural: string;
	readonly shortNames: readonly string[];
	readonly scope: 'Namespaced' | 'Cluster';
	/** Served versions, storage version marked with `*`. */
	readonly versions: readonly string[];
	readonly columns: readonly (readonly [string, string, string, number?])[];
}

const GROUP = 'gateway.networking.k8s.io';
const X_GROUP = 'gateway.networking.x-k8s.io';
const AGE: readonly [string, string, string] = ['Age', 'date', '.metadata.creationTimestamp'];

const GATEWAY_CLASS: GatewayCrd = {
	group: GROUP,
	kind: 'GatewayClass',
	plural: 'gatewayclasses',
	shortNames: ['gc'],
	scope: 'Cluster',
	versions: ['v1*', 'v1beta1'],
	columns: [
		['Controller', 'string', '.spec.controllerName'],
		['Accepted', 'string', '.status.conditions[?(@.type=="Accepted")].status'],
		AGE,
		['Description', 'string', '.spec.description', 1]
	]
};

const GATEWAY: GatewayCrd = {
	group: GROUP,
	kind: 'Gateway',
	plural: 'gateways',
	shortNames: ['gtw'],
	scope: 'Namespaced',
	versions: ['v1*', 'v1beta1'],
	columns: [
		['Class', 'string', '.spec.gatewayClassName'],
		['Address', 'string', '.status.addresses[*].value'],
		['Programmed', 'string', '.status.conditions[?(@.type=="Programmed")].status'],
		AGE
	]
};

const routeColumns: GatewayCrd['columns'] = [['Hostnames', 'string', '.spec.hostnames'], AGE];

const HTTP_ROUTE: GatewayCrd = {
	group: GROUP,
	kind: 'HTTPRoute',
	plural: 'httproutes',
	shortNames: [],
	scope: 'Namespaced',
	versions: ['v1*', 'v1beta1'],
	columns: routeColumns
};

const GRPC_ROUTE: GatewayCrd = {
	group: GROUP,
	kind: 'GRPCRoute',
	plural: 'grpcroutes',
	shortNames: [],
	scope: 'Namespaced',
	versions: ['v1*'],
	columns: routeColumns
};

const referenceGrant = (versions: readonly string[]): GatewayCrd => ({
	group: GROUP,
	kind: 'ReferenceGrant',
	plural: 'referencegrants',
	shortNames: ['refgrant'],
	scope: 'Namespaced',
	versions,
	columns: [AGE]
});

const BACKEND_TLS_POLICY: GatewayCrd = {
	group: GROUP,
	kind: 'BackendTLSPolicy',
	plural: 'backendtlspolicies',
	shortNames: ['btlspolicy'],
	scope: 'Namespaced',
	versions: ['v1*'],
	columns: [AGE]
};

const simple = (
	group: string,
	kind: string,
	plural: string,
	versions: readonly string[],
	shortNames: readonly string[] = []
): GatewayCrd => ({
	group,
	kind,
	plural,
	shortNames,
	scope: 'Namespaced',
	versions,
	columns: [AGE]
});

/** v1.4.0 standard channel, in the bundle's (alphabetical) order. */
const STANDARD_V1_4: readonly GatewayCrd[] = [
	BACKEND_TLS_POLICY,
	GATEWAY_CLASS,
	GATEWAY,
	GRPC_ROUTE,
	HTTP_ROUTE,
	referenceGrant(['v1beta1*'])
];

/**
 * v1.5.0 experimental channel: what `kubectl api-resources --api-group=gateway.networking.k8s.io`
 * lists after it (ListenerSet and TLSRoute at v1; TCPRoute, UDPRoute v1alpha2), plus the
 * `x-k8s.io` group's experimental kinds.
 */
const EXPERIMENTAL_V1_5: readonly GatewayCrd[] = [
	BACKEND_TLS_POLICY,
	GATEWAY_CLASS,
	GATEWAY,
	GRPC_ROUTE,
	HTTP_ROUTE,
	simple(GROUP, 'ListenerSet', 'listenersets', ['v1*'], ['lset']),
	referenceGrant(['v1*', 'v1beta1']),
	simple(GROUP, 'TCPRoute', 'tcproutes', ['v1alpha2*']),
	{ ...simple(GROUP, 'TLSRoute', 'tlsroutes', ['v1*', 'v1alpha2']), columns: routeColumns },
	simple(GROUP, 'UDPRoute', 'udproutes', ['v1alpha2*']),
	simple(
		X_GROUP,
		'XBackendTrafficPolicy',
		'xbackendtrafficpolicies',
		['v1alpha1*'],
		['xbtrafficpolicy']
	),
	simple(X_GROUP, 'XMesh', 'xmeshes', ['v1alpha1*'], ['mesh'])
];

const PRESERVE = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function crdObject(
	c: GatewayCrd,
	bundle: string,
	channel: Channel,
	schemas: CrdSchemas
): Record<string, unknown> {
	return {
		apiVersion: 'apiextensions.k8s.io/v1',
		kind: 'CustomResourceDefinition',
		metadata: {
			annotations: {
				'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/gateway-api/pull/3328',
				'gateway.networking.k8s.io/bundle-version': bundle,
				'gateway.networking.k8s.io/channel': channel
			},
			name: `${c.plural}.${c.group}`
		},
		spec: {
			group: c.group,
			names: {
				categories: ['gateway-api'],
				kind: c.kind,
				listKind: `${c.kind}List`,
				plural: c.plural,
				...(c.shortNames.length > 0 ? { shortNames: [...c.shortNames] } : {}),
				singular: c.kind.toLowerCase()
			},
			scope: c.scope,
			versions: c.versions.map((v) => ({
				additionalPrinterColumns: c.columns.map(([name, type, jsonPath, priority]) => ({
					jsonPath,
					name,
					...(priority !== undefined ? { priority } : {}),
					type
				})),
				name: v.replace('*', ''),
				schema: {
					openAPIV3Schema: schemas[`${c.plural}.${c.group}`]?.[v.replace('*', '')] ?? PRESERVE
				},
				served: true,
				storage: v.endsWith('*'),
				subresources: { status: {} }
			}))
		}
	};
}

function bundleYaml(
	crds: readonly GatewayCrd[],
	bundle: string,
	channel: Channel,
	schemas: CrdSchemas
): string {
	const title = channel === 'standard' ? 'Standard' : 'Experimental';
	let out = `# Copyright 2025 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

#
# Gateway API ${title} channel install
#
`;
	for (const c of crds) {
		out += `---\n#\n# config/crd/${channel}/${c.group}_${c.plural}.yaml\n#\n`;
		out += stringify(crdObject(c, bundle, channel, schemas), { indentSeq: false });
	}
	return out;
}

const BUNDLES: Record<string, [readonly GatewayCrd[], string, Channel, CrdSchemaBundle]> = {
	[GATEWAY_API_STANDARD_URL]: [STANDARD_V1_4, 'v1.4.0', 'standard', 'gateway-api-v1.4.0-standard'],
	[GATEWAY_API_EXPERIMENTAL_URL]: [
		EXPERIMENTAL_V1_5,
		'v1.5.0',
		'experimental',
		'gateway-api-v1.5.0-experimental'
	]
};

/** The release bundle served at `url`, or undefined for another URL. */
export async function gatewayApiBundle(url: string): Promise<string | undefined> {
	const bundle = BUNDLES[url];
	if (!bundle) return undefined;
	const [crds, version, channel, schemas] = bundle;
	return bundleYaml(crds, version, channel, await loadCrdSchemas(schemas));
}
