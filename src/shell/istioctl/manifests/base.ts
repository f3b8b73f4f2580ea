/** The `base` chart ("Istio core"): Istio's CRDs and the reader ServiceAccount. */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { loadCrdSchemas } from '../../../mesh/api/schemas/index.ts';
import { istioCrds } from './crds.ts';
import { chartLabels, objectMeta, ownerLabels } from './labels.ts';

export async function baseObjects(): Promise<KubeObject[]> {
	return [
		...istioCrds(await loadCrdSchemas('istio-1.30.3')),
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: objectMeta('istio-reader-service-account', {
				app: 'istio-reader',
				release: 'base',
				...chartLabels('base', 'base'),
				...ownerLabels('Base')
			})
		}
	];
}
