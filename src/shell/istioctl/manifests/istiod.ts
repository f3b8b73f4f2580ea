/**
 * The `istiod` chart ("Istiod") as the ambient profile renders it: ServiceAccount, the mesh
 * ConfigMap `istio`, the Service, the Deployment and the admission webhook configurations
 * (istio-control/istio-discovery templates; webhooks.ts). RBAC, the HPA and the
 * PodDisruptionBudget are left out.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import type { InstallValues } from './index.ts';
import { clusterId, mergeEnv } from './multicluster-values.ts';
import { profileValues } from './profiles.ts';
import { chartLabels, fieldEnv, istioImage, objectMeta, ownerLabels } from './labels.ts';
import { istiodWebhooks } from './webhooks.ts';

/**
 * `values.yaml` meshConfig plus the profile's additions (ambient: HBONE in proxyMetadata and the
 * GLOBAL service scope; demo: access logs and extension providers), as `istioctl` writes it.
 */
function meshLines(values: InstallValues): string[] {
	const metadata = Object.entries(values.profile.proxyMetadata);
	return [
		'defaultConfig:',
		'  discoveryAddress: istiod.istio-system.svc:15012',
		...(values.numTrustedProxies !== undefined
			? ['  gatewayTopology:', `    numTrustedProxies: ${values.numTrustedProxies}`]
			: []),
		...(values.multicluster?.meshID ? [`  meshId: ${values.multicluster.meshID}`] : []),
		...(metadata.length > 0
			? ['  proxyMetadata:', ...metadata.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)]
			: []),
		'defaultProviders:',
		'  metrics:',
		'  - prometheus',
		'enablePrometheusMerge: true',
		'rootNamespace: istio-system',
		...(values.profile.ambient
			? [
					'serviceScopeConfigs:',
					'- scope: GLOBAL',
					'  servicesSelector:',
					'    matchExpressions:',
					'    - key: istio.io/global',
					'      operator: In',
					'      values:',
					'      - "true"'
				]
			: []),
		'trustDomain: cluster.local'
	];
}

/** MeshConfig with the profile's and `--set meshConfig.*` keys on top, sorted as the chart's toYaml. */
function meshText(values: InstallValues): string {
	const settings = { ...values.profile.meshConfig, ...values.meshConfig };
	// A block value (a list) starts on the next line.
	const extra = Object.entries(settings).map(
		([k, v]) => `${k}:${v.startsWith('\n') ? v : ` ${v}`}`
	);
	const lines = [...extra.flatMap((e) => e.split('\n')), ...meshLines(values)];
	// Only top-level keys move: a block starts at a column-0 key (a `- ` item continues one).
	const blocks: string[][] = [];
	for (const l of lines) {
		if ((/^\S/.test(l) && !l.startsWith('- ')) || blocks.length === 0) blocks.push([l]);
		else blocks[blocks.length - 1]?.push(l);
	}
	return blocks
		.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1))
		.map((b) => b.join('\n'))
		.join('\n');
}

const AMBIENT_VALUES: InstallValues = { meshConfig: {}, profile: profileValues('ambient') };

/** The chart's `range $key, $val := .Values.env`: the profile's and the user's, by key (Go's map order). */
function chartEnv(values: InstallValues): { name: string; value: string }[] {
	const env = new Map<string, string>();
	if (values.profile.ambient) env.set('PILOT_ENABLE_AMBIENT', 'true');
	for (const e of values.multicluster?.pilotEnv ?? []) env.set(e.name, e.value);
	return [...env.keys()].sort().map((name) => ({ name, value: env.get(name) ?? '' }));
}

/** istiod's Service ports (service.yaml; revision-tags-svc.yaml repeats them for a tag's Service). */
export function istiodServicePorts(): Record<string, unknown>[] {
	return [
		{ port: 15010, name: 'grpc-xds', protocol: 'TCP' },
		{ port: 15012, name: 'https-dns', protocol: 'TCP' },
		{ port: 443, name: 'https-webhook', targetPort: 15017, protocol: 'TCP' },
		{ port: 15014, name: 'http-monitoring', protocol: 'TCP' }
	];
}

