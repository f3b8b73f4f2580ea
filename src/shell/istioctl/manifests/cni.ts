/**
 * The `cni` chart ("CNI") with ambient enabled: ServiceAccount, `istio-cni-config` ConfigMap and
 * the `istio-cni-node` DaemonSet (istio-cni templates). RBAC and the ResourceQuota are left out.
 * The pod asks for `hostNetwork`; the simulated kubelet still gives it a pod IP.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import type { InstallValues } from './index.ts';
import { ISTIO_VERSION } from '../../../mesh/istio/version.ts';
import { chartLabels, fieldEnv, istioImage, objectMeta, ownerLabels } from './labels.ts';

export function cniObjects(values?: InstallValues): KubeObject[] {
	const common = { release: 'cni', ...chartLabels('cni', 'cni') };
	const owner = ownerLabels('Cni');
	return [
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: objectMeta('istio-cni', {
				app: 'istio-cni',
				'app.kubernetes.io/name': 'istio-cni',
				...common,
				...owner
			})
		},
		{
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: objectMeta('istio-cni-config', {
				app: 'istio-cni',
				'app.kubernetes.io/name': 'istio-cni',
				...common,
				...owner
			}),
			data: {
				CURRENT_AGENT_VERSION: ISTIO_VERSION,
				AMBIENT_ENABLED: 'true',
				AMBIENT_DNS_CAPTURE: 'true',
				AMBIENT_IPV6: 'true',
				CHAINED_CNI_PLUGIN: 'true',
				EXCLUDE_NAMESPACES: 'kube-system',
				REPAIR_ENABLED: 'true'
			}
		},
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: objectMeta('istio-cni-node', {
				'k8s-app': 'istio-cni-node',
				'app.kubernetes.io/name': 'istio-cni',
				...common,
				...owner
			}),
			spec: {
				selector: { matchLabels: { 'k8s-app': 'istio-cni-node' } },
				updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
				template: {
					metadata: {
						labels: {
							'k8s-app': 'istio-cni-node',
							'sidecar.istio.io/inject': 'false',
							'istio.io/dataplane-mode': 'none',
							'app.kubernetes.io/name': 'istio-cni',
							...chartLabels('cni', 'cni')
						},
						annotations: {
							'sidecar.istio.io/inject': 'false',
							'prometheus.io/scrape': 'true',
							'prometheus.io/port': '15014',
							'prometheus.io/path': '/metrics'
						}
					},
					spec: {
						nodeSelector: { 'kubernetes.io/os': 'linux' },
						tolerations: [
							{ effect: 'NoSchedule', operator: 'Exists' },
							{ key: 'CriticalAddonsOnly', operator: 'Exists' },
							{ effect: 'NoExecute', operator: 'Exists' }
						],
						priorityClassName: 'system-node-critical',
						serviceAccountName: 'istio-cni',
						hostNetwork: true,
						terminationGracePeriodSeconds: 5,
						containers: [
							{
								name: 'install-cni',
								image: istioImage('install-cni', values?.profile.variant),
								args: ['--log_output_level=info'],
								ports: [{ containerPort: 15014, name: 'metrics', protocol: 'TCP' }],
								readinessProbe: { httpGet: { path: '/readyz', port: 8000 } },
								envFrom: [{ configMapRef: { name: 'istio-cni-config' } }],
								env: [
									fieldEnv('NODE_NAME', 'spec.nodeName'),
									fieldEnv('POD_NAME', 'metadata.name'),
									fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
									fieldEnv('POD_IP', 'status.podIP'),
									{ name: 'ISTIO_CNI_DNS_CAPTURE', value: 'true' }
								]
							}
						]
					}
				}
			}
		}
	];
}
