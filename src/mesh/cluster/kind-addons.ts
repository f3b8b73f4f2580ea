/**
 * What kind v0.30.0 (node image kindest/node:v1.34.0) applies after `kubeadm init`: its CNI,
 * kindnetd (pkg/build/nodeimage/const_cni.go: a host-network DaemonSet in kube-system), and its
 * default storage, rancher's local-path-provisioner (const_storage.go: the `local-path-storage`
 * namespace, a ServiceAccount, the `local-path-config` ConfigMap and a Deployment of 1).
 * RBAC objects and the `standard` StorageClass are left out: the simulated API server has no
 * authorization and serves no storage kinds.
 */
import type { KubeObject } from '../api/objects.ts';
import { KUBE_SYSTEM, POD_SUBNET } from './kubeadm-addons.ts';

export const LOCAL_PATH_STORAGE = 'local-path-storage';
const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20250512-df8de77b';
const PROVISIONER_IMAGE = 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a';
const HELPER_IMAGE = 'docker.io/kindest/local-path-helper:v20241212-8ac705d0';

const hostPath = (name: string, path: string, type?: string) => ({
	name,
	hostPath: { path, ...(type ? { type } : {}) }
});

function kindnetDaemonSet(): KubeObject {
	const labels = { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' };
	const fieldEnv = (name: string, fieldPath: string) => ({
		name,
		valueFrom: { fieldRef: { fieldPath } }
	});
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {
			name: 'kindnet',
			namespace: KUBE_SYSTEM,
			labels
		} as unknown as KubeObject['metadata'],
		spec: {
			selector: { matchLabels: { app: 'kindnet' } },
			template: {
				metadata: { labels },
				spec: {
					hostNetwork: true,
					nodeSelector: { 'kubernetes.io/os': 'linux' },
					tolerations: [{ operator: 'Exists' }],
					priorityClassName: 'system-node-critical',
					serviceAccountName: 'kindnet',
					containers: [
						{
							name: 'kindnet-cni',
							image: KINDNETD_IMAGE,
							env: [
								fieldEnv('HOST_IP', 'status.hostIP'),
								fieldEnv('POD_IP', 'status.podIP'),
								{ name: 'POD_SUBNET', value: POD_SUBNET }
							],
							volumeMounts: [
								{ name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
								{ name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
								{ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
								{ name: 'nri-plugin', mountPath: '/var/run/nri' }
							],
							resources: {
								requests: { cpu: '100m', memory: '50Mi' },
								limits: { cpu: '100m', memory: '50Mi' }
							},
							securityContext: {
								privileged: false,
								capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }
							}
						}
					],
					volumes: [
						hostPath('cni-cfg', '/etc/cni/net.d'),
						hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
						hostPath('lib-modules', '/lib/modules'),
						hostPath('nri-plugin', '/var/run/nri')
					]
				}
			}
		}
	};
}

const LOCAL_PATH_CONFIG = `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`;

function localPathProvisioner(): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: 'local-path-provisioner',
			namespace: LOCAL_PATH_STORAGE
		} as KubeObject['metadata'],
		spec: {
			replicas: 1,
			selector: { matchLabels: { app: 'local-path-provisioner' } },
			template: {
				metadata: { labels: { app: 'local-path-provisioner' } },
				spec: {
					nodeSelector: { 'kubernetes.io/os': 'linux' },
					tolerations: [
						{
							key: 'node-role.kubernetes.io/control-plane',
							operator: 'Equal',
							effect: 'NoSchedule'
						},
						{ key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' }
					],
					serviceAccountName: 'local-path-provisioner-service-account',
					containers: [
						{
							name: 'local-path-provisioner',
							image: PROVISIONER_IMAGE,
							imagePullPolicy: 'IfNotPresent',
							command: [
								'local-path-provisioner',
								'--debug',
								'start',
								'--helper-image',
								HELPER_IMAGE,
								'--config',
								'/etc/config/config.json'
							],
							volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
							env: [
								{
									name: 'POD_NAMESPACE',
									valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } }
								}
							]
						}
					],
					volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }]
				}
			}
		}
	};
}

/** kind's CNI, then its storage, in the order kind applies them. */
export function kindAddons(): KubeObject[] {
	return [
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: { name: 'kindnet', namespace: KUBE_SYSTEM } as KubeObject['metadata']
		},
		kindnetDaemonSet(),
		{
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: { name: LOCAL_PATH_STORAGE } as KubeObject['metadata']
		},
		{
			apiVersion: 'v1',
			kind: 'ServiceAccount',
			metadata: {
				name: 'local-path-provisioner-service-account',
				namespace: LOCAL_PATH_STORAGE
			} as KubeObject['metadata']
		},
		localPathProvisioner(),
		{
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {
				name: 'local-path-config',
				namespace: LOCAL_PATH_STORAGE
			} as KubeObject['metadata'],
			data: {
				'config.json': LOCAL_PATH_CONFIG,
				setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
				teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
				'helperPod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  containers:\n  - name: helper-pod\n    image: ${HELPER_IMAGE}\n    imagePullPolicy: IfNotPresent`
			}
		}
	];
}
