/** Schemas for the core and apps kinds the playground serves: Pod, Deployment, Service … */
import {
	anyObject,
	arr,
	bool,
	int,
	intOrString,
	kindSchema,
	labelSelector,
	metadata,
	obj,
	oneOfEnum,
	str,
	stringMap,
	type JsonSchema
} from './build.ts';

const container = obj(
	{
		name: str('Container name, unique in the pod.'),
		image: str('Image, e.g. docker.io/istio/examples-bookinfo-productpage-v1:1.20.3.'),
		imagePullPolicy: oneOfEnum(['Always', 'IfNotPresent', 'Never']),
		command: arr(str()),
		args: arr(str()),
		workingDir: str(),
		ports: arr(
			obj(
				{
					containerPort: int('Port the app listens on.'),
					name: str(),
					protocol: oneOfEnum(['TCP', 'UDP', 'SCTP']),
					hostPort: int()
				},
				{ required: ['containerPort'] }
			)
		),
		env: arr(obj({ name: str(), value: str(), valueFrom: anyObject() }, { required: ['name'] })),
		envFrom: arr(anyObject()),
		resources: anyObject(),
		volumeMounts: arr(anyObject()),
		securityContext: anyObject(),
		livenessProbe: anyObject(),
		readinessProbe: anyObject(),
		startupProbe: anyObject(),
		lifecycle: anyObject(),
		stdin: bool(),
		tty: bool(),
		terminationMessagePath: str(),
		terminationMessagePolicy: oneOfEnum(['File', 'FallbackToLogsOnError'])
	},
	{ required: ['name', 'image'] }
);

export const podSpec: JsonSchema = obj(
	{
		containers: arr(container, 'The pod’s containers.'),
		initContainers: arr(container),
		serviceAccountName: str('The identity the pod runs as (its SPIFFE id in the mesh).'),
		serviceAccount: str(),
		nodeName: str(),
		nodeSelector: stringMap(),
		restartPolicy: oneOfEnum(['Always', 'OnFailure', 'Never']),
		terminationGracePeriodSeconds: int(),
		automountServiceAccountToken: bool(),
		hostname: str(),
		subdomain: str(),
		volumes: arr(anyObject()),
		affinity: anyObject(),
		tolerations: arr(anyObject()),
		securityContext: anyObject(),
		dnsPolicy: str(),
		schedulerName: str(),
		priority: int(),
		enableServiceLinks: bool(),
		shareProcessNamespace: bool()
	},
	{ required: ['containers'] }
);

export const pod = kindSchema(
	'v1',
	'Pod',
	{ spec: podSpec },
	'A Pod: one or more containers on one node.'
);

export const deployment = kindSchema(
	'apps/v1',
	'Deployment',
	{
		spec: obj(
			{
				replicas: int('Desired number of pods (default 1).'),
				selector: labelSelector,
				template: obj({ metadata, spec: podSpec }, { required: ['spec'] }),
				strategy: anyObject(),
				minReadySeconds: int(),
				revisionHistoryLimit: int(),
				progressDeadlineSeconds: int(),
				paused: bool()
			},
			{ required: ['selector', 'template'] }
		)
	},
	'A Deployment: keeps `replicas` pods from `template` running, through ReplicaSets.'
);

export const service = kindSchema(
	'v1',
	'Service',
	{
		spec: obj({
			type: oneOfEnum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
			selector: stringMap('Pods with these labels are the endpoints.'),
			ports: arr(
				obj(
					{
						name: str('Required when there is more than one port; Istio reads `http-…` names.'),
						port: int('The Service’s port.'),
						targetPort: intOrString('The pod’s port (number or container port name).'),
						protocol: oneOfEnum(['TCP', 'UDP', 'SCTP']),
						appProtocol: str('e.g. http, http2, grpc, tcp: tells Istio the protocol.'),
						nodePort: int()
					},
					{ required: ['port'] }
				)
			),
			clusterIP: str(),
			clusterIPs: arr(str()),
			externalName: str(),
			sessionAffinity: oneOfEnum(['None', 'ClientIP']),
			ipFamilies: arr(str()),
			ipFamilyPolicy: str(),
			internalTrafficPolicy: oneOfEnum(['Cluster', 'Local']),
			externalTrafficPolicy: oneOfEnum(['Cluster', 'Local']),
			publishNotReadyAddresses: bool()
		})
	},
	'A Service: a stable virtual IP and DNS name in front of the pods its selector matches.'
);

export const namespace = kindSchema(
	'v1',
	'Namespace',
	{ spec: obj({ finalizers: arr(str()) }) },
	'A Namespace. Label it `istio.io/dataplane-mode: ambient` to add its pods to the mesh.'
);

export const serviceAccount = kindSchema(
	'v1',
	'ServiceAccount',
	{
		automountServiceAccountToken: bool(),
		secrets: arr(anyObject()),
		imagePullSecrets: arr(anyObject())
	},
	'A ServiceAccount: the identity pods run as; Istio issues certificates for it.'
);

export const configMap = kindSchema(
	'v1',
	'ConfigMap',
	{ data: stringMap('Text values by key.'), binaryData: stringMap(), immutable: bool() },
	'A ConfigMap: configuration as key/value text.'
);
