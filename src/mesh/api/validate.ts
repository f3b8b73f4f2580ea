/**
 * Object validation, mirroring `pkg/apis/core/validation` and `pkg/apis/apps/validation`: only
 * the rules a learner can trip over, each with the server's wording. Returns field errors; the
 * store turns them into one Invalid status and leaves itself unchanged.
 */
import { validateCronJob, validateJob } from './job.ts';
import type { ResourceType } from './api-server.ts';
import { deepEqual, isPlainObject } from './deep.ts';
import {
	duplicate,
	forbidden,
	invalid,
	notSupported,
	required,
	tooLong,
	type FieldError
} from './field-errors.ts';
import {
	isDns1035Label,
	isDns1123Label,
	isDns1123Subdomain,
	isQualifiedName,
	isValidLabelValue
} from './names.ts';
import type { KubeObject } from './objects.ts';
import { validateCrd } from './crd.ts';
import { plainUpdateErrors, subresourceErrors } from './ephemeral-containers.ts';
import { selectorMatches } from './selectors.ts';
import { validateNetworkPolicySpec } from './validate-networkpolicy.ts';
import { validateWebhookConfiguration } from './webhook-configurations.ts';

type Obj = Record<string, unknown>;

const asObj = (x: unknown): Obj => (isPlainObject(x) ? x : {});
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** Which name rule a kind's `metadata.name` follows. */
function nameRule(type: ResourceType): (v: string) => string[] {
	if (type.group !== '') return isDns1123Subdomain;
	if (type.kind === 'Namespace') return isDns1123Label;
	if (type.kind === 'Service') return isDns1035Label;
	return isDns1123Subdomain;
}

/** apimachinery's TotalAnnotationSizeLimitB: keys and values together. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateMetadata(type: ResourceType, obj: KubeObject): FieldError[] {
	const errs: FieldError[] = [];
	const name = obj.metadata.name;
	if (!name) errs.push(required('metadata.name', 'name or generateName is required'));
	else for (const e of nameRule(type)(name)) errs.push(invalid('metadata.name', name, e));
	errs.push(...validateLabels(obj.metadata.labels, 'metadata.labels'));
	let annotationBytes = 0;
	for (const [key, value] of Object.entries(asObj(obj.metadata.annotations))) {
		for (const e of isQualifiedName(key.toLowerCase()))
			errs.push(invalid('metadata.annotations', key, e));
		annotationBytes += key.length + (typeof value === 'string' ? value.length : 0);
	}
	if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT)
		errs.push(tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT));
	return errs;
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
	const errs: FieldError[] = [];
	if (labels === undefined || labels === null) return errs;
	for (const [k, v] of Object.entries(asObj(labels))) {
		for (const e of isQualifiedName(k)) errs.push(invalid(path, k, e));
		if (typeof v !== 'string') errs.push(invalid(path, v, 'must be a string'));
		else for (const e of isValidLabelValue(v)) errs.push(invalid(path, v, e));
	}
	return errs;
}

function validPort(n: unknown): boolean {
	return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * validation.go validateProbe/validateHandler: exactly one handler; liveness and startup probes
 * need `successThreshold: 1`. gRPC probes are refused: the playground's apps serve no gRPC
 * health service (README, Simplified).
 */
function validateProbe(probe: Obj, path: string, successOne: boolean): FieldError[] {
	const errs: FieldError[] = [];
	const set = HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
	if (set.length === 0) errs.push(required(path, 'must specify a handler type'));
	for (const h of set.slice(1))
		errs.push(forbidden(`${path}.${h}`, 'may not specify more than 1 handler type'));
	if (set.includes('grpc'))
		errs.push(
			forbidden(
				`${path}.grpc`,
				'gRPC probes are not simulated in the playground (use httpGet, tcpSocket or exec)'
			)
		);
	const threshold = probe.successThreshold;
	if (successOne && threshold !== undefined && threshold !== 1)
		errs.push(invalid(`${path}.successThreshold`, threshold, 'must be 1'));
	return errs;
}

