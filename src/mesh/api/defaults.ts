/**
 * Server-side defaulting (the `defaults.go` files under `pkg/apis`): the fields `kubectl get -o yaml` shows
 * although the manifest never set them. Stateless; ClusterIP allocation lives in the store.
 */
import { defaultCronJob, defaultJob } from './job.ts';
import type { ResourceType } from './api-server.ts';
import { isPlainObject } from './deep.ts';
import type { KubeObject } from './objects.ts';
import { base64OfText } from '../base64.ts';
import { defaultWebhookConfiguration } from './webhook-configurations.ts';

type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
	const cur = parent[key];
	if (isPlainObject(cur)) return cur;
	const fresh: Obj = {};
	parent[key] = fresh;
	return fresh;
}

function setDefault(o: Obj, key: string, value: unknown): void {
	if (o[key] === undefined) o[key] = value;
}

/** `Always` for `:latest` or untagged images, otherwise `IfNotPresent`. */
export function defaultPullPolicy(image: string): string {
	const afterSlash = image.slice(image.lastIndexOf('/') + 1);
	if (image.includes('@')) return 'IfNotPresent';
	const colon = afterSlash.lastIndexOf(':');
	const tag = colon < 0 ? '' : afterSlash.slice(colon + 1);
	return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * `mirror`: a static pod's mirror, which the ServiceAccount admission plugin leaves without one.
 * `probes`: false for a workload's pod template (see defaultTemplateOwner).
 */
export function defaultPodSpec(spec: Obj, mirror = false, probes = true): void {
	setDefault(spec, 'restartPolicy', 'Always');
	setDefault(spec, 'dnsPolicy', 'ClusterFirst');
	setDefault(spec, 'schedulerName', 'default-scheduler');
	setDefault(spec, 'terminationGracePeriodSeconds', 30);
	setDefault(spec, 'securityContext', {});
	if (spec.serviceAccountName === undefined && typeof spec.serviceAccount === 'string')
		spec.serviceAccountName = spec.serviceAccount;
	if (!mirror) {
		setDefault(spec, 'serviceAccountName', 'default');
		spec.serviceAccount = spec.serviceAccountName;
	}
	const containers = [
		...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
		...(Array.isArray(spec.containers) ? spec.containers : [])
	];
	for (const c of containers) {
		if (!isPlainObject(c)) continue;
		if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
		setDefault(c, 'resources', {});
		setDefault(c, 'terminationMessagePath', '/dev/termination-log');
		setDefault(c, 'terminationMessagePolicy', 'File');
		for (const p of Array.isArray(c.ports) ? c.ports : [])
			if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
		if (probes)
			for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'])
				if (isPlainObject(c[key])) defaultProbe(c[key]);
	}
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction (pkg/apis/core/v1/defaults.go). */
function defaultProbe(probe: Obj): void {
	setDefault(probe, 'timeoutSeconds', 1);
	setDefault(probe, 'periodSeconds', 10);
	setDefault(probe, 'successThreshold', 1);
	setDefault(probe, 'failureThreshold', 3);
	if (isPlainObject(probe.httpGet)) {
		if (probe.httpGet.path === undefined || probe.httpGet.path === '') probe.httpGet.path = '/';
		setDefault(probe.httpGet, 'scheme', 'HTTP');
	}
	// GRPCAction.service is `+default=""` (zz_generated.defaults.go).
	if (isPlainObject(probe.grpc)) setDefault(probe.grpc, 'service', '');
}

function defaultTemplateOwner(o: KubeObject, deployment: boolean): void {
	const spec = obj(o, 'spec');
	setDefault(spec, 'replicas', 1);
	if (deployment) {
		setDefault(spec, 'strategy', {
			type: 'RollingUpdate',
			rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }
		});
		setDefault(spec, 'revisionHistoryLimit', 10);
		setDefault(spec, 'progressDeadlineSeconds', 600);
	}
	const template = obj(spec, 'template');
	obj(template, 'metadata');
	// Simplified: a template's probes are not defaulted (its pods' are), since defaulting them
	// would move the pod-template-hash of istiod, CoreDNS and injected workloads (README).
	defaultPodSpec(obj(template, 'spec'), false, false);
}

/** apps/v1 DaemonSet defaults (`SetDefaults_DaemonSet`): RollingUpdate, one node at a time. */
function defaultDaemonSet(o: KubeObject): void {
	const spec = obj(o, 'spec');
	setDefault(spec, 'updateStrategy', {
		type: 'RollingUpdate',
		rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }
	});
	setDefault(spec, 'revisionHistoryLimit', 10);
	const template = obj(spec, 'template');
	obj(template, 'metadata');
	defaultPodSpec(obj(template, 'spec'), false, false);
}

