/**
 * The `base` chart ("Istio core"): Istio's CRDs and the reader ServiceAccount, and with Helm's
 * `defaultRevision: default` the `istiod-default-validator` (istioctl's profiles set
 * `defaultRevision: ""`: there the `default` revision tag brings it, tag.ts).
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { loadCrdSchemas } from '../../../mesh/api/schemas/index.ts';
import { istioCrds } from './crds.ts';
import { chartLabels, objectMeta, ownerLabels } from './labels.ts';
import { baseDefaultValidator } from './webhooks.ts';

export async function baseObjects(defaultRevision = ''): Promise<KubeObject[]> {
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
		},
		...(defaultRevision === 'default' ? [baseDefaultValidator()] : [])
	];
}
