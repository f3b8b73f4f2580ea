/**
 * What a fresh API server holds before anyone applies anything: the four system namespaces and
 * the `kubernetes` Service (ClusterIP 10.96.0.1, port 443), as on a new kind cluster.
 */
import type { ApiServer } from './api-server.ts';
import { isApiError, formatApiError } from './errors.ts';
import type { KubeObject } from './objects.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject['metadata'] =>
	({ name, ...extra }) as KubeObject['metadata'];

export function bootstrapApi(api: ApiServer): void {
	const objects: KubeObject[] = [
		...SYSTEM_NAMESPACES.map((name) => ({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: meta(name)
		})),
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: meta('kubernetes', {
				namespace: 'default',
				labels: { component: 'apiserver', provider: 'kubernetes' }
			}),
			spec: {
				clusterIP: KUBERNETES_SERVICE_IP,
				ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]
			}
		}
	];
	for (const o of objects) {
		const r = api.create(o);
		// A failure here is a bug in this file, not user input.
		if (isApiError(r)) throw new Error(`bootstrap: ${formatApiError(r)}`);
	}
}
