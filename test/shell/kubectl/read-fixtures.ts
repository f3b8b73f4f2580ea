/** A small bookinfo-like cluster for kubectl read-verb tests. Sim time: objects born at 0s. */
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { at, FakeReadApi } from '../../support/fake-api.ts';

const meta = (
	name: string,
	namespace: string | undefined,
	extra: Record<string, unknown> = {}
) => ({
	name,
	...(namespace ? { namespace } : {}),
	uid: `uid-${name}`,
	resourceVersion: '100',
	creationTimestamp: at(0),
	...extra
});

function pod(
	name: string,
	opts: {
		ns?: string;
		app: string;
		ip?: string;
		node?: string;
		waiting?: string;
		restarts?: number;
	}
): KubeObject {
	const ready = !opts.waiting;
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: meta(name, opts.ns ?? 'default', {
			labels: { app: opts.app, version: 'v1', 'pod-template-hash': '87d54dd59' },
			ownerReferences: [
				{
					apiVersion: 'apps/v1',
					kind: 'ReplicaSet',
					name: `${opts.app}-v1-87d54dd59`,
					uid: 'uid-rs',
					controller: true
				}
			]
		}),
		spec: {
			serviceAccountName: `bookinfo-${opts.app}`,
			nodeName: opts.node ?? 'ambient-worker',
			containers: [
				{
					name: opts.app,
					image: `docker.io/istio/examples-bookinfo-${opts.app}-v1:1.20.3`,
					ports: [{ containerPort: 9080, protocol: 'TCP' }]
				}
			]
		},
		status: {
			phase: ready ? 'Running' : 'Pending',
			hostIP: '172.18.0.3',
			...(opts.ip ? { podIP: opts.ip, podIPs: [{ ip: opts.ip }] } : {}),
			startTime: at(0),
			conditions: [
				{ type: 'PodReadyToStartContainers', status: ready ? 'True' : 'False' },
				{ type: 'Initialized', status: 'True' },
				{ type: 'Ready', status: ready ? 'True' : 'False' },
				{ type: 'ContainersReady', status: ready ? 'True' : 'False' },
				{ type: 'PodScheduled', status: 'True' }
			],
			containerStatuses: [
				{
					name: opts.app,
					image: `docker.io/istio/examples-bookinfo-${opts.app}-v1:1.20.3`,
					ready,
					restartCount: opts.restarts ?? 0,
					started: ready,
					state: ready
						? { running: { startedAt: at(2) } }
						: { waiting: { reason: opts.waiting as string } }
				}
			]
		}
	};
}

function node(name: string, ip: string, controlPlane = false): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: meta(name, undefined, {
			labels: {
				'kubernetes.io/hostname': name,
				'kubernetes.io/os': 'linux',
				...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {})
			}
		}),
		spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
		status: {
			addresses: [
				{ type: 'InternalIP', address: ip },
				{ type: 'Hostname', address: name }
			],
			conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
			nodeInfo: {
				kubeletVersion: 'v1.34.0',
				osImage: 'Debian GNU/Linux 12 (bookworm)',
				kernelVersion: '6.8.0-1-amd64',
				containerRuntimeVersion: 'containerd://2.1.3',
				operatingSystem: 'linux',
				architecture: 'amd64'
			}
		}
	};
}

function service(name: string, ip: string, port: number, ns = 'default'): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta(name, ns, { labels: { app: name, service: name } }),
		spec: {
			type: 'ClusterIP',
			selector: { app: name },
			clusterIP: ip,
			clusterIPs: [ip],
			ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }]
		}
	};
}

export function bookinfoApi(): FakeReadApi {
	return new FakeReadApi().add(
		{
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: meta('default', undefined, {
				labels: { 'kubernetes.io/metadata.name': 'default', 'istio.io/dataplane-mode': 'ambient' }
			}),
			status: { phase: 'Active' }
		},
		{
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: meta('istio-system', undefined, {
				labels: { 'kubernetes.io/metadata.name': 'istio-system' }
			}),
			status: { phase: 'Active' }
		},
		node('ambient-control-plane', '172.18.0.2', true),
		node('ambient-worker', '172.18.0.3'),
		pod('productpage-v1-87d54dd59-wl7qf', { app: 'productpage', ip: '10.244.1.5' }),
		pod('details-v1-cf74bb974-nw94k', { app: 'details', waiting: 'ContainerCreating' }),
		pod('ztunnel-c2z4s', { ns: 'istio-system', app: 'ztunnel', ip: '10.244.1.2', restarts: 2 }),
		service('productpage', '10.96.58.95', 9080),
		service('details', '10.96.12.7', 9080),
		{
			apiVersion: 'v1',
			kind: 'Endpoints',
			metadata: meta('productpage', 'default'),
			subsets: [
				{
					addresses: [{ ip: '10.244.1.5' }],
					ports: [{ name: 'http', port: 9080, protocol: 'TCP' }]
				}
			]
		},
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: meta('productpage-v1', 'default', {
				labels: { app: 'productpage', version: 'v1' },
				annotations: { 'deployment.kubernetes.io/revision': '1' }
			}),
			spec: {
				replicas: 1,
				selector: { matchLabels: { app: 'productpage', version: 'v1' } },
				template: {
					metadata: { labels: { app: 'productpage', version: 'v1' } },
					spec: {
						serviceAccountName: 'bookinfo-productpage',
						containers: [
							{
								name: 'productpage',
								image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
								ports: [{ containerPort: 9080, protocol: 'TCP' }]
							}
						]
					}
				}
			},
			status: {
				replicas: 1,
				readyReplicas: 1,
				updatedReplicas: 1,
				availableReplicas: 1,
				conditions: [
					{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
					{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }
				]
			}
		},
		{
			apiVersion: 'apps/v1',
			kind: 'ReplicaSet',
			metadata: meta('productpage-v1-87d54dd59', 'default', {
				labels: { app: 'productpage' },
				annotations: { 'deployment.kubernetes.io/revision': '1' },
				ownerReferences: [
					{
						apiVersion: 'apps/v1',
						kind: 'Deployment',
						name: 'productpage-v1',
						uid: 'uid-productpage-v1',
						controller: true
					}
				]
			}),
			spec: { replicas: 1, selector: { matchLabels: { app: 'productpage' } } },
			status: { replicas: 1, readyReplicas: 1 }
		},
		{
			apiVersion: 'v1',
			kind: 'Event',
			metadata: meta('productpage-v1-87d54dd59-wl7qf.1', 'default'),
			involvedObject: { kind: 'Pod', name: 'productpage-v1-87d54dd59-wl7qf', namespace: 'default' },
			type: 'Normal',
			reason: 'Scheduled',
			message: 'Successfully assigned default/productpage-v1-87d54dd59-wl7qf to ambient-worker',
			source: { component: 'default-scheduler' },
			firstTimestamp: at(0),
			lastTimestamp: at(0),
			count: 1
		}
	);
}