/** The discovery container's env: the chart's list, then `components.pilot.k8s.env` patched on. */
function discoveryEnv(values: InstallValues): Record<string, unknown>[] {
	const mc = values.multicluster;
	const chart = [
		{ name: 'REVISION', value: 'default' },
		{ name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
		fieldEnv('POD_NAME', 'metadata.name'),
		fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
		fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
		{ name: 'KUBECONFIG', value: '/var/run/secrets/remote/config' },
		{ name: 'CA_TRUSTED_NODE_ACCOUNTS', value: 'istio-system/ztunnel' },
		...chartEnv(values),
		{ name: 'PILOT_TRACE_SAMPLING', value: values.profile.traceSampling },
		{ name: 'PILOT_ENABLE_ANALYSIS', value: 'false' },
		{ name: 'CLUSTER_ID', value: clusterId(mc) },
		{ name: 'PLATFORM', value: '' }
	] as { name: string }[];
	return mergeEnv(chart, mc?.pilotK8sEnv ?? []) as Record<string, unknown>[];
}

export function istiodObjects(values: InstallValues = AMBIENT_VALUES): KubeObject[] {
	const common = { release: 'istiod', ...chartLabels('istiod', 'istiod') };
	const owner = ownerLabels('Pilot');
	return [
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: objectMeta('istiod', { app: 'istiod', ...common, ...owner })
		},
		{
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: objectMeta('istio', { app: 'istiod', ...common, ...owner }),
			data: { mesh: meshText(values), meshNetworks: 'networks: {}' }
		},
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: objectMeta('istiod', {
				app: 'istiod',
				'app.kubernetes.io/name': 'istiod',
				istio: 'pilot',
				...common,
				...owner
			}),
			spec: {
				ports: istiodServicePorts(),
				selector: { app: 'istiod', istio: 'pilot' }
			}
		},
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: objectMeta('istiod', {
				app: 'istiod',
				'app.kubernetes.io/name': 'istiod',
				istio: 'pilot',
				...common,
				...owner
			}),
			spec: {
				strategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
				selector: { matchLabels: { istio: 'pilot' } },
				template: {
					metadata: {
						labels: {
							app: 'istiod',
							'istio.io/rev': 'default',
							'install.operator.istio.io/owning-resource': 'unknown',
							'sidecar.istio.io/inject': 'false',
							'operator.istio.io/component': 'Pilot',
							istio: 'pilot',
							'istio.io/dataplane-mode': 'none',
							'app.kubernetes.io/name': 'istiod',
							...chartLabels('istiod', 'istiod')
						},
						annotations: {
							'prometheus.io/port': '15014',
							'prometheus.io/scrape': 'true',
							'sidecar.istio.io/inject': 'false'
						}
					},
					spec: {
						tolerations: [{ key: 'cni.istio.io/not-ready', operator: 'Exists' }],
						serviceAccountName: 'istiod',
						containers: [
							{
								name: 'discovery',
								image: istioImage('pilot', values.profile.variant),
								args: [
									'discovery',
									'--monitoringAddr=:15014',
									'--log_output_level=default:info',
									'--domain',
									'cluster.local',
									'--keepaliveMaxServerConnectionAge',
									'30m'
								],
								ports: [
									{ containerPort: 8080, protocol: 'TCP', name: 'http-debug' },
									{ containerPort: 15010, protocol: 'TCP', name: 'grpc-xds' },
									{ containerPort: 15012, protocol: 'TCP', name: 'tls-xds' },
									{ containerPort: 15017, protocol: 'TCP', name: 'https-webhooks' },
									{ containerPort: 15014, protocol: 'TCP', name: 'http-monitoring' }
								],
								readinessProbe: {
									httpGet: { path: '/ready', port: 8080 },
									initialDelaySeconds: 1,
									periodSeconds: 3,
									timeoutSeconds: 5
								},
								env: discoveryEnv(values)
							}
						]
					}
				}
			}
		},
		...istiodWebhooks()
	];
}
