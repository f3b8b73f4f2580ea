/**
 * The add-ons `kubeadm init` installs into kube-system, as Kubernetes v1.34's kubeadm writes
 * them: CoreDNS (cmd/kubeadm/app/phases/addons/dns/manifests.go: ServiceAccount, ConfigMap with
 * the Corefile, a Deployment of 2 and the `kube-dns` Service on 10.96.0.10) and kube-proxy
 * (phases/addons/proxy/manifests.go: ServiceAccount, ConfigMap, a host-network DaemonSet).
 * RBAC objects are left out: the simulated API server has no authorization.
 */
import type { KubeObject } from '../api/objects.ts';
import { CLUSTER_DNS_IP } from '../net/dns.ts';
import { CONTROL_PLANE, KUBELET_VERSION } from './nodes.ts';

export const KUBE_SYSTEM = 'kube-system';
/** kubeadm's `DNSIP`: the tenth address of the service CIDR 10.96.0.0/16. */
export const KUBE_DNS_IP = CLUSTER_DNS_IP;
/** kubeadm's CoreDNS for Kubernetes v1.34 (constants.CoreDNSVersion). */
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.12.1';
const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBELET_VERSION}`;
/** kind's pod subnet (`networking.podSubnet`), of which each node holds a /24. */
export const POD_SUBNET = '10.244.0.0/16';

const meta = (name: string, extra: Record<string, unknown> = {}): KubeObject['metadata'] =>
	({ name, namespace: KUBE_SYSTEM, ...extra }) as KubeObject['metadata'];

const serviceAccount = (name: string): KubeObject => ({
	apiVersion: 'v1',
	kind: 'ServiceAccount',
	metadata: meta(name)
});

/** The Corefile of kubeadm's CoreDNS ConfigMap, for the `cluster.local` domain. */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

function coreDnsDeployment(): KubeObject {
	const port = (containerPort: number, name: string, protocol = 'TCP') => ({
		containerPort,
		name,
		protocol
	});
	const probe = (path: string, port: string) => ({ httpGet: { path, port, scheme: 'HTTP' } });
	const container = {
		name: 'coredns',
		image: COREDNS_IMAGE,
		imagePullPolicy: 'IfNotPresent',
		resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
		args: ['-conf', '/etc/coredns/Corefile'],
		volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
		ports: [
			port(53, 'dns', 'UDP'),
			port(53, 'dns-tcp'),
			port(9153, 'metrics'),
			port(8080, 'liveness-probe'),
			port(8181, 'readiness-probe')
		],
		livenessProbe: {
			...probe('/health', 'liveness-probe'),
			initialDelaySeconds: 60,
			timeoutSeconds: 5,
			successThreshold: 1,
			failureThreshold: 5
		},
		readinessProbe: probe('/ready', 'readiness-probe'),
		securityContext: {
			allowPrivilegeEscalation: false,
			capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
			readOnlyRootFilesystem: true
		}
	};
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: meta('coredns', { labels: { 'k8s-app': 'kube-dns' } }),
		spec: {
			replicas: 2,
			strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
			selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
			template: {
				metadata: { labels: { 'k8s-app': 'kube-dns' } },
				spec: {
					priorityClassName: 'system-cluster-critical',
					serviceAccountName: 'coredns',
					affinity: {
						podAntiAffinity: {
							preferredDuringSchedulingIgnoredDuringExecution: [
								{
									weight: 100,
									podAffinityTerm: {
										labelSelector: {
											matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }]
										},
										topologyKey: 'kubernetes.io/hostname'
									}
								}
							]
						}
					},
					tolerations: [
						{ key: 'CriticalAddonsOnly', operator: 'Exists' },
						{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }
					],
					nodeSelector: { 'kubernetes.io/os': 'linux' },
					containers: [container],
					dnsPolicy: 'Default',
					volumes: [
						{
							name: 'config-volume',
							configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] }
						}
					]
				}
			}
		}
	};
}

function kubeDnsService(): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta('kube-dns', {
			labels: {
				'k8s-app': 'kube-dns',
				'kubernetes.io/cluster-service': 'true',
				'kubernetes.io/name': 'CoreDNS'
			},
			annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' }
		}),
		spec: {
			clusterIP: KUBE_DNS_IP,
			ports: [
				{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
				{ name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
				{ name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }
			],
			selector: { 'k8s-app': 'kube-dns' }
		}
	};
}

/** kubeadm's KubeProxyConfiguration for kind (iptables mode), as `config.conf` holds it. */
const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: ${POD_SUBNET}
conntrack:
  maxPerCore: 0
iptables:
  minSyncPeriod: 1s
kind: KubeProxyConfiguration
mode: iptables`;

const kubeProxyKubeconfig = (controlPlane: string): string => `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${controlPlane}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;

function kubeProxyDaemonSet(): KubeObject {
	const hostPath = (name: string, path: string, type?: string) => ({
		name,
		hostPath: { path, ...(type ? { type } : {}) }
	});
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: meta('kube-proxy', { labels: { 'k8s-app': 'kube-proxy' } }),
		spec: {
			selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
			updateStrategy: { type: 'RollingUpdate' },
			template: {
				metadata: { labels: { 'k8s-app': 'kube-proxy' } },
				spec: {
					priorityClassName: 'system-node-critical',
					containers: [
						{
							name: 'kube-proxy',
							image: KUBE_PROXY_IMAGE,
							imagePullPolicy: 'IfNotPresent',
							command: [
								'/usr/local/bin/kube-proxy',
								'--config=/var/lib/kube-proxy/config.conf',
								'--hostname-override=$(NODE_NAME)'
							],
							securityContext: { privileged: true },
							volumeMounts: [
								{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
								{ mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
								{ mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }
							],
							env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]
						}
					],
					hostNetwork: true,
					serviceAccountName: 'kube-proxy',
					volumes: [
						{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
						hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
						hostPath('lib-modules', '/lib/modules')
					],
					tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists' }],
					nodeSelector: { 'kubernetes.io/os': 'linux' }
				}
			}
		}
	};
}

/** What `kubeadm init` applies, in its order: CoreDNS, then kube-proxy. */
export function kubeadmAddons(controlPlane = CONTROL_PLANE): KubeObject[] {
	return [
		serviceAccount('coredns'),
		{
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: meta('coredns'),
			data: { Corefile: COREFILE }
		},
		coreDnsDeployment(),
		kubeDnsService(),
		serviceAccount('kube-proxy'),
		{
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: meta('kube-proxy', { labels: { app: 'kube-proxy' } }),
			data: {
				'config.conf': KUBE_PROXY_CONFIG,
				'kubeconfig.conf': kubeProxyKubeconfig(controlPlane)
			}
		},
		kubeProxyDaemonSet()
	];
}
