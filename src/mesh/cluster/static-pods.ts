/**
 * The control plane's static pods: the manifests `kubeadm init` writes to
 * /etc/kubernetes/manifests on the control-plane node (cmd/kubeadm/app/phases/controlplane and
 * phases/etcd/local.go, shaped by util/staticpod ComponentPod: labels `component` and `tier:
 * control-plane`, host network, `system-node-critical`), and the mirror pods the node's kubelet
 * creates for them in the API (pkg/kubelet/pod/mirror_client.go: `<name>-<node>`, the
 * `kubernetes.io/config.*` annotations, the Node as controller owner). The programs are idle:
 * the simulated API server is not served on 6443 and no etcd stores it.
 */
import type { KubeObject } from '../api/objects.ts';
import { MIRROR_ANNOTATION } from '../api/pod-admission.ts';
import { hashString } from '../random.ts';
import { KUBE_SYSTEM, POD_SUBNET } from './kubeadm-addons.ts';
import { kindClusterOf, KUBELET_VERSION, type NodeInfo } from './nodes.ts';

/** kubeadm's etcd for Kubernetes v1.34 (constants.DefaultEtcdVersion). */
const ETCD_IMAGE = 'registry.k8s.io/etcd:3.6.4-0';
const SERVICE_CIDR = '10.96.0.0/16';
const PKI = '/etc/kubernetes/pki';

type Probe = Record<string, unknown>;

/** kubeadm's staticpod LivenessProbe/ReadinessProbe/StartupProbe over HTTP(S)GET. */
function probes(host: string, port: number, scheme: string, live: string, ready: string): Probe {
	const get = (path: string) => ({ httpGet: { host, path, port, scheme } });
	return {
		livenessProbe: {
			...get(live),
			initialDelaySeconds: 10,
			timeoutSeconds: 15,
			failureThreshold: 8,
			periodSeconds: 10
		},
		readinessProbe: { ...get(ready), timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 },
		startupProbe: {
			...get(live),
			initialDelaySeconds: 10,
			timeoutSeconds: 15,
			failureThreshold: 24,
			periodSeconds: 10
		}
	};
}

interface Component {
	readonly name: string;
	readonly image: string;
	readonly command: readonly string[];
	readonly cpu: string;
	readonly probe: Probe;
	/** hostPath volumes: name → path (mounted at the same path, read-only unless said). */
	readonly mounts: readonly (readonly [string, string, boolean?])[];
	readonly annotations?: Readonly<Record<string, string>>;
	readonly memory?: string;
}

const flags = (o: Record<string, string>): string[] =>
	Object.entries(o).map(([k, v]) => `--${k}=${v}`);
const conf = (file: string): string => `/etc/kubernetes/${file}`;
/** The CA bundles and pki kube-apiserver and kube-controller-manager mount. */
const CERTS: [string, string][] = [
	['ca-certs', '/etc/ssl/certs'],
	['k8s-certs', PKI],
	['usr-local-share-ca-certificates', '/usr/local/share/ca-certificates'],
	['usr-share-ca-certificates', '/usr/share/ca-certificates']
];