export function validatePodSpec(spec: unknown, path: string): FieldError[] {
	const errs: FieldError[] = [];
	const containers = asArray(asObj(spec).containers);
	if (containers.length === 0) errs.push(required(`${path}.containers`));
	const seen = new Set<string>();
	containers.forEach((raw, i) => {
		const c = asObj(raw);
		const p = `${path}.containers[${i}]`;
		const name = c.name;
		if (typeof name !== 'string' || name === '') errs.push(required(`${p}.name`));
		else {
			for (const e of isDns1123Label(name)) errs.push(invalid(`${p}.name`, name, e));
			if (seen.has(name)) errs.push(duplicate(`${p}.name`, name));
			seen.add(name);
		}
		if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(required(`${p}.image`));
		asArray(c.ports).forEach((port, j) => {
			const cp = asObj(port).containerPort;
			if (cp === undefined) errs.push(required(`${p}.ports[${j}].containerPort`));
			else if (!validPort(cp)) errs.push(invalid(`${p}.ports[${j}].containerPort`, cp, PORT_RANGE));
		});
		for (const [field, one] of [
			['livenessProbe', true],
			['readinessProbe', false],
			['startupProbe', true]
		] as const)
			if (c[field] !== undefined && c[field] !== null)
				errs.push(...validateProbe(asObj(c[field]), `${p}.${field}`, one));
		// As Go decodes them, a `null` entry is an empty struct: its required fields are missing.
		asArray(c.volumeMounts).forEach((raw, j) => {
			const m = asObj(raw);
			if (typeof m.name !== 'string' || m.name === '')
				errs.push(required(`${p}.volumeMounts[${j}].name`));
			if (typeof m.mountPath !== 'string' || m.mountPath === '')
				errs.push(required(`${p}.volumeMounts[${j}].mountPath`));
		});
	});
	// mirrors ValidateTolerations: an empty key matches everything only with operator Exists.
	asArray(asObj(spec).tolerations).forEach((raw, i) => {
		const t = asObj(raw);
		if ((t.key === undefined || t.key === '') && t.operator !== 'Exists')
			errs.push(
				invalid(
					`${path}.tolerations[${i}].operator`,
					t.operator ?? '',
					'operator must be Exists when `key` is empty, which means "match all values and all keys"'
				)
			);
	});
	return errs;
}

function validateTemplateOwner(obj: Obj, old: Obj | undefined, kindLabel: string): FieldError[] {
	const errs: FieldError[] = [];
	const spec = asObj(obj.spec);
	const replicas = spec.replicas;
	if (
		replicas !== undefined &&
		(typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas))
	)
		errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
	const selector = spec.selector;
	const template = asObj(spec.template);
	const labels = asObj(asObj(template.metadata).labels);
	if (selector === undefined || selector === null) errs.push(required('spec.selector'));
	else if (
		Object.keys(asObj(asObj(selector).matchLabels)).length === 0 &&
		asArray(asObj(selector).matchExpressions).length === 0
	)
		errs.push(invalid('spec.selector', selector, `empty selector is invalid for ${kindLabel}`));
	else if (!selectorMatches(asObj(selector), labels as Record<string, string>))
		errs.push(
			invalid(
				'spec.template.metadata.labels',
				labels,
				'`selector` does not match template `labels`'
			)
		);
	if (old && selector !== undefined && !deepEqual(asObj(old.spec).selector, selector))
		errs.push(invalid('spec.selector', selector, 'field is immutable'));
	errs.push(
		...validateLabels(
			template.metadata === undefined ? undefined : labels,
			'spec.template.metadata.labels'
		)
	);
	errs.push(...validatePodSpec(template.spec, 'spec.template.spec'));
	return errs;
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateService(obj: Obj, old: Obj | undefined): FieldError[] {
	const errs: FieldError[] = [];
	const spec = asObj(obj.spec);
	const type = spec.type ?? 'ClusterIP';
	if (typeof type !== 'string' || !SERVICE_TYPES.includes(type))
		errs.push(notSupported('spec.type', type, SERVICE_TYPES));
	const ports = asArray(spec.ports);
	const headless = spec.clusterIP === 'None';
	if (ports.length === 0 && type !== 'ExternalName' && !headless) errs.push(required('spec.ports'));
	const names = new Set<string>();
	ports.forEach((raw, i) => {
		const p = asObj(raw);
		const path = `spec.ports[${i}]`;
		if (ports.length > 1 && (typeof p.name !== 'string' || p.name === ''))
			errs.push(required(`${path}.name`));
		if (typeof p.name === 'string' && p.name !== '') {
			if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
			names.add(p.name);
		}
		if (p.port === undefined) errs.push(required(`${path}.port`));
		else if (!validPort(p.port)) errs.push(invalid(`${path}.port`, p.port, PORT_RANGE));
		if (p.protocol !== undefined && !PROTOCOLS.includes(String(p.protocol)))
			errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
		const tp = p.targetPort;
		if (typeof tp === 'number' && !validPort(tp))
			errs.push(invalid(`${path}.targetPort`, tp, PORT_RANGE));
	});
	if (old) {
		const before = asObj(old.spec).clusterIP;
		const after = spec.clusterIP;
		if (typeof before === 'string' && before !== '' && after !== undefined && after !== before)
			errs.push(invalid('spec.clusterIPs[0]', [after], 'may not change once set'));
	}
	return errs;
}

