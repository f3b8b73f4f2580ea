/**
 * The `ztunnel` chart ("Ztunnel"): ServiceAccount and the `ztunnel` DaemonSet (ztunnel templates:
 * surge-first rolling update, readiness on 15021 `/healthz/ready`, xDS and CA at istiod:15012).
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import type { InstallValues } from './index.ts';
import { clusterId } from './multicluster-values.ts';
import { chartLabels, fieldEnv, istioImage, objectMeta, ownerLabels } from './labels.ts';

export function ztunnelObjects(values?: InstallValues): KubeObject[] {
	const labels = {
		'app.kubernetes.io/name': 'ztunnel',
		...chartLabels('ztunnel', 'ztunnel'),
		...ownerLabels('Ztunnel')
	};
	return [
		{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: objectMeta('ztunnel', labels) },
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: objectMeta('ztunnel', labels),
			spec: {
				updateStrategy: {
					type: 'RollingUpdate',
					rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
				},
				selector: { matchLabels: { app: 'ztunnel' } },
				template: {
					metadata: {
						labels: {
							'sidecar.istio.io/inject': 'false',
							'istio.io/dataplane-mode': 'none',
							app: 'ztunnel',
							'app.kubernetes.io/name': 'ztunnel',
							...chartLabels('ztunnel', 'ztunnel')
						},
						annotations: {
							'sidecar.istio.io/inject': 'false',
							'prometheus.io/port': '15020',
							'prometheus.io/scrape': 'true'
						}
					},
					spec: {
						nodeSelector: { 'kubernetes.io/os': 'linux' },
						serviceAccountName: 'ztunnel',
						tolerations: [
							{ effect: 'NoSchedule', operator: 'Exists' },
							{ key: 'CriticalAddonsOnly', operator: 'Exists' },
							{ effect: 'NoExecute', operator: 'Exists' }
						],
						priorityClassName: 'system-node-critical',
						terminationGracePeriodSeconds: 30,
						containers: [
							{
								name: 'istio-proxy',
								image: istioImage('ztunnel', values?.profile.variant),
								ports: [{ containerPort: 15020, name: 'ztunnel-stats', protocol: 'TCP' }],
								readinessProbe: { httpGet: { port: 15021, path: '/healthz/ready' } },
								args: ['proxy', 'ztunnel'],
								env: [
									{ name: 'CA_ADDRESS', value: 'istiod.istio-system.svc:15012' },
									{ name: 'XDS_ADDRESS', value: 'istiod.istio-system.svc:15012' },
									...(values?.multicluster?.network
										? [{ name: 'NETWORK', value: values.multicluster.network }]
										: []),
									{ name: 'RUST_LOG', value: 'info' },
									{ name: 'RUST_BACKTRACE', value: '1' },
									{ name: 'ISTIO_META_CLUSTER_ID', value: clusterId(values?.multicluster) },
									{ name: 'INPOD_ENABLED', value: 'true' },
									{ name: 'TERMINATION_GRACE_PERIOD_SECONDS', value: '30' },
									fieldEnv('POD_NAME', 'metadata.name'),
									fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
									fieldEnv('NODE_NAME', 'spec.nodeName'),
									fieldEnv('INSTANCE_IP', 'status.podIP'),
									fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
									{ name: 'ISTIO_META_ENABLE_HBONE', value: 'true' }
								]
							}
						]
					}
				}
			}
		}
	];
}