function defaultService(o: KubeObject): void {
	const spec = obj(o, 'spec');
	setDefault(spec, 'type', 'ClusterIP');
	setDefault(spec, 'sessionAffinity', 'None');
	if (spec.type !== 'ExternalName') {
		setDefault(spec, 'internalTrafficPolicy', 'Cluster');
		setDefault(spec, 'ipFamilies', ['IPv4']);
		setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
	}
	for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
		if (!isPlainObject(p)) continue;
		setDefault(p, 'protocol', 'TCP');
		setDefault(p, 'targetPort', p.port);
	}
	setDefault(o, 'status', { loadBalancer: {} });
}

/**
 * networking/v1 SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort: every port's
 * protocol is TCP unless given; without policyTypes a policy is Ingress, plus Egress when it
 * has egress rules.
 */
function defaultNetworkPolicy(o: KubeObject): void {
	const spec = obj(o, 'spec');
	for (const dir of ['ingress', 'egress'])
		for (const rule of Array.isArray(spec[dir]) ? spec[dir] : [])
			for (const p of isPlainObject(rule) && Array.isArray(rule.ports) ? rule.ports : [])
				if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
	const types = spec.policyTypes;
	if (Array.isArray(types) && types.length > 0) return;
	const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
	spec.policyTypes = egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/**
 * A Secret's `stringData` is write-only: the v1 → internal conversion writes each value into
 * `data`, base64, over a key of the same name (pkg/apis/core/v1/conversion.go
 * Convert_v1_Secret_To_core_Secret), so it is never stored or read back.
 */
function mergeStringData(secret: Obj): void {
	const strings = secret['stringData'];
	if (typeof strings !== 'object' || strings === null) return;
	const data = obj(secret, 'data');
	for (const [k, v] of Object.entries(strings)) {
		data[k] = base64OfText(String(v));
	}
	delete secret['stringData'];
}

/** Fills defaults in place; runs on create and on every update, like the real server. */
export function applyDefaults(type: ResourceType, o: KubeObject): void {
	switch (`${type.group}/${type.kind}`) {
		case '/Namespace': {
			const labels = (o.metadata.labels ??= {});
			labels['kubernetes.io/metadata.name'] = o.metadata.name;
			setDefault(obj(o, 'spec'), 'finalizers', ['kubernetes']);
			setDefault(obj(o, 'status'), 'phase', 'Active');
			break;
		}
		case '/Pod':
			defaultPodSpec(
				obj(o, 'spec'),
				o.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined
			);
			setDefault(obj(o, 'status'), 'phase', 'Pending');
			break;
		case '/Service':
			defaultService(o);
			break;
		case '/Secret':
			// SetDefaults_Secret.
			setDefault(o as unknown as Obj, 'type', 'Opaque');
			mergeStringData(o as unknown as Obj);
			break;
		case 'apps/Deployment':
			defaultTemplateOwner(o, true);
			break;
		case 'apps/ReplicaSet':
			defaultTemplateOwner(o, false);
			break;
		case 'apps/DaemonSet':
			defaultDaemonSet(o);
			break;
		case 'batch/CronJob': {
			defaultCronJob(o);
			const template = obj(obj(obj(obj(o, 'spec'), 'jobTemplate'), 'spec'), 'template');
			obj(template, 'metadata');
			defaultPodSpec(obj(template, 'spec'), false, false);
			break;
		}
		case 'batch/Job': {
			defaultJob(o);
			const template = obj(obj(o, 'spec'), 'template');
			obj(template, 'metadata');
			defaultPodSpec(obj(template, 'spec'), false, false);
			break;
		}
		case 'networking.k8s.io/NetworkPolicy':
			defaultNetworkPolicy(o);
			break;
		case 'admissionregistration.k8s.io/MutatingWebhookConfiguration':
		case 'admissionregistration.k8s.io/ValidatingWebhookConfiguration':
			defaultWebhookConfiguration(o, type.kind === 'MutatingWebhookConfiguration');
			break;
	}
}