function validateNamespaceUpdate(obj: KubeObject): FieldError[] {
	const v = obj.metadata.labels?.['kubernetes.io/metadata.name'];
	if (v !== undefined && v !== obj.metadata.name)
		return [invalid('metadata.labels', v, `must be ${obj.metadata.name}`)];
	return [];
}

/** core/validation MaxSecretSize, which ValidateConfigMap applies too. */
const MAX_DATA_SIZE = 1024 * 1024;

/** ConfigMaps and Secrets hold at most 1 MiB of data (keys and values), as the server checks. */
function validateDataSize(obj: KubeObject): FieldError[] {
	const record = obj as unknown as Obj;
	let size = 0;
	for (const field of ['data', 'binaryData', 'stringData'])
		for (const [k, v] of Object.entries(asObj(record[field])))
			size += k.length + (typeof v === 'string' ? v.length : 0);
	return size > MAX_DATA_SIZE ? [tooLong('[]', MAX_DATA_SIZE)] : [];
}

/** Every rule for `obj`; `old` is the live object on update (for immutable fields). */
export function validateObject(
	type: ResourceType,
	obj: KubeObject,
	old?: KubeObject,
	subresource?: 'ephemeralcontainers'
): FieldError[] {
	const errs = validateMetadata(type, obj);
	if (old && old.metadata.uid !== obj.metadata.uid && obj.metadata.uid)
		errs.push(invalid('metadata.uid', obj.metadata.uid, 'field is immutable'));
	const key = `${type.group}/${type.kind}`;
	switch (key) {
		case '/Pod':
			errs.push(...validatePodSpec(obj.spec, 'spec'));
			if (old && asObj(old.spec).nodeName && asObj(obj.spec).nodeName !== asObj(old.spec).nodeName)
				errs.push(
					forbidden(
						'spec',
						'pod updates may not change fields other than `spec.containers[*].image`'
					)
				);
			if (old)
				errs.push(
					...(subresource === 'ephemeralcontainers'
						? subresourceErrors(obj, old)
						: plainUpdateErrors(obj, old))
				);
			break;
		case '/Service':
			errs.push(...validateService(obj, old));
			break;
		case '/ConfigMap':
		case '/Secret':
			errs.push(...validateDataSize(obj));
			break;
		case '/Namespace':
			errs.push(...validateNamespaceUpdate(obj));
			break;
		case 'apps/Deployment':
			errs.push(...validateTemplateOwner(obj, old, 'deployment'));
			break;
		case 'apps/ReplicaSet':
			errs.push(...validateTemplateOwner(obj, old, 'replicaset'));
			break;
		case 'apps/DaemonSet':
			errs.push(...validateTemplateOwner(obj, old, 'daemonset'));
			break;
		case 'batch/Job':
			errs.push(...validateJob(obj));
			break;
		case 'batch/CronJob':
			errs.push(...validateCronJob(obj));
			break;
		case 'networking.k8s.io/NetworkPolicy':
			errs.push(...validateNetworkPolicySpec(obj.spec));
			break;
		case 'apiextensions.k8s.io/CustomResourceDefinition':
			errs.push(...validateCrd(obj));
			break;
		case 'admissionregistration.k8s.io/MutatingWebhookConfiguration':
		case 'admissionregistration.k8s.io/ValidatingWebhookConfiguration':
			errs.push(...validateWebhookConfiguration(obj, type.kind === 'MutatingWebhookConfiguration'));
			break;
	}
	return errs;
}
