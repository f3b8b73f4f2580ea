/**
 * The editor's schema: one document schema that picks the kind's schema by `apiVersion` and
 * `kind` (draft-07 if/then, which yaml-language-server supports), and offers both as completions.
 */
import type { JsonSchema } from './build.ts';
import { configMap, deployment, namespace, pod, service, serviceAccount } from './core.ts';
import { gateway, httpRoute } from './gateway-api.ts';
import {
	authorizationPolicy,
	destinationRule,
	peerAuthentication,
	virtualService
} from './istio.ts';

export interface KindSchema {
	readonly apiVersion: string;
	readonly kind: string;
	readonly schema: JsonSchema;
}

export const KIND_SCHEMAS: readonly KindSchema[] = [
	{ apiVersion: 'v1', kind: 'Pod', schema: pod },
	{ apiVersion: 'apps/v1', kind: 'Deployment', schema: deployment },
	{ apiVersion: 'v1', kind: 'Service', schema: service },
	{ apiVersion: 'v1', kind: 'Namespace', schema: namespace },
	{ apiVersion: 'v1', kind: 'ServiceAccount', schema: serviceAccount },
	{ apiVersion: 'v1', kind: 'ConfigMap', schema: configMap },
	{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', schema: authorizationPolicy },
	{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', schema: peerAuthentication },
	{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', schema: virtualService },
	{ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', schema: destinationRule },
	{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', schema: gateway },
	{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', schema: httpRoute }
];

/** Older served versions select the same schema (v1beta1 and v1 differ only in status here). */
const ALSO_SERVED: Readonly<Record<string, readonly string[]>> = {
	'security.istio.io/v1': ['security.istio.io/v1beta1'],
	'networking.istio.io/v1': ['networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'],
	'gateway.networking.k8s.io/v1': ['gateway.networking.k8s.io/v1beta1']
};

const versionsOf = (apiVersion: string): string[] => [
	apiVersion,
	...(ALSO_SERVED[apiVersion] ?? [])
];

/** Which schema a document gets, by apiVersion and kind; undefined for kinds we do not describe. */
export function schemaFor(apiVersion: unknown, kind: unknown): KindSchema | undefined {
	return KIND_SCHEMAS.find(
		(k) => k.kind === kind && versionsOf(k.apiVersion).includes(String(apiVersion))
	);
}

/** The kind's schema with every served version allowed in `apiVersion`. */
function withVersions(schema: JsonSchema, versions: readonly string[]): JsonSchema {
	const properties = schema['properties'] as Record<string, JsonSchema>;
	return {
		...schema,
		properties: { ...properties, apiVersion: { type: 'string', enum: versions } }
	};
}

export const MANIFEST_SCHEMA_URI = 'https://mesh-playground.local/schemas/manifest.json';

export function manifestSchema(): JsonSchema {
	const apiVersions = [...new Set(KIND_SCHEMAS.flatMap((k) => versionsOf(k.apiVersion)))];
	return {
		$schema: 'http://json-schema.org/draft-07/schema#',
		type: 'object',
		properties: {
			apiVersion: {
				type: 'string',
				examples: apiVersions,
				description: 'Group/version of the kind.'
			},
			kind: {
				type: 'string',
				examples: KIND_SCHEMAS.map((k) => k.kind),
				description: 'What this object is.'
			}
		},
		required: ['apiVersion', 'kind'],
		allOf: KIND_SCHEMAS.map((k) => ({
			if: {
				properties: {
					kind: { const: k.kind },
					apiVersion: { enum: versionsOf(k.apiVersion) }
				},
				required: ['kind', 'apiVersion']
			},
			then: withVersions(k.schema, versionsOf(k.apiVersion))
		}))
	};
}