function etcd(cp: NodeInfo): Component {
	const ip = cp.internalIp;
	return {
		name: 'etcd',
		image: ETCD_IMAGE,
		command: [
			'etcd',
			...flags({
				'advertise-client-urls': `https://${ip}:2379`,
				'cert-file': `${PKI}/etcd/server.crt`,
				'client-cert-auth': 'true',
				'data-dir': '/var/lib/etcd',
				'feature-gates': 'InitialCorruptCheck=true',
				'initial-advertise-peer-urls': `https://${ip}:2380`,
				'initial-cluster': `${cp.name}=https://${ip}:2380`,
				'key-file': `${PKI}/etcd/server.key`,
				'listen-client-urls': `https://127.0.0.1:2379,https://${ip}:2379`,
				'listen-metrics-urls': 'http://127.0.0.1:2381',
				'listen-peer-urls': `https://${ip}:2380`,
				name: cp.name,
				'peer-cert-file': `${PKI}/etcd/peer.crt`,
				'peer-client-cert-auth': 'true',
				'peer-key-file': `${PKI}/etcd/peer.key`,
				'peer-trusted-ca-file': `${PKI}/etcd/ca.crt`,
				'snapshot-count': '10000',
				'trusted-ca-file': `${PKI}/etcd/ca.crt`,
				'watch-progress-notify-interval': '5s'
			})
		],
		cpu: '100m',
		memory: '100Mi',
		probe: probes('127.0.0.1', 2381, 'HTTP', '/livez', '/readyz'),
		mounts: [
			['etcd-data', '/var/lib/etcd', false],
			['etcd-certs', `${PKI}/etcd`, false]
		],
		annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` }
	};
}

function kubeApiserver(cp: NodeInfo): Component {
	const ip = cp.internalIp;
	return {
		name: 'kube-apiserver',
		image: `registry.k8s.io/kube-apiserver:${KUBELET_VERSION}`,
		command: [
			'kube-apiserver',
			...flags({
				'advertise-address': ip,
				'allow-privileged': 'true',
				'authorization-mode': 'Node,RBAC',
				'client-ca-file': `${PKI}/ca.crt`,
				'enable-admission-plugins': 'NodeRestriction',
				'enable-bootstrap-token-auth': 'true',
				'etcd-cafile': `${PKI}/etcd/ca.crt`,
				'etcd-certfile': `${PKI}/apiserver-etcd-client.crt`,
				'etcd-keyfile': `${PKI}/apiserver-etcd-client.key`,
				'etcd-servers': 'https://127.0.0.1:2379',
				'kubelet-client-certificate': `${PKI}/apiserver-kubelet-client.crt`,
				'kubelet-client-key': `${PKI}/apiserver-kubelet-client.key`,
				'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
				'proxy-client-cert-file': `${PKI}/front-proxy-client.crt`,
				'proxy-client-key-file': `${PKI}/front-proxy-client.key`,
				'requestheader-allowed-names': 'front-proxy-client',
				'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
				'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
				'requestheader-group-headers': 'X-Remote-Group',
				'requestheader-username-headers': 'X-Remote-User',
				'runtime-config': '',
				'secure-port': '6443',
				'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
				'service-account-key-file': `${PKI}/sa.pub`,
				'service-account-signing-key-file': `${PKI}/sa.key`,
				'service-cluster-ip-range': SERVICE_CIDR,
				'tls-cert-file': `${PKI}/apiserver.crt`,
				'tls-private-key-file': `${PKI}/apiserver.key`
			})
		],
		cpu: '250m',
		probe: probes(ip, 6443, 'HTTPS', '/livez', '/readyz'),
		mounts: [...CERTS, ['etc-ca-certificates', '/etc/ca-certificates']],
		annotations: {
			'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443`
		}
	};
}

function kubeControllerManager(cp: NodeInfo): Component {
	return {
		name: 'kube-controller-manager',
		image: `registry.k8s.io/kube-controller-manager:${KUBELET_VERSION}`,
		command: [
			'kube-controller-manager',
			...flags({
				'allocate-node-cidrs': 'true',
				'authentication-kubeconfig': conf('controller-manager.conf'),
				'authorization-kubeconfig': conf('controller-manager.conf'),
				'bind-address': '127.0.0.1',
				'client-ca-file': `${PKI}/ca.crt`,
				'cluster-cidr': POD_SUBNET,
				'cluster-name': kindClusterOf(cp),
				'cluster-signing-cert-file': `${PKI}/ca.crt`,
				'cluster-signing-key-file': `${PKI}/ca.key`,
				controllers: '*,bootstrapsigner,tokencleaner',
				'enable-hostpath-provisioner': 'true',
				kubeconfig: conf('controller-manager.conf'),
				'leader-elect': 'true',
				'requestheader-client-ca-file': `${PKI}/front-proxy-ca.crt`,
				'root-ca-file': `${PKI}/ca.crt`,
				'service-account-private-key-file': `${PKI}/sa.key`,
				'service-cluster-ip-range': SERVICE_CIDR,
				'use-service-account-credentials': 'true'
			})
		],
		cpu: '200m',
		probe: probes('127.0.0.1', 10257, 'HTTPS', '/healthz', '/healthz'),
		mounts: [
			...CERTS,
			['kubeconfig', conf('controller-manager.conf')],
			['flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', false]
		]
	};
}

