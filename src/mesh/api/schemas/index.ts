/**
 * The OpenAPI schemas of the CRDs the playground installs, loaded on demand: they are data
 * (hundreds of KB) that only `istioctl install` and the Gateway API bundles need, so they stay out
 * of the page's first download. Re-create them with `scripts/import-crd-schemas.ts` (sources:
 * istio/istio 1.30.3 crd-all.gen.yaml, kubernetes-sigs/gateway-api v1.4.0 standard and v1.5.0
 * experimental config/crd).
 */
import type { CrdDescriptions, CrdSchemas } from './types.ts';

export type CrdSchemaBundle =
	'istio-1.30.3' | 'gateway-api-v1.4.0-standard' | 'gateway-api-v1.5.0-experimental';

export async function loadCrdSchemas(bundle: CrdSchemaBundle): Promise<CrdSchemas> {
	switch (bundle) {
		case 'istio-1.30.3':
			return (await import('./istio-1.30.3.json')).default as unknown as CrdSchemas;
		case 'gateway-api-v1.4.0-standard':
			return (await import('./gateway-api-v1.4.0-standard.json')).default as unknown as CrdSchemas;
		case 'gateway-api-v1.5.0-experimental':
			return (await import('./gateway-api-v1.5.0-experimental.json'))
				.default as unknown as CrdSchemas;
	}
}

/** The descriptions the bundle's schemas were stripped of (only `kubectl explain` reads them). */
export async function loadCrdDescriptions(bundle: CrdSchemaBundle): Promise<CrdDescriptions> {
	switch (bundle) {
		case 'istio-1.30.3':
			return (await import('./descriptions/istio-1.30.3.json')).default as CrdDescriptions;
		case 'gateway-api-v1.4.0-standard':
			return (await import('./descriptions/gateway-api-v1.4.0-standard.json'))
				.default as CrdDescriptions;
		case 'gateway-api-v1.5.0-experimental':
			return (await import('./descriptions/gateway-api-v1.5.0-experimental.json'))
				.default as CrdDescriptions;
	}
}

export type { CrdDescriptions, CrdSchemas, DescriptionTree, JsonSchemaProps } from './types.ts';