function kubeScheduler(): Component {
	return {
		name: 'kube-scheduler',
		image: `registry.k8s.io/kube-scheduler:${KUBELET_VERSION}`,
		command: [
			'kube-scheduler',
			...flags({
				'authentication-kubeconfig': conf('scheduler.conf'),
				'authorization-kubeconfig': conf('scheduler.conf'),
				'bind-address': '127.0.0.1',
				kubeconfig: conf('scheduler.conf'),
				'leader-elect': 'true'
			})
		],
		cpu: '100m',
		probe: probes('127.0.0.1', 10259, 'HTTPS', '/livez', '/readyz'),
		mounts: [['kubeconfig', conf('scheduler.conf')]]
	};
}

function components(cp: NodeInfo): Component[] {
	return [etcd(cp), kubeApiserver(cp), kubeControllerManager(cp), kubeScheduler()];
}

/** A stable 32-hex stand-in for the kubelet's hash of the manifest file. */
function configHash(text: string): string {
	let hex = '';
	for (let i = 0; hex.length < 32; i++)
		hex += hashString(`${text}#${i}`).toString(16).padStart(8, '0');
	return hex.slice(0, 32);
}

function mirrorPod(c: Component, cp: NodeInfo, nodeUid: string, seen: string): KubeObject {
	const container = {
		name: c.name,
		image: c.image,
		imagePullPolicy: 'IfNotPresent',
		command: [...c.command],
		resources: { requests: { cpu: c.cpu, ...(c.memory ? { memory: c.memory } : {}) } },
		...c.probe,
		volumeMounts: c.mounts.map(([name, path, readOnly]) => ({
			mountPath: path,
			name,
			readOnly: readOnly ?? true
		}))
	};
	const spec = {
		containers: [container],
		hostNetwork: true,
		nodeName: cp.name,
		priorityClassName: 'system-node-critical',
		securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
		tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
		volumes: c.mounts.map(([name, path]) => ({
			name,
			hostPath: { path, type: path.endsWith('.conf') ? 'FileOrCreate' : 'DirectoryOrCreate' }
		}))
	};
	const hash = configHash(JSON.stringify({ name: c.name, spec }));
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: `${c.name}-${cp.name}`,
			namespace: KUBE_SYSTEM,
			labels: { component: c.name, tier: 'control-plane' },
			annotations: {
				...c.annotations,
				'kubernetes.io/config.hash': hash,
				[MIRROR_ANNOTATION]: hash,
				'kubernetes.io/config.seen': seen,
				'kubernetes.io/config.source': 'file'
			},
			ownerReferences: [
				{ apiVersion: 'v1', kind: 'Node', name: cp.name, uid: nodeUid, controller: true }
			]
		} as unknown as KubeObject['metadata'],
		spec
	};
}

/**
 * The mirror pods of the control-plane node's static pods, in kubeadm's order. `seen` is when
 * the kubelet read the manifests (`kubernetes.io/config.seen`, RFC 3339 with nanoseconds).
 */
export function staticMirrorPods(cp: NodeInfo, nodeUid: string, seen: string): KubeObject[] {
	return components(cp).map((c) => mirrorPod(c, cp, nodeUid, seen));
}
